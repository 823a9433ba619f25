import * as assert from 'node:assert/strict';
import { BACKUP_KEY_PREFIX, emptyProgress, MAX_IMPORT_BYTES, MemoryKeyValueStore, mergeProgress, parseProgress, PROGRESS_KEY, ProgressStore, type KnownIds, type Progress } from '../../src/core/progress/store';
import { BOX_INTERVAL_DAYS, firstSchedule, nextSchedule } from '../../src/core/progress/review';

const DAY = 24 * 60 * 60 * 1000;

/** A clock the test moves by hand. */
function fakeClock(iso = '2026-01-02T03:04:05.000Z') {
  let t = Date.parse(iso);
  const now = () => new Date(t);
  return Object.assign(now, { advance: (ms: number) => (t += ms) });
}
const clock = (iso?: string) => fakeClock(iso);

const known: KnownIds = {
  topic: (k) => /^(p|node-runtime|a|b)\/[a-z0-9-]+$/.test(k) && !k.endsWith('/ghost'),
  exercise: (id) => id !== 'ghost',
  question: (_phase, q) => q !== 'ghost',
};

function v1Document(topicCount: number) {
  const topics: Record<string, unknown> = {};
  for (let i = 0; i < topicCount; i++) topics[`p/t${i}`] = { doneAt: '2025-05-01T10:00:00.000Z' };
  return { version: 1, topics, exercises: {}, quizzes: { p: { q1: { option: 2, correct: false, at: '2025-05-02T10:00:00.000Z' } } } };
}

describe('progress store', () => {
  it('starts empty and persists every change under the synced key', async () => {
    const kv = new MemoryKeyValueStore();
    const store = await ProgressStore.open(kv, clock());
    assert.equal(store.notice, undefined);
    await store.setTopicDone('node-runtime/event-loop', true);
    await store.recordAnswer('node-runtime', 'q1', [2], true);
    await store.markExercisePassed('lru-cache');
    const reopened = await ProgressStore.open(kv, clock());
    assert.ok(reopened.isTopicDone('node-runtime/event-loop'), 'a reopened store sees the done topic');
    assert.deepEqual(reopened.answer('node-runtime', 'q1')?.answer, [2]);
    assert.equal(reopened.exercise('lru-cache')?.passedAt, '2026-01-02T03:04:05.000Z');
    assert.deepEqual(reopened.summary(['node-runtime/event-loop', 'node-runtime/task-queues']), { done: 1, total: 2, percent: 50 });
  });

  it('keeps data it cannot use at all as a backup, starts clean and says why', async () => {
    for (const bad of ['{not json', [1, 2], { topics: {} }, 42]) {
      const kv = new MemoryKeyValueStore();
      await kv.update(PROGRESS_KEY, bad);
      const store = await ProgressStore.open(kv, clock());
      assert.equal(store.notice?.kind, 'unusable', `recovered from ${JSON.stringify(bad)}`);
      assert.ok(store.notice!.backupKey!.startsWith(BACKUP_KEY_PREFIX));
      assert.deepEqual(kv.get(store.notice!.backupKey!), bad, 'the original data is kept as it was');
      assert.deepEqual(kv.get(PROGRESS_KEY), emptyProgress(), 'the store now holds a valid empty document');
      const again = await ProgressStore.open(kv, clock());
      assert.equal(again.notice, undefined, 'the user is told only once');
    }
  });

  it('salvages every valid entry when one stored entry is bad (40 done topics + one "doneAt": "")', async () => {
    const kv = new MemoryKeyValueStore();
    const doc = v1Document(40) as { topics: Record<string, unknown> };
    doc.topics['p/broken'] = { doneAt: '' };
    await kv.update(PROGRESS_KEY, doc);
    const store = await ProgressStore.open(kv, clock());
    assert.equal(store.summary(Array.from({ length: 40 }, (_, i) => `p/t${i}`)).done, 40, 'all 40 valid topics are still done');
    assert.equal(store.isTopicDone('p/broken'), false);
    assert.equal(store.notice?.kind, 'salvaged');
    assert.match(store.notice!.message, /topics\.p\/broken/);
    assert.deepEqual(kv.get(store.notice!.backupKey!), doc, 'the original is kept as a backup');
    const stored = kv.get<Progress>(PROGRESS_KEY)!;
    assert.equal(Object.keys(stored.topics).length, 40, 'the synced key holds the 40 topics, not an empty document');
  });

  it('opens a document from a newer version read-only: shown, never overwritten', async () => {
    const kv = new MemoryKeyValueStore();
    const future = { version: 3, topics: { 'p/t1': { doneAt: '2025-05-01T10:00:00.000Z' } }, somethingNew: { x: 1 } };
    await kv.update(PROGRESS_KEY, future);
    const store = await ProgressStore.open(kv, clock());
    assert.equal(store.notice?.kind, 'newer');
    assert.ok(store.readOnly);
    assert.ok(store.isTopicDone('p/t1'), 'what this version understands is shown');
    await store.setTopicDone('p/t2', true);
    await store.recordAnswer('p', 'q1', [0], true);
    await store.flush();
    assert.deepEqual(kv.get(PROGRESS_KEY), future, 'the newer document was not touched');
    assert.equal(kv.writes, 1, 'only the test itself wrote');
  });

  it('migrates a version-1 document: answers become lists and get a review schedule', () => {
    const { progress, dropped } = parseProgress(v1Document(2), new Date('2026-01-01T00:00:00Z'));
    assert.deepEqual(dropped, []);
    assert.equal(progress.version, 2);
    assert.deepEqual(progress.quizzes.p!.q1, { answer: [2], correct: false, at: '2025-05-02T10:00:00.000Z' });
    assert.equal(progress.review['p/q1']!.box, 1, 'a missed v1 answer is scheduled for review');
  });

  it('drops timestamps that are not timestamps or lie in the future, and ids that are not ids', () => {
    const { progress, dropped } = parseProgress(
      {
        version: 2,
        topics: { 'p/a': { doneAt: '0' }, 'p/b': { doneAt: '9999-01-01T00:00:00.000Z' }, 'p/c': { doneAt: '2025-01-01T00:00:00.000Z' }, toString: { doneAt: '2025-01-01T00:00:00.000Z' }, '__proto__': { doneAt: '2025-01-01T00:00:00.000Z' } },
        exercises: {},
        quizzes: { p: { q1: { answer: [1], correct: true, at: '9999' } } },
        review: {},
      },
      new Date('2026-01-01T00:00:00Z'),
    );
    assert.deepEqual(Object.keys(progress.topics), ['p/c']);
    assert.deepEqual(progress.quizzes, {});
    assert.ok(dropped.includes('topics.p/a') && dropped.includes('topics.p/b') && dropped.includes('quizzes.p.q1'));
  });

  it('answers isTopicDone from own entries only ("toString" is not done)', async () => {
    const store = await ProgressStore.open(new MemoryKeyValueStore(), clock());
    assert.equal(store.isTopicDone('toString'), false);
    assert.equal(store.isTopicDone('constructor'), false);
    assert.equal(store.exercise('toString'), undefined);
  });

  it('refuses writes for ids the content does not have (forged messages)', async () => {
    const kv = new MemoryKeyValueStore();
    const store = await ProgressStore.open(kv, clock());
    store.setKnownIds(known);
    assert.equal(await store.setTopicDone('p/ghost', true), false);
    assert.equal(await store.setTopicDone('../../etc/x', true), false);
    assert.equal(await store.recordAnswer('p', 'ghost', [0], true), undefined);
    await store.updateExercise('ghost', { startedAt: '2026-01-01T00:00:00.000Z' });
    assert.deepEqual(store.snapshot, emptyProgress());
    assert.equal(await store.setTopicDone('p/real', true), true);
  });

  it('batches writes: 3,000 changes in a row cost a handful of writes and stay fast', async () => {
    const kv = new MemoryKeyValueStore();
    const store = await ProgressStore.open(kv, clock());
    const writes = [];
    for (let i = 0; i < 3000; i++) writes.push(store.setTopicDone(`p/t${i % 50}`, i % 2 === 0));
    await Promise.all(writes);
    await store.flush();
    assert.ok(kv.writes <= 3, `${kv.writes} writes`);
    const stored = kv.get<Progress>(PROGRESS_KEY)!;
    assert.deepEqual(Object.keys(stored.topics).sort(), Object.keys(store.snapshot.topics).sort(), 'what is stored is the final state');
  });

  it('merges an import without losing anything; the earliest first answer is the scored one', () => {
    const mine: Progress = {
      ...emptyProgress(),
      topics: { 'a/x': { doneAt: '2025-05-01T00:00:00.000Z' } },
      exercises: { e1: { startedAt: '2025-01-01T00:00:00.000Z', hintsShown: 2, solutionViewed: false } },
      quizzes: { a: { q1: { answer: [0], correct: false, at: '2025-01-01T00:00:00.000Z' } } },
    };
    const theirs: Progress = {
      ...emptyProgress(),
      topics: { 'a/x': { doneAt: '2025-04-01T00:00:00.000Z' }, 'b/y': { doneAt: '2025-06-01T00:00:00.000Z' } },
      exercises: { e1: { passedAt: '2025-03-01T00:00:00.000Z', hintsShown: 1, solutionViewed: true } },
      quizzes: { a: { q1: { answer: [1], correct: true, at: '2025-02-01T00:00:00.000Z' } }, b: { q9: { answer: [3], correct: false, at: '2025-01-01T00:00:00.000Z' } } },
    };
    const merged = mergeProgress(mine, theirs);
    assert.deepEqual(Object.keys(merged.topics).sort(), ['a/x', 'b/y']);
    assert.equal(merged.topics['a/x']!.doneAt, '2025-04-01T00:00:00.000Z', 'the earliest completion wins');
    assert.deepEqual(merged.exercises.e1, { startedAt: '2025-01-01T00:00:00.000Z', passedAt: '2025-03-01T00:00:00.000Z', hintsShown: 2, solutionViewed: true });
    assert.equal(merged.quizzes.a!.q1!.correct, false, 'the first answer (earliest) stays the score');
    assert.ok(merged.quizzes.b!.q9);
  });

  it('imports an export, leaves out unknown ids, and rejects files that are not progress or are too large', async () => {
    const a = await ProgressStore.open(new MemoryKeyValueStore(), clock());
    await a.setTopicDone('p/t1', true);
    await a.setTopicDone('p/ghost', true);
    await a.markExercisePassed('ex');
    const b = await ProgressStore.open(new MemoryKeyValueStore(), clock());
    b.setKnownIds(known);
    await b.setTopicDone('p/t2', true);
    const added = await b.importJson(a.exportJson());
    assert.deepEqual(added, { topics: 1, exercises: 1, answers: 0, ignored: 1 });
    assert.ok(b.isTopicDone('p/t1') && b.isTopicDone('p/t2') && !b.isTopicDone('p/ghost'));
    await assert.rejects(b.importJson('not json'), /not valid JSON/);
    await assert.rejects(b.importJson('{"hello":1}'), /not a Roadmap Coach progress export/);
    const huge = JSON.stringify({ version: 2, topics: {}, padding: 'x'.repeat(50 * 1024 * 1024) });
    assert.ok(huge.length > MAX_IMPORT_BYTES);
    await assert.rejects(b.importJson(huge), /too large/);
    assert.ok(b.isTopicDone('p/t2'), 'a rejected import changes nothing');
  });

  it('lists backups with their dates and restores one by merging it in', async () => {
    const kv = new MemoryKeyValueStore();
    const doc = v1Document(40) as { topics: Record<string, unknown> };
    doc.topics['p/broken'] = { doneAt: '' };
    await kv.update(PROGRESS_KEY, { version: 1, topics: 'damaged' });
    await kv.update(`${BACKUP_KEY_PREFIX}2025-12-01T00:00:00.000Z`, doc);
    const store = await ProgressStore.open(kv, clock());
    const backups = store.backups();
    assert.equal(backups.length, 2, 'the older backup and the one just made');
    const old = backups.find((b) => b.key.endsWith('2025-12-01T00:00:00.000Z'))!;
    assert.equal(old.topics, 40);
    assert.equal(old.date.toISOString(), '2025-12-01T00:00:00.000Z');
    const restored = await store.restoreBackup(old.key);
    assert.equal(restored.topics, 40);
    assert.equal(store.summary(Array.from({ length: 40 }, (_, i) => `p/t${i}`)).done, 40);
    await store.flush();
    assert.equal(Object.keys(kv.get<Progress>(PROGRESS_KEY)!.topics).length, 40, 'the restored progress is saved');
    await assert.rejects(store.restoreBackup('roadmapCoach.progress'), /not a progress backup/);
  });

  it('scores the first answer; later answers are practice', async () => {
    const store = await ProgressStore.open(new MemoryKeyValueStore(), clock());
    assert.deepEqual(await store.recordAnswer('p', 'q1', [1], false), { scored: true });
    assert.deepEqual(await store.recordAnswer('p', 'q1', [2], true), { scored: false });
    const a = store.answer('p', 'q1')!;
    assert.equal(a.correct, false, 'the score stays the first answer');
    assert.equal(a.last?.correct, true, 'the practice attempt is kept');
    const stats = store.questionStats('p', ['q1', 'q2']);
    assert.deepEqual(stats, { total: 2, answered: 1, firstCorrect: 0, lastCorrect: 1, mastered: 0 });
  });

  it('resets to empty, keeping a backup first', async () => {
    const kv = new MemoryKeyValueStore();
    const store = await ProgressStore.open(kv, clock());
    let calls = 0;
    store.onDidChange(() => calls++);
    await store.setTopicDone('p/t', true);
    await store.reset();
    assert.equal(calls, 2);
    assert.deepEqual(store.snapshot, emptyProgress());
    assert.equal(store.backups()[0]?.topics, 1, 'the reset progress can be restored');
  });
});

describe('review schedule (Leitner boxes, fake clock)', () => {
  it('brings a missed question back the next day', async () => {
    const now = fakeClock();
    const store = await ProgressStore.open(new MemoryKeyValueStore(), now);
    await store.recordAnswer('p', 'missed', [0], false);
    await store.recordAnswer('p', 'right', [1], true);
    assert.deepEqual(store.dueReviews(), [], 'nothing is due at once');
    now.advance(DAY);
    assert.deepEqual(store.dueReviews().map((d) => d.questionId), ['missed'], 'the missed one is due the next day');
    now.advance(2 * DAY);
    assert.deepEqual(store.dueReviews().map((d) => d.questionId), ['missed', 'right'], 'oldest due first');
  });

  it('spaces correct answers further and further apart, and a miss starts over', async () => {
    const now = fakeClock();
    const store = await ProgressStore.open(new MemoryKeyValueStore(), now);
    await store.recordAnswer('p', 'q', [0], true);
    const gaps: number[] = [];
    let last = Date.parse(store.snapshot.review['p/q']!.due);
    for (let i = 0; i < 4; i++) {
      now.advance(last - now().getTime());
      const entry = (await store.recordReview('p', 'q', [0], true))!;
      gaps.push((Date.parse(entry.due) - now().getTime()) / DAY);
      last = Date.parse(entry.due);
    }
    assert.deepEqual(gaps, [BOX_INTERVAL_DAYS[2], BOX_INTERVAL_DAYS[3], BOX_INTERVAL_DAYS[4], BOX_INTERVAL_DAYS[5]]);
    assert.ok(gaps.every((g, i) => i === 0 || g > gaps[i - 1]!), 'growing intervals');
    assert.equal(store.questionStats('p', ['q']).mastered, 1);
    now.advance(last - now().getTime());
    const missed = (await store.recordReview('p', 'q', [1], false))!;
    assert.equal(missed.box, 1);
    assert.equal(Date.parse(missed.due) - now().getTime(), DAY);
    assert.equal(missed.lapses, 1);
  });

  it('keeps the rest of the schedule when one entry is malformed or from the future', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const { progress, dropped } = parseProgress(
      {
        version: 2,
        topics: { 'p/t': { doneAt: at } },
        exercises: {},
        quizzes: {},
        review: { 'p/good': firstSchedule(true, new Date(at)), 'p/bad': { box: 99, due: 'soon', at }, 'p/later': { ...nextSchedule(firstSchedule(true, new Date(at)), true, new Date(at)), at: '9999-01-01T00:00:00.000Z' } },
      },
      new Date('2026-01-02T00:00:00.000Z'),
    );
    assert.deepEqual(Object.keys(progress.review), ['p/good']);
    assert.ok(dropped.includes('review.p/bad') && dropped.includes('review.p/later'));
    assert.ok(progress.topics['p/t'], 'the rest of the progress is kept');
  });

  it('skips due questions the content no longer has', async () => {
    const now = fakeClock();
    const store = await ProgressStore.open(new MemoryKeyValueStore(), now);
    await store.recordAnswer('p', 'ghost', [0], false);
    await store.recordAnswer('p', 'real', [0], false);
    store.setKnownIds(known);
    now.advance(DAY);
    assert.deepEqual(store.dueReviews().map((d) => d.questionId), ['real']);
  });
});
