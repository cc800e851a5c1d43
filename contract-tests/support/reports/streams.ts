// The reports written while a run goes, one exchange at a time, so that none is held in memory: NDJSON (a line per
// object, each with a `type`) and HAR 1.2 (the entries written between a fixed head and tail). Both are redacted.
import { closeSync, openSync, writeSync } from "node:fs";
import type { ExchangeRecord } from "./exchange-record.js";

/** A report that hears each exchange as it happens and is closed once at the end. */
export interface ExchangeSink {
  exchange(record: ExchangeRecord): void;
  /** `records` are further lines of the NDJSON report (the drift entries), written before its summary line. */
  close(summary: Record<string, unknown>, records?: readonly object[]): void;
}

/** NDJSON: a `run` line first, an `exchange` line per request, a `drift` line per drift entry, a `summary` line last. */
export function ndjsonSink(path: string, run: Record<string, unknown>): ExchangeSink {
  const fd = openSync(path, "w");
  const line = (value: Record<string, unknown>) => writeSync(fd, `${JSON.stringify(value)}\n`);
  line({ type: "run", ...run });
  return {
    exchange: (record) => line(record as unknown as Record<string, unknown>),
    close: (summary, records = []) => {
      for (const record of records) line(record as Record<string, unknown>);
      line({ type: "summary", ...summary });
      closeSync(fd);
    },
  };
}

const pairs = (values: Record<string, string>) => Object.entries(values).map(([name, value]) => ({ name, value }));

/** HAR 1.2, the format of browsers' network logs, which `redocly drift` and many tools read. */
export function harSink(path: string, creator: { name: string; version: string }): ExchangeSink {
  const fd = openSync(path, "w");
  writeSync(fd, `{"log":{"version":"1.2","creator":${JSON.stringify(creator)},"entries":[\n`);
  let first = true;
  return {
    exchange: (record) => {
      const url = new URL(record.request.url);
      const requestType = record.request.headers["content-type"] ?? "application/octet-stream";
      const response = record.response;
      const entry = {
        startedDateTime: record.startedAt,
        time: record.ms,
        comment: `${record.operationId}: ${record.case.name}`,
        request: {
          method: record.request.method,
          url: record.request.url,
          httpVersion: "HTTP/1.1",
          cookies: [],
          headers: pairs(record.request.headers),
          queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
          ...(record.request.body !== undefined && { postData: { mimeType: requestType, text: record.request.body } }),
          headersSize: -1,
          bodySize: record.request.body === undefined ? 0 : Buffer.byteLength(record.request.body),
        },
        response: {
          // A request that got no answer is status 0, as browsers record it.
          status: response?.status ?? 0,
          statusText: "",
          httpVersion: "HTTP/1.1",
          cookies: [],
          headers: pairs(response?.headers ?? {}),
          content: {
            size: response?.tooLarge ?? Buffer.byteLength(response?.body ?? ""),
            mimeType: response?.headers["content-type"] ?? "",
            text: response?.body ?? "",
          },
          redirectURL: "",
          headersSize: -1,
          bodySize: response?.tooLarge ?? Buffer.byteLength(response?.body ?? ""),
        },
        cache: {},
        timings: { send: 0, wait: record.ms, receive: 0 },
      };
      writeSync(fd, `${first ? "" : ",\n"}${JSON.stringify(entry)}`);
      first = false;
    },
    close: () => {
      writeSync(fd, "\n]}}\n");
      closeSync(fd);
    },
  };
}
