/**
 * Typed HTTP errors.
 *
 * Code anywhere in the app throws (or passes to `next`) one of these classes when a request
 * cannot be served. The global error handler turns them into a response: the class decides
 * the status and a stable, machine-readable `code` that clients can branch on.
 */

export interface FieldError {
  field: string;
  message: string;
}

export interface HttpErrorOptions {
  /** for machines; default 'HTTP_ERROR' */
  code?: string;
  /** to show the client */
  details?: unknown;
  /** the lower-level error that led here */
  cause?: unknown;
}

export class HttpError extends Error {
  status: number;
  code: string;
  details: unknown;

  /**
   * @param status an HTTP status code from 400 to 599
   * @param message a sentence for humans
   */
  constructor(status: number, message: string, { code = 'HTTP_ERROR', details, cause }: HttpErrorOptions = {}) {
    // Error keeps `cause` for us (ES2022); loggers print the whole chain, so the original
    // database error is still there for whoever investigates.
    super(message, cause === undefined ? undefined : { cause });
    // `new.target` is the class that was actually constructed, so subclasses get their own name
    // without repeating this line.
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** 400: the request is malformed. Default code 'BAD_REQUEST'. */
export class BadRequestError extends HttpError {
  constructor(message = 'Bad request', options: HttpErrorOptions = {}) {
    super(400, message, { code: 'BAD_REQUEST', ...options });
  }
}

/** 400 with one entry per invalid field. Code 'VALIDATION_FAILED'. */
export class ValidationError extends BadRequestError {
  constructor(fieldErrors: FieldError[], message = 'Request body is invalid') {
    super(message, { code: 'VALIDATION_FAILED', details: fieldErrors });
  }
}

/** 404: the resource does not exist. Code 'NOT_FOUND'. */
export class NotFoundError extends HttpError {
  constructor(message = 'Not found', options: HttpErrorOptions = {}) {
    super(404, message, { code: 'NOT_FOUND', ...options });
  }
}

/** 409: the request conflicts with the current state, e.g. a duplicate email. Code 'CONFLICT'. */
export class ConflictError extends HttpError {
  constructor(message = 'Conflict', options: HttpErrorOptions = {}) {
    super(409, message, { code: 'CONFLICT', ...options });
  }
}
