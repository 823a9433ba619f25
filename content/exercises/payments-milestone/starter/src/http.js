// @ts-check
// Small HTTP helpers so the exercise is about payments, not plumbing. You do not need to change this file.
import http from 'node:http';

/** An error that maps to an HTTP status and a machine-readable code. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} [message]
   */
  constructor(status, code, message = code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Reads a JSON request body (at most 64 KiB).
 * @param {http.IncomingMessage} req
 * @returns {Promise<unknown>}
 */
export async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new HttpError(413, 'body_too_large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new HttpError(400, 'invalid_json');
  }
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * POSTs a body to a URL and resolves with the response status. Rejects on network errors and when no
 * response arrives within timeoutMs: an outgoing call without a timeout can hang forever.
 *
 * @param {string} url
 * @param {string} body the exact bytes to send (already serialized)
 * @param {Record<string, string>} headers
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<{ status: number }>}
 */
export function postJson(url, body, headers, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume(); // we only need the status; drain the body so the socket is released
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
