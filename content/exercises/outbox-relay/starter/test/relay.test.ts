import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDatabase } from '../src/db.ts';
import type { Database } from '../src/db.ts';
import { createBroker } from '../src/broker.ts';
import { appendToOutbox, createRelay } from '../src/outbox.ts';
import type { OutboxRow, Relay } from '../src/outbox.ts';

const PUBLISHED_AT = 1_700_000_000_000;
const now = () => PUBLISHED_AT;

/** Commits one event per entry, each in its own transaction, and returns the outbox rows. */
async function addEvents(db: Database, events: Array<[topic: string, aggregateId: string]>): Promise<OutboxRow[]> {
  const rows: OutboxRow[] = [];
  for (const [topic, aggregateId] of events) {
    rows.push(await db.transaction((tx) => appendToOutbox(tx, { topic, aggregateId, payload: { topic, aggregateId } })));
  }
  return rows;
}

/** Runs the relay several times, the way its timer would, ignoring failed runs. */
async function drain(relay: Relay, runs = 6): Promise<void> {
  for (let i = 0; i < runs; i++) await relay.runOnce().catch(() => {});
}

async function unpublished(db: Database): Promise<unknown[]> {
  return (await db.select('outbox', (row) => row.publishedAt === null)).map((row) => row.eventId);
}

/** A promise the test resolves by hand. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise((resolve) => (open = () => resolve(undefined)));
  return { open, opened };
}

test('publishes unpublished rows oldest first, batchSize at a time, and marks each one published', { timeout: 10_000 }, async () => {
  const db = createDatabase();
  const broker = createBroker();
  const rows = await addEvents(db, [['order.placed', '1'], ['order.placed', '2'], ['order.paid', '1'], ['order.placed', '3'], ['order.shipped', '1']]);
  const relay = createRelay({ db, broker, batchSize: 2, now });

  assert.equal(await relay.runOnce(), 2, 'the first run should publish batchSize (2) rows and resolve with 2');
  assert.deepEqual(broker.deliveredIds(), [rows[0]!.eventId, rows[1]!.eventId], 'the first run should publish the two oldest rows, in id order, and wait for their acks');
  assert.deepEqual(
    broker.delivered[0],
    { topic: 'order.placed', message: { id: rows[0]!.eventId, key: '1', payload: { topic: 'order.placed', aggregateId: '1' } } },
    'each row is published to its topic as { id: eventId, key: aggregateId, payload }',
  );
  assert.equal(await relay.runOnce(), 2, 'the second run should publish the next 2 rows');
  assert.equal(await relay.runOnce(), 1, 'the third run should publish the last row');
  assert.equal(await relay.runOnce(), 0, 'with nothing left, a run publishes nothing');

  assert.deepEqual(broker.deliveredIds(), rows.map((r) => r.eventId), 'every row should be published exactly once, in id order');
  for (const row of await db.select('outbox')) {
    assert.equal(row.publishedAt, PUBLISHED_AT, `outbox row ${row.id} should be marked with publishedAt = now() once the broker has acknowledged it`);
  }
});

test('a failed publish is retried on the next run, and a crash between publish and mark causes a duplicate, never a loss', { timeout: 10_000 }, async () => {
  // 1. The broker is down: the message is not stored.
  {
    const db = createDatabase();
    const broker = createBroker();
    const rows = await addEvents(db, [['order.placed', '1'], ['order.placed', '2']]);
    const relay = createRelay({ db, broker, now });
    broker.failNext(1);
    await relay.runOnce().catch(() => {});
    assert.ok((await unpublished(db)).includes(rows[0]!.eventId), 'a row whose publish failed must stay unpublished (publishedAt null), or it is lost');
    await drain(relay);
    assert.deepEqual([...broker.deliveredIds()].sort(), rows.map((r) => r.eventId).sort(), 'after the broker recovers, every event should be delivered exactly once');
    assert.deepEqual(await unpublished(db), [], 'and every row should end up marked');
  }
  // 2. The broker stored the message but the ack was lost (a timeout): the relay cannot know.
  {
    const db = createDatabase();
    const broker = createBroker();
    const rows = await addEvents(db, [['order.placed', '1'], ['order.placed', '2']]);
    const relay = createRelay({ db, broker, now });
    broker.failNext(1, { afterDelivery: true });
    await drain(relay);
    const ids = broker.deliveredIds();
    assert.equal(ids.filter((id) => id === rows[0]!.eventId).length, 2, 'an unacknowledged publish must be retried, even if it means a duplicate (at-least-once)');
    assert.ok(ids.includes(rows[1]!.eventId), 'the other event must be delivered too');
    assert.deepEqual(await unpublished(db), [], 'every row should end up marked');
  }
  // 3. The broker acked, then marking the row failed (the process died, the database was unreachable).
  {
    const db = createDatabase();
    const broker = createBroker();
    const rows = await addEvents(db, [['order.placed', '1'], ['order.placed', '2']]);
    const relay = createRelay({ db, broker, now });
    db.failNext({ op: 'update', table: 'outbox' });
    await drain(relay);
    const ids = broker.deliveredIds();
    for (const row of rows) {
      assert.ok(ids.includes(row.eventId), `event ${row.id} must be delivered: when marking fails, the row is simply published again later`);
    }
    assert.ok(ids.length > rows.length, 'the row whose mark failed should have been published again (a duplicate): it must not be marked before the broker acked it');
    assert.deepEqual(await unpublished(db), [], 'every row should end up marked');
  }
});

test('rows of open or rolled-back transactions are never published, and a row that commits late is not skipped', { timeout: 10_000 }, async () => {
  const db = createDatabase();
  const broker = createBroker();
  const relay = createRelay({ db, broker, now });

  // A transaction writes its event, then stays open (a slow payment check) and finally rolls back.
  const declined = gate();
  const declinedWritten = gate();
  const rolledBack = db
    .transaction(async (tx) => {
      await appendToOutbox(tx, { topic: 'order.placed', aggregateId: 'declined', payload: {} });
      declinedWritten.open();
      await declined.opened;
      throw new Error('payment declined');
    })
    .catch(() => 'rolled back');

  // Another one writes its event (so it gets a LOWER id than the next row) and commits late.
  const slow = gate();
  const slowWritten = gate();
  const committedLate = db.transaction(async (tx) => {
    const row = await appendToOutbox(tx, { topic: 'order.placed', aggregateId: 'late', payload: {} });
    slowWritten.open();
    await slow.opened;
    return row;
  });

  await Promise.all([declinedWritten.opened, slowWritten.opened]);
  const [fast] = await addEvents(db, [['order.placed', 'fast']]);

  await relay.runOnce();
  assert.deepEqual(broker.deliveredIds(), [fast.eventId], 'only committed rows may be published: the two open transactions\' rows are not visible yet');

  declined.open();
  assert.equal(await rolledBack, 'rolled back');
  slow.open();
  const late = await committedLate;
  assert.ok(Number(late.id) < Number(fast.id), 'setup: the late row has a lower id than the row already published');

  await relay.runOnce();
  await relay.runOnce();
  assert.deepEqual(
    broker.deliveredIds(),
    [fast.eventId, late.eventId],
    'the late row must be published even though its id is lower than one already published (select unpublished rows, do not remember the last id), and the rolled-back row never',
  );
});

test('events of one aggregate are published in order, even when one of them fails', { timeout: 10_000 }, async () => {
  const db = createDatabase();
  const broker = createBroker();
  await addEvents(db, [
    ['order.placed', 'A'],
    ['order.placed', 'B'],
    ['order.paid', 'A'],
    ['order.paid', 'B'],
    ['order.shipped', 'A'],
    ['order.shipped', 'B'],
  ]);
  const relay = createRelay({ db, broker, now });
  broker.failWhen((topic, message) => topic === 'order.paid' && message.key === 'A', { times: 2 });

  await drain(relay);

  for (const key of ['A', 'B']) {
    const firstSeen: string[] = [];
    for (const { topic, message } of broker.delivered) {
      if (message.key === key && !firstSeen.includes(topic)) firstSeen.push(topic);
    }
    assert.deepEqual(
      firstSeen,
      ['order.placed', 'order.paid', 'order.shipped'],
      `order ${key}'s events must reach the broker in the order they were written: a consumer seeing "shipped" before "paid" for A would be wrong`,
    );
  }
  assert.deepEqual(await unpublished(db), [], 'once the broker accepts order.paid for A, everything should be published');
});

test('runOnce() calls released in the same tick do not publish the same rows twice', { timeout: 10_000 }, async () => {
  const db = createDatabase();
  const broker = createBroker();
  const rows = await addEvents(db, [['order.placed', '1'], ['order.placed', '2'], ['order.placed', '3'], ['order.placed', '4']]);
  const relay = createRelay({ db, broker, now });

  // A timer firing while the previous run is still waiting for acks.
  await Promise.all([relay.runOnce(), relay.runOnce(), relay.runOnce()]);

  const ids = broker.deliveredIds();
  assert.equal(new Set(ids).size, ids.length, `overlapping runs published duplicates: ${ids.length} deliveries for ${new Set(ids).size} events`);
  assert.deepEqual(ids, rows.map((r) => r.eventId), 'every row should be published once, in order');
});
