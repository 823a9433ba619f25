// @ts-check
// An HTTP endpoint that accepts webhook deliveries only when their signature
// checks out over the raw body bytes.

import { createServer } from 'node:http';
import { verify } from './signature.js';

/** The request header that carries the signature. */
export const SIGNATURE_HEADER = 'webhook-signature';

/**
 * @typedef {object} ReceiverOptions
 * @property {string} secret the secret shared with the sender
 * @property {(event: unknown) => void | Promise<void>} onEvent called once per verified delivery, with the parsed JSON
 * @property {number} [toleranceSec] passed to verify()
 * @property {() => number} [now] passed to verify()
 */

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Record<string, unknown>} body
 */
function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Collect the request body as bytes, exactly as they arrived.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
async function readRawBody(req) {
  // TODO: gather the chunks and join them into one Buffer.
  return Buffer.alloc(0);
}

/**
 * @param {ReceiverOptions} options
 * @returns {import('node:http').Server} not listening yet
 */
export function createWebhookReceiver({ secret, onEvent, toleranceSec, now }) {
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
