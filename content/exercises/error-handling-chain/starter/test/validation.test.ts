import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.ts';
import { ValidationError } from '../src/errors.ts';
import type { Request, Response } from '../src/framework.ts';
import { validateBody } from '../src/middleware.ts';
import type { Schema } from '../src/middleware.ts';

let server: http.Server;
let base = '';

before(async () => {
  server = http.createServer(createApp({ log: () => {} }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address() as AddressInfo;
  base = `http://127.0.0.1:${address.port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(() => resolve(undefined)));
});

/** POSTs a JSON body and returns the status and parsed JSON (or undefined). */
async function postUser(body: unknown) {
  let res;
  try {
    res = await fetch(`${base}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(2000),
    });
  } catch (cause) {
    throw new Error('POST /users got no response within 2 s: an error was probably lost on the way to the error handler', { cause });
  }
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

function fieldsOf(json: any): unknown[] {
  const details = json?.error?.details;
  assert.ok(Array.isArray(details), `a 400 should carry error.details as an array of { field, message }, got ${JSON.stringify(json)}`);
  return details.map((d: any) => d.field);
}

test('a valid body passes validation and the user is created', { timeout: 5000 }, async () => {
  const res = await postUser({ email: 'ada@example.com', name: 'Ada', age: 36 });
  assert.equal(res.status, 201, `a valid body should create the user (201), got ${res.status}: ${res.text}`);
  assert.equal(res.json?.email, 'ada@example.com', 'the created user should be returned');
});

test('an invalid body is answered 400 with every invalid field listed', { timeout: 5000 }, async () => {
  const res = await postUser({ email: 'not-an-email', age: 12.5 });
  assert.equal(res.status, 400, `missing and malformed fields should give 400, got ${res.status}: ${res.text}`);
  assert.equal(res.json?.error?.code, 'VALIDATION_FAILED', "the error code should be 'VALIDATION_FAILED'");
  const fields = fieldsOf(res.json);
  for (const field of ['email', 'name', 'age']) {
    assert.ok(fields.includes(field), `details should name '${field}' (collect all problems, not just the first), got ${JSON.stringify(fields)}`);
  }

  const wrongTypes = await postUser({ email: 'bob@example.com', name: 42, age: '40' });
  assert.equal(wrongTypes.status, 400, 'a number where a string is expected (and the reverse) should give 400');
  const typeFields = fieldsOf(wrongTypes.json);
  assert.ok(typeFields.includes('name') && typeFields.includes('age'), `details should name 'name' and 'age', got ${JSON.stringify(typeFields)}`);
  assert.ok(!typeFields.includes('email'), 'a valid field should not be reported');
});

test('unknown fields and bodies that are not objects are rejected', { timeout: 5000 }, async () => {
  const extra = await postUser({ email: 'eve@example.com', name: 'Eve', isAdmin: true });
  assert.equal(extra.status, 400, 'an unknown field (here isAdmin) should be refused: that is how mass assignment is stopped');
  assert.ok(fieldsOf(extra.json).includes('isAdmin'), "details should name the unknown field 'isAdmin'");

  for (const body of [['ada@example.com'], null, 'ada@example.com']) {
    const res = await postUser(body);
    assert.equal(res.status, 400, `a body of ${JSON.stringify(body)} is not an object and should give 400, got ${res.status}`);
    assert.equal(res.json?.error?.code, 'VALIDATION_FAILED', `a body of ${JSON.stringify(body)} should fail validation`);
  }
});

test('validateBody applies every kind of rule a schema can state', () => {
  const schema: Schema = {
    code: { type: 'string', required: true, minLength: 2, maxLength: 4, pattern: /^[a-z]+$/ },
    ratio: { type: 'number', min: 0, max: 1 },
    count: { type: 'integer', min: 1, max: 3 },
    active: { type: 'boolean' },
  };
  /** Runs the middleware on a body and returns the fields it rejected (an empty list when it called next()). */
  const rejected = (body: unknown): unknown[] => {
    const seen: unknown[] = [];
    validateBody(schema)({ body } as Request, {} as Response, (err?: unknown) => { seen.push(err); });
    assert.equal(seen.length, 1, `validateBody should call next exactly once for ${JSON.stringify(body)}`);
    const [err] = seen;
    if (err === undefined) return [];
    assert.ok(err instanceof ValidationError, `an invalid body should go to next(new ValidationError(...)), got ${String(err)}`);
    return (err.details as Array<{ field: string }>).map((d) => d.field).sort();
  };

  assert.deepEqual(rejected({ code: 'abc' }), [], 'a body with the required field and nothing else is valid: optional fields may be left out');
  assert.deepEqual(rejected({ code: 'ab', ratio: 0.5, count: 3, active: false }), [], 'every field at a valid value passes');
  assert.deepEqual(rejected({ code: 'a' }), ['code'], 'shorter than minLength');
  assert.deepEqual(rejected({ code: 'abcde' }), ['code'], 'longer than maxLength');
  assert.deepEqual(rejected({ code: 'AB1' }), ['code'], 'a string that does not match the pattern');
  assert.deepEqual(rejected({ code: 'ab', ratio: 1.5 }), ['ratio'], 'a number above max');
  assert.deepEqual(rejected({ code: 'ab', ratio: -0.1 }), ['ratio'], 'a number below min');
  assert.deepEqual(rejected({ code: 'ab', ratio: '0.5' }), ['ratio'], 'a numeric string is not a number');
  assert.deepEqual(rejected({ code: 'ab', count: 0 }), ['count'], 'an integer below min');
  assert.deepEqual(rejected({ code: 'ab', count: 4 }), ['count'], 'an integer above max');
  assert.deepEqual(rejected({ code: 'ab', count: 2.5 }), ['count'], 'a fraction is not an integer');
  assert.deepEqual(rejected({ code: 'ab', active: 'true' }), ['active'], "the string 'true' is not a boolean");
  assert.deepEqual(rejected({ code: 'ab', active: 1 }), ['active'], '1 is not a boolean');
  assert.deepEqual(rejected({ ratio: 2, count: 9, active: 'no' }), ['active', 'code', 'count', 'ratio'], 'every problem at once, including the missing required field');
});
