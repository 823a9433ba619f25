// An HTTP endpoint that accepts webhook deliveries only when their signature
// checks out over the raw body bytes.

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { verify } from './signature.ts';

/** The request header that carries the signature. */
export const SIGNATURE_HEADER = 'webhook-signature';

export interface ReceiverOptions {
  /** The secret shared with the sender. */
  secret: string;
  /** Called once per verified delivery, with the parsed JSON. */
  onEvent: (event: unknown) => void | Promise<void>;
  /** Passed to verify(). */
  toleranceSec?: number;
  /** Passed to verify(). */
  now?: () => number;
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Collect the body as bytes. Decoding each chunk to a string on its own would
 * break a multi-byte character split across two chunks, and then the HMAC
 * would be computed over different bytes than the sender signed.
 */
async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * @returns not listening yet
 */
export function createWebhookReceiver({ secret, onEvent, toleranceSec, now }: ReceiverOptions): Server {
  return createServer(async (req, res) => {
    try {
      const rawBody = await readRawBody(req);
      const result = verify(rawBody, req.headers[SIGNATURE_HEADER]?.toString(), secret, { toleranceSec, now });

      if (!result.ok) {
        // A header we cannot parse is a client error; a parsed one that does
        // not match, or that is too old, is a failed authentication.
        const status = result.reason === 'malformed' ? 400 : 401;
        return reply(res, status, { error: result.reason });
      }

      // Parse only now, and only the bytes we verified. Never verify a
      // re-serialized JSON.stringify(JSON.parse(body)): whitespace, key order
      // and number formatting would differ from what the sender signed.
      let event;
      try {
        event = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return reply(res, 400, { error: 'invalid JSON' });
      }

      await onEvent(event);
      reply(res, 200, { received: true });
    } catch {
      // Our own failure: a 5xx tells the sender to deliver again later.
      if (!res.headersSent) reply(res, 500, { error: 'internal error' });
      else res.destroy();
    }
  });
}
