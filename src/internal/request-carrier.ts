// What openapi-fetch hands the transport for messages.send, instead of the runtime's Request: building an undici
// Request costs about 40 µs per call in Node, the largest single cost of a send on loopback (`npm run bench`).
// openapi-fetch takes the class through its documented `Request` option; the transport reads only these fields.

/** A request as openapi-fetch built it: URL, method, headers and the serialised body. */
export class RequestCarrier {
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;

  constructor(
    readonly url: string,
    init: RequestInit = {},
  ) {
    this.method = init.method ?? "GET";
    // openapi-fetch passes the Headers it merged for this call alone; copying them would cost another Headers.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
  }
}
