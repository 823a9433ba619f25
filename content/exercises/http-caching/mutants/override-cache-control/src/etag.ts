// mutant: always sets the cacheControl option, overwriting the handler's private, no-store; breaks rule 2 (keep the handler's Cache-Control)
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler returns. The wrapper turns it into the real HTTP response. */
export interface Reply {
  /** default 200 */
  status?: number;
  /** e.g. { 'content-type': 'application/json' } */
  headers?: Record<string, string>;
  /** default empty */
  body?: string | Buffer;
}

/** A route handler: looks at the request, returns what to answer. */
export type Handler = (req: IncomingMessage) => Reply | Promise<Reply>;

export interface ETagOptions {
  /** the Cache-Control value for cacheable responses (default 'no-cache') */
  cacheControl?: string;
}

/**
 * Turns a route handler into a node:http request listener that adds ETags, Cache-Control and
 * 304 Not Modified answers:
 *
 *   http.createServer(withETag(handler, { cacheControl: 'public, max-age=60' }))
 */
export function withETag(handler: Handler, { cacheControl = 'no-cache' }: ETagOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let reply: Reply;
    try {
      reply = await handler(req);
    } catch {
      reply = { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Internal Server Error' };
    }
    const status = reply.status ?? 200;
    const body = Buffer.from(reply.body ?? '');
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);

    // Only safe reads of a resource that exists have a "current version" a client can hold on to.
    // A POST must run whatever the client has cached, and an error page is not a version of anything.
    const cacheable = (req.method === 'GET' || req.method === 'HEAD') && status >= 200 && status < 300;

    if (cacheable) {
      const etag = strongETag(body);
      res.setHeader('etag', etag);
      // The handler knows best: '/me' says "private, no-store", and a blanket "public" would let
      // a CDN hand one user's data to everybody.
      res.setHeader('cache-control', cacheControl);

      if (ifNoneMatchMatches(req.headers['if-none-match'], etag)) {
        // The client's copy is current. We still computed the whole body to hash it, so a 304 saves
        // bandwidth and the client's parsing, not our work. The validators (ETag, Cache-Control) stay,
        // the body and the headers that describe it go.
        res.removeHeader('content-type');
        res.removeHeader('content-length');
        res.statusCode = 304;
        res.end();
        return;
      }
    }

    res.statusCode = status;
    res.setHeader('content-length', body.length);
    res.end(body); // for HEAD, node:http sends the headers and drops the body
  };
}

/**
 * A strong validator for `body`: the same bytes always give the same ETag, different bytes a
 * different one. An ETag is an opaque string in double quotes, e.g. "3q2-7w".
 */
function strongETag(body: Buffer): string {
  // A content hash is strong by construction: byte-for-byte identical bodies, identical tags.
  // 27 base64url characters (160 bits) are plenty to make an accidental collision irrelevant.
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  return `"${digest}"`;
}

/**
 * Does an If-None-Match request header match the current ETag?
 * - `*` matches any current representation;
 * - otherwise the header is a comma-separated list of ETags, and one match is enough;
 * - comparison is weak: W/"abc" and "abc" are the same tag for this purpose.
 *
 * @param header the raw If-None-Match header, if any
 * @param etag the current ETag, e.g. "abc"
 */
function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  // Pick out each entity-tag, `"…"` with an optional W/ prefix. Matching the quoted strings instead
  // of splitting on commas also copes with stray spaces (and with commas inside a tag, which the
  // grammar allows).
  const tags = header.match(/(?:W\/)?"[^"]*"/g) ?? [];
  const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return tags.some((tag) => opaque(tag) === opaque(etag));
}
