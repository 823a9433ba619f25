import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadRequestError,
  ConflictError,
  HttpError,
  NotFoundError,
  ValidationError,
} from '../src/errors.ts';

test('HttpError carries status, code, details and cause', () => {
  const cause = new Error('low-level failure');
  const err = new HttpError(418, 'I am a teapot', { code: 'TEAPOT', details: { brew: 'tea' }, cause });
  assert.ok(err instanceof Error, 'an HttpError must still be an Error, so stack traces and loggers work');
  assert.equal(err.status, 418, 'status should be the one passed to the constructor');
  assert.equal(err.code, 'TEAPOT', 'code should be options.code when given');
  assert.deepEqual(err.details, { brew: 'tea' }, 'details should be options.details');
  assert.equal(err.cause, cause, 'the cause should be kept (Error supports { cause }) so logs show the root problem');
  assert.equal(err.message, 'I am a teapot');
  assert.equal(new HttpError(400, 'x').code, 'HTTP_ERROR', "code should default to 'HTTP_ERROR'");
});

test('each subclass has its own status, code and name', () => {
  const cases: Array<[HttpError, new (...args: any[]) => HttpError, number, string, string]> = [
    [new BadRequestError('bad'), BadRequestError, 400, 'BAD_REQUEST', 'BadRequestError'],
    [new NotFoundError('missing'), NotFoundError, 404, 'NOT_FOUND', 'NotFoundError'],
    [new ConflictError('taken'), ConflictError, 409, 'CONFLICT', 'ConflictError'],
  ];
  for (const [err, Class, status, code, name] of cases) {
    assert.ok(err instanceof Class && err instanceof HttpError, `${name} should be an HttpError`);
    assert.equal(err.status, status, `${name} should have status ${status}`);
    assert.equal(err.code, code, `${name} should have code ${code}`);
    assert.equal(err.name, name, `${name}.name should be "${name}" so logs say what went wrong`);
  }

  const fields = [{ field: 'email', message: 'is required' }];
  const invalid = new ValidationError(fields);
  assert.ok(invalid instanceof BadRequestError, 'a ValidationError is a kind of BadRequestError');
  assert.equal(invalid.status, 400, 'a ValidationError should have status 400');
  assert.equal(invalid.code, 'VALIDATION_FAILED', "a ValidationError should have code 'VALIDATION_FAILED'");
  assert.deepEqual(invalid.details, fields, 'a ValidationError should carry the field errors as details');
  assert.equal(invalid.name, 'ValidationError');
});
