// @ts-check
/**
 * Typed HTTP errors.
 *
 * Code anywhere in the app throws (or passes to `next`) one of these classes when a request
 * cannot be served. The global error handler turns them into a response: the class decides
 * the status and a stable, machine-readable `code` that clients can branch on.
 */

/**
 * @typedef {{ field: string, message: string }} FieldError
 * @typedef {{ code?: string, details?: unknown, cause?: unknown }} HttpErrorOptions
 */

export class HttpError extends Error {
  /**
   * @param {number} status an HTTP status code from 400 to 599
   * @param {string} message a sentence for humans
   * @param {HttpErrorOptions} [options] `code` for machines (default 'HTTP_ERROR'),
   *   `details` to show the client, `cause` the lower-level error that led here
   */
  constructor(status, message, { code = 'HTTP_ERROR', details, cause } = {}) {
    // Error keeps `cause` for us (ES2022); loggers print the whole chain, so the original
    // database error is still there for whoever investigates.
    super(message, cause === undefined ? undefined : { cause });
    // `new.target` is the class that was actually constructed, so subclasses get their own name
    // without repeating this line.
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    /** @type {unknown} */
    this.details = details;
  }
}

/** 400: the request is malformed. Default code 'BAD_REQUEST'. */
export class BadRequestError extends HttpError {
  /**
   * @param {string} [message]
   * @param {HttpErrorOptions} [options]
   */
  constructor(message = 'Bad request', options = {}) {
    super(400, message, { code: 'BAD_REQUEST', ...options });
  }
}

/** 400 with one entry per invalid field. Code 'VALIDATION_FAILED'. */
export class ValidationError extends BadRequestError {
  /**
   * @param {FieldError[]} fieldErrors
   * @param {string} [message]
   */
  constructor(fieldErrors, message = 'Request body is invalid') {
    super(message, { code: 'VALIDATION_FAILED', details: fieldErrors });
  }
}

/** 404: the resource does not exist. Code 'NOT_FOUND'. */
export class NotFoundError extends HttpError {
  /**
   * @param {string} [message]
   * @param {HttpErrorOptions} [options]
   */
  constructor(message = 'Not found', options = {}) {
    super(404, message, { code: 'NOT_FOUND', ...options });
  }
}

/** 409: the request conflicts with the current state, e.g. a duplicate email. Code 'CONFLICT'. */
export class ConflictError extends HttpError {
  /**
   * @param {string} [message]
   * @param {HttpErrorOptions} [options]
   */
  constructor(message = 'Conflict', options = {}) {
    super(409, message, { code: 'CONFLICT', ...options });
  }
}
