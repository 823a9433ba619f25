// mutant: sends status, code and message but not the details of a 4xx HttpError; breaks 'plus details when the error has them'
/**
 * The three middleware this exercise is about. See README.md for the exact rules.
 */

import { STATUS_CODES } from 'node:http';
import { sendJson } from './framework.ts';
import type { ErrorMiddleware, Middleware, Next, Request, Response } from './framework.ts';
import { HttpError, ValidationError } from './errors.ts';
import type { FieldError } from './errors.ts';

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
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return next(new ValidationError([{ field: '', message: 'the body must be a JSON object' }]));
    }
    const record = body as Record<string, unknown>;

    // Collect every problem: a client that fixes one field per round trip hates you.
    const problems: FieldError[] = [];
    for (const [field, rule] of Object.entries(schema)) {
      const message = checkField(record[field], rule);
      if (message) problems.push({ field, message });
    }
    // Refusing unknown fields stops mass assignment ("isAdmin": true) and catches client typos.
    for (const field of Object.keys(record)) {
      if (!Object.hasOwn(schema, field)) problems.push({ field, message: 'is not an allowed field' });
    }

    if (problems.length > 0) return next(new ValidationError(problems));
    next();
  };
}

/** @returns what is wrong, or undefined when the value is fine */
function checkField(value: unknown, rule: FieldRule): string | undefined {
  if (value === undefined) return rule.required ? 'is required' : undefined;

  switch (rule.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (rule.minLength !== undefined && value.length < rule.minLength) {
        return `must be at least ${rule.minLength} characters long`;
      }
      if (rule.maxLength !== undefined && value.length > rule.maxLength) {
        return `must be at most ${rule.maxLength} characters long`;
      }
      if (rule.pattern && !rule.pattern.test(value)) return 'has an invalid format';
      return undefined;
    case 'integer':
    case 'number':
      // JSON has no integer type: "12" is a string, 12.5 is not an integer, and neither is NaN.
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a ${rule.type}`;
      if (rule.type === 'integer' && !Number.isInteger(value)) return 'must be an integer';
      if (rule.min !== undefined && value < rule.min) return `must be at least ${rule.min}`;
      if (rule.max !== undefined && value > rule.max) return `must be at most ${rule.max}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean';
    default:
      return 'has an unsupported type in the schema';
  }
}

/**
 * Wraps an async route handler so that a rejected promise (or a synchronous throw)
 * ends up in `next(err)` instead of becoming an unhandled rejection.
 */
export function asyncHandler(fn: (req: Request, res: Response, next: Next) => Promise<unknown>): Middleware {
  return (req, res, next) => {
    // The executor runs fn right away; if fn throws before its first await (a plain function
    // would), the promise rejects instead of the throw escaping. Either way we end in catch.
    new Promise((resolve) => resolve(fn(req, res, next))).catch((err: unknown) => {
      // `next(undefined)` would mean "all fine, carry on": never let a falsy reason do that.
      next(err ?? new Error('A route handler rejected without a reason'));
    });
  };
}

/**
 * The global error handler, last in the chain: every error becomes a JSON response
 * of the ErrorBody shape. Internals of server errors never reach the client; they go to `log`.
 */
export function errorHandler({ log = console.error }: { log?: (error: unknown) => void } = {}): ErrorMiddleware {
  return (err, _req, res, next) => {
    // Status and part of the body are already on the wire: we cannot take them back.
    // The framework's final handler will cut the connection so the client sees a failure.
    if (res.headersSent) {
      log(err);
      return next(err);
    }

    // Only our own HttpError is trusted to choose a status; a random object with a `status`
    // property (or a string someone threw) is treated like any other bug.
    const known = err instanceof HttpError && err.status >= 400 && err.status <= 599 ? err : undefined;
    const status = known ? known.status : 500;

    if (known && status < 500) {
      const body: ErrorBody = { error: { status, code: known.code, message: known.message } };
      return sendJson(res, status, body);
    }

    // A server error: the details are for operators (the log, with stack and cause),
    // never for the client, who only needs to know that it was not their fault.
    log(err);
    sendJson(res, status, {
      error: {
        status,
        code: known ? known.code : 'INTERNAL_ERROR',
        message: STATUS_CODES[status] ?? 'Internal Server Error',
      },
    });
  };
}
