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
  constructor(status, message, options = {}) {
    super(message);
    // TODO: keep `status`, `code` and `details` from the arguments, and hand `cause` to Error
    //       (look at the second parameter of the Error constructor) so it is not lost.
    // TODO: set `name` to the name of the actual class, so a log says "NotFoundError".
    /** @type {number} */
    this.status = 500;
    /** @type {string} */
    this.code = 'HTTP_ERROR';
    /** @type {unknown} */
    this.details = undefined;
  }
}

/** 400: the request is malformed. Default code 'BAD_REQUEST'. */
export class BadRequestError extends HttpError {
  /**
   * @param {string} [message]
   * @param {HttpErrorOptions} [options]
   */
  constructor(message = 'Bad request', options = {}) {
    // TODO: status 400, code 'BAD_REQUEST' unless options.code says otherwise.
    super(500, message, options);
  }
}

/** 400 with one entry per invalid field. Code 'VALIDATION_FAILED'. */
export class ValidationError extends BadRequestError {
  /**
   * @param {FieldError[]} fieldErrors
   * @param {string} [message]
   */
  constructor(fieldErrors, message = 'Request body is invalid') {
    // TODO: code 'VALIDATION_FAILED', and the field errors as `details`.
    super(message);
  }
}

/** 404: the resource does not exist. Code 'NOT_FOUND'. */
export class NotFoundError extends HttpError {
  /**
   * @param {string} [message]
   * @param {HttpErrorOptions} [options]
   */
  constructor(message = 'Not found', options = {}) {
    // TODO
    super(500, message, options);
  }
}

/** 409: the request conflicts with the current state, e.g. a duplicate email. Code 'CONFLICT'. */
export class ConflictError extends HttpError {
  /**
   * @param {string} [message]
   * @param {HttpErrorOptions} [options]
   */
  constructor(message = 'Conflict', options = {}) {
    // TODO
    super(500, message, options);
  }
}
