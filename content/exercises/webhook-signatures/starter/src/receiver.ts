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
 * Collect the request body as bytes, exactly as they arrived.
 */
async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  // TODO: gather the chunks and join them into one Buffer.
  return Buffer.alloc(0);
}

/**
 * @returns not listening yet
 */
export function createWebhookReceiver({ secret, onEvent, toleranceSec, now }: ReceiverOptions): Server {
  return createServer(async (req, res) => {
    // TODO:
    // - read the raw body and verify it against req.headers[SIGNATURE_HEADER]
    // - unparseable header (or none) → 400; mismatch or stale → 401
    // - verified but not JSON → 400
    // - otherwise await onEvent(parsed JSON) and answer 200
    //   (if onEvent throws, answer 500 so the sender retries)
    reply(res, 501, { error: 'not implemented' });
  });
}
