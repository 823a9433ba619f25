/**
 * The three middleware this exercise is about. See README.md for the exact rules.
 */

import type { ErrorMiddleware, Middleware, Next, Request, Response } from './framework.ts';
// You will need these once you start:
// import { STATUS_CODES } from 'node:http';
// import { sendJson } from './framework.ts';
// import { HttpError, ValidationError } from './errors.ts';
// import type { FieldError } from './errors.ts';

export interface FieldRule {
  type: 'string' | 'integer' | 'number' | 'boolean';
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  min?: number;
  max?: number;
}

export type Schema = Record<string, FieldRule>;

/** The JSON every error response carries. */
export interface ErrorBody {
  error: { status: number, code: string, message: string, details?: unknown };
}

/**
 * Checks `req.body` against `schema`. A valid body goes on with `next()`; an invalid one
 * goes to `next(new ValidationError([...]))` with one entry per problem.
 */
export function validateBody(schema: Schema): Middleware {
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
 */
export function asyncHandler(fn: (req: Request, res: Response, next: Next) => Promise<unknown>): Middleware {
  // TODO: compose ignores the promise fn returns. Catch its rejection and call next with it.
  return fn;
}

/**
 * The global error handler, last in the chain: every error becomes a JSON response
 * of the ErrorBody shape. Internals of server errors never reach the client; they go to `log`.
 */
export function errorHandler({ log = console.error }: { log?: (error: unknown) => void } = {}): ErrorMiddleware {
  return (err, _req, _res, next) => {
    // TODO: an HttpError below 500 → its status, code, message (and details, if any).
    // TODO: anything else (a bug, a database outage, a 5xx HttpError, an object that merely
    //       has a `status`) → log it, and answer with a generic message that reveals nothing.
    // TODO: if the response has already started (res.headersSent), leave it to next(err).
    void log;
    next(err);
  };
}
