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

    // TODO: only GET and HEAD requests answered with a 2xx status take part in caching. For those:
    //   1. set an ETag header computed from the body (strongETag below);
    //   2. set Cache-Control to the `cacheControl` option, unless the handler set one itself
    //      (res.hasHeader() tells you);
    //   3. if the request's If-None-Match matches the ETag (ifNoneMatchMatches below), answer
    //      304 Not Modified with no body instead of the full response.
    // Everything else (POST, PUT, DELETE, 4xx, 5xx...) goes out exactly as the handler returned it.
    void cacheControl;

    res.statusCode = status;
    res.setHeader('content-length', body.length);
    res.end(body);
  };
}

/**
 * A strong validator for `body`: the same bytes always give the same ETag, different bytes a
 * different one. An ETag is an opaque string in double quotes, e.g. "3q2-7w".
 */
function strongETag(body: Buffer): string {
  // TODO: hash the body with createHash('sha256') (sha1 is fine too: this is not about security),
  // and return the digest wrapped in double quotes.
  void createHash;
  void body;
  return '';
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
  // TODO
  void header;
  void etag;
  return false;
}
