// @ts-check
// Request context for node:http: every request gets an id, and any code that
// runs on behalf of that request (after awaits, in timers, in callbacks) can
// read it back without it being passed down as a parameter.

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** @typedef {{ requestId: string }} RequestContext */

/** The request header that carries the id, in both directions. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * One store for the whole process; each request's code sees its own value.
 * @type {AsyncLocalStorage<RequestContext>}
 */
const storage = new AsyncLocalStorage();

/** Incoming ids we accept as they are: short, and only these characters. */
const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of the request being handled, or undefined outside of any request.
 * @returns {string | undefined}
 */
export function getRequestId() {
  // TODO: read it from the store.
  return undefined;
}

/**
 * @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown} Handler
 */

/**
 * Wrap a node:http handler so each request runs inside its own context.
 * @param {Handler} handler
 * @param {{ generateId?: () => string }} [options]
 * @returns {Handler}
 */
export function withRequestContext(handler, { generateId = randomUUID } = {}) {
  return (req, res) => {
    // TODO:
    // 1. take req.headers[REQUEST_ID_HEADER] if it matches VALID_ID,
    //    otherwise generateId()
    // 2. set it as the REQUEST_ID_HEADER response header
    // 3. run the handler inside storage.run({ requestId }, …)
    // 4. if the handler throws or rejects, answer 500 instead of crashing
    return handler(req, res);
  };
}
