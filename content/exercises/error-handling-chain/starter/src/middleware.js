// @ts-check
/**
 * The three middleware this exercise is about. See README.md for the exact rules.
 */

// You will need these once you start:
// import { STATUS_CODES } from 'node:http';
// import { sendJson } from './framework.js';
// import { HttpError, ValidationError } from './errors.js';

/**
 * @typedef {import('./framework.js').Request} Request
 * @typedef {import('./framework.js').Response} Response
 * @typedef {import('./framework.js').Middleware} Middleware
 * @typedef {import('./framework.js').ErrorMiddleware} ErrorMiddleware
 * @typedef {import('./framework.js').Next} Next
 * @typedef {import('./errors.js').FieldError} FieldError
 *
 * @typedef {{
 *   type: 'string' | 'integer' | 'number' | 'boolean',
 *   required?: boolean,
 *   minLength?: number,
 *   maxLength?: number,
 *   pattern?: RegExp,
 *   min?: number,
 *   max?: number,
 * }} FieldRule
 * @typedef {Record<string, FieldRule>} Schema
 *
 * The JSON every error response carries:
 * @typedef {{ error: { status: number, code: string, message: string, details?: unknown } }} ErrorBody
 */

/**
 * Checks `req.body` against `schema`. A valid body goes on with `next()`; an invalid one
 * goes to `next(new ValidationError([...]))` with one entry per problem.
 * @param {Schema} schema
 * @returns {Middleware}
 */
export function validateBody(schema) {
  return (req, _res, next) => {
    // TODO: the body must be a plain JSON object (not null, not an array).
    // TODO: check every field of the schema, collect ALL the problems, not just the first.
    // TODO: fields that the schema does not know are problems too.
    void schema;
    void req;
    next();
  };
}

/**
 * Wraps an async route handler so that a rejected promise (or a synchronous throw)
 * ends up in `next(err)` instead of becoming an unhandled rejection.
 * @param {(req: Request, res: Response, next: Next) => Promise<unknown>} fn
 * @returns {Middleware}
 */
export function asyncHandler(fn) {
  // TODO: compose ignores the promise fn returns. Catch its rejection and call next with it.
  return fn;
}

/**
 * The global error handler, last in the chain: every error becomes a JSON response
 * of the ErrorBody shape. Internals of server errors never reach the client; they go to `log`.
 * @param {{ log?: (error: unknown) => void }} [options]
 * @returns {ErrorMiddleware}
 */
export function errorHandler({ log = console.error } = {}) {
  return (err, _req, _res, next) => {
    // TODO: an HttpError below 500 → its status, code, message (and details, if any).
    // TODO: anything else (a bug, a database outage, a 5xx HttpError) → log it, and answer with
    //       a generic message that reveals nothing about the server.
    // TODO: if the response has already started (res.headersSent), leave it to next(err).
    void log;
    next(err);
  };
}
