// Response headers that are never drift: they belong to HTTP itself or to whatever carries it (the connection, a
// proxy, a CDN, a browser's security and CORS rules), not to Nexor's API, and a spec that listed them would say
// nothing about Nexor. Every other header an answer carries and its documented response does not list is drift
// (a request id, rate-limit headers: exactly what the team wants to hear about). `content-type` is judged on its own,
// as a media type. `set-cookie` is here too: a load balancer's affinity cookie is infrastructure, and its value is a
// session token that no report should copy.
export const standardHeaders: ReadonlySet<string> = new Set([
  // Message framing and the connection (RFC 9110, RFC 9112).
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "date",
  "server",
  "via",
  "alt-svc",
  "content-encoding",
  "content-language",
  "content-location",
  "content-range",
  "accept-ranges",
  "allow",
  "location",
  "vary",
  "content-type",
  // Caching (RFC 9111) and validators.
  "cache-control",
  "expires",
  "pragma",
  "age",
  "etag",
  "last-modified",
  // Browser security and CORS.
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-headers",
  "access-control-allow-methods",
  "access-control-expose-headers",
  "access-control-max-age",
  "strict-transport-security",
  "content-security-policy",
  "content-security-policy-report-only",
  "x-content-type-options",
  "x-frame-options",
  "x-xss-protection",
  "x-dns-prefetch-control",
  "x-download-options",
  "x-permitted-cross-domain-policies",
  "referrer-policy",
  "permissions-policy",
  "cross-origin-opener-policy",
  "cross-origin-resource-policy",
  "cross-origin-embedder-policy",
  "origin-agent-cluster",
  "report-to",
  "reporting-endpoints",
  "nel",
  "set-cookie",
  // Frameworks and hosting that name themselves.
  "x-powered-by",
  "cf-ray",
  "cf-cache-status",
  "x-cache",
  "x-served-by",
  "x-timer",
  "x-vercel-id",
  "x-vercel-cache",
]);

/** Whether a response header (any case) is one of the standard headers above. */
export function isStandardHeader(name: string): boolean {
  return standardHeaders.has(name.toLowerCase());
}
