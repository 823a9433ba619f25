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
  constructor(status: number, message: string, options: HttpErrorOptions = {}) {
    super(message);
    // TODO: keep `status`, `code` and `details` from the arguments, and hand `cause` to Error
    //       (look at the second parameter of the Error constructor) so it is not lost.
    // TODO: set `name` to the name of the actual class, so a log says "NotFoundError".
    void status;
    void options;
    this.status = 500;
    this.code = 'HTTP_ERROR';
    this.details = undefined;
  }
}

/** 400: the request is malformed. Default code 'BAD_REQUEST'. */
export class BadRequestError extends HttpError {
  constructor(message = 'Bad request', options: HttpErrorOptions = {}) {
    // TODO: status 400, code 'BAD_REQUEST' unless options.code says otherwise.
    super(500, message, options);
  }
}

/** 400 with one entry per invalid field. Code 'VALIDATION_FAILED'. */
export class ValidationError extends BadRequestError {
  constructor(fieldErrors: FieldError[], message = 'Request body is invalid') {
    // TODO: code 'VALIDATION_FAILED', and the field errors as `details`.
    void fieldErrors;
    super(message);
  }
}

/** 404: the resource does not exist. Code 'NOT_FOUND'. */
export class NotFoundError extends HttpError {
  constructor(message = 'Not found', options: HttpErrorOptions = {}) {
    // TODO
    super(500, message, options);
  }
}

/** 409: the request conflicts with the current state, e.g. a duplicate email. Code 'CONFLICT'. */
export class ConflictError extends HttpError {
  constructor(message = 'Conflict', options: HttpErrorOptions = {}) {
    // TODO
    super(500, message, options);
  }
}
