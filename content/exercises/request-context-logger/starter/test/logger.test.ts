import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../src/logger.ts';

const opts = { timeout: 10_000 };

/**
 * A write() that collects lines, plus a parser that explains bad output.
 */
function capture() {
  const raw: string[] = [];
  return {
    write: (line: string) => {
      raw.push(line);
    },
    records(): Array<Record<string, any>> {
      return raw.map((line, i) => {
        assert.equal(typeof line, 'string', `write() should receive a string, line ${i} was ${typeof line}`);
        assert.ok(!line.trimEnd().includes('\n'), `each write() should be exactly one line, got ${JSON.stringify(line)}`);
        try {
          return JSON.parse(line);
        } catch {
          assert.fail(`each line should be valid JSON, got ${JSON.stringify(line)}`);
        }
      });
    },
  };
}

test('writes one JSON object per call, with time, level, msg, base fields and call fields', opts, () => {
  const out = capture();
  const log = createLogger({ write: out.write, base: { service: 'billing' } });
  log.info('invoice created', { invoiceId: 'in_1', amountCents: 4200 });

  const records = out.records();
  assert.equal(records.length, 1, 'one call should produce exactly one line');
  const r = records[0]!;
  assert.equal(r.level, 'info', 'the line should carry its level as a string');
  assert.equal(r.msg, 'invoice created', 'the message should be in the "msg" field');
  assert.equal(r.service, 'billing', 'base fields should appear on every line');
  assert.equal(r.invoiceId, 'in_1', 'fields passed to the call should be top-level keys, so log tools can filter on them');
  assert.equal(r.amountCents, 4200, 'numbers should stay numbers, not strings');
  assert.equal(typeof r.time, 'string', 'each line should have a "time" string');
  assert.ok(!Number.isNaN(Date.parse(r.time)), `"time" should be a parseable timestamp (ISO 8601), got ${r.time}`);
});

test('drops lines below the configured level (default "info")', opts, () => {
  const out = capture();
  const log = createLogger({ write: out.write, level: 'warn' });
  log.debug('cache miss');
  log.info('request done');
  log.warn('slow query', { ms: 2300 });
  log.error('payment failed');
  assert.deepEqual(out.records().map((r) => r.level), ['warn', 'error'], 'with level "warn", only warn and error lines should be written');

  const out2 = capture();
  const byDefault = createLogger({ write: out2.write });
  byDefault.debug('noisy detail');
  byDefault.info('useful fact');
  assert.deepEqual(out2.records().map((r) => r.msg), ['useful fact'], 'the default level should be "info": debug is dropped');
});

test('child loggers add bound fields, nest, and never change their parent', opts, () => {
  const out = capture();
  const root = createLogger({ write: out.write, base: { service: 'shop' } });
  const orders = root.child({ module: 'orders' });
  const forUser = orders.child({ userId: 7 });

  forUser.info('order placed', { orderId: 'o_1' });
  orders.info('orders module ready');
  root.info('root line');

  const [a, b, c] = out.records() as [Record<string, any>, Record<string, any>, Record<string, any>];
  assert.deepEqual(
    { service: a.service, module: a.module, userId: a.userId, orderId: a.orderId },
    { service: 'shop', module: 'orders', userId: 7, orderId: 'o_1' },
    'a grandchild should carry base, both sets of bindings and the call fields',
  );
  assert.equal(b.module, 'orders', 'the child should keep its own bindings');
  assert.equal('userId' in b, false, "a grandchild's bindings must not leak into its parent");
  assert.equal('module' in c, false, "a child's bindings must not leak into the root logger");
  assert.equal(c.service, 'shop', 'the root still has its base fields');
});

test('serializes Error values with name, message and stack (and their cause)', opts, () => {
  const out = capture();
  const log = createLogger({ write: out.write });
  const cause = new Error('connection reset');
  const err = new TypeError('card declined', { cause });
  log.error('charge failed', { err, orderId: 'o_9' });

  const r = out.records()[0]!;
  assert.equal(typeof r.err, 'object', 'the error should be logged as an object, not dropped or stringified');
  assert.equal(r.err.message, 'card declined', 'the error message must survive (JSON.stringify(new Error()) gives {})');
  assert.equal(r.err.name, 'TypeError', 'the error name should be kept');
  assert.equal(typeof r.err.stack, 'string', 'the stack is what you need at 3 a.m.: keep it');
  assert.match(r.err.stack, /card declined/, 'the stack should be the error\'s own stack');
  assert.equal(r.err.cause?.message, 'connection reset', 'an Error cause should be serialized the same way');
  assert.equal(r.orderId, 'o_9', 'other fields should still be there');
});

test('never throws, even when the fields cannot be turned into JSON', opts, () => {
  const out = capture();
  const log = createLogger({ write: out.write });
  const circular: Record<string, unknown> = { name: 'loop' };
  circular.self = circular;

  assert.doesNotThrow(() => log.warn('weird input', { circular }), 'a circular object must not make logging throw (and crash the request)');
  assert.doesNotThrow(() => log.warn('big number', { n: 10n }), 'a BigInt must not make logging throw');
  const records = out.records();
  assert.equal(records.length, 2, 'a line should still be written for each call');
  assert.deepEqual(records.map((r) => r.msg), ['weird input', 'big number'], 'the fallback line should keep at least the message');
  assert.deepEqual(records.map((r) => r.level), ['warn', 'warn'], 'and the level');
});
