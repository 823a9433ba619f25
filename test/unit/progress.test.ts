import * as assert from 'node:assert/strict';
import { BACKUP_KEY_PREFIX, emptyProgress, MemoryKeyValueStore, mergeProgress, parseProgress, PROGRESS_KEY, ProgressStore, type Progress } from '../../src/core/progress/store';

const clock = (iso = '2026-01-02T03:04:05.000Z') => () => new Date(iso);

describe('progress store', () => {
  it('starts empty and persists every change under the synced key', async () => {
    const kv = new MemoryKeyValueStore();
    const store = await ProgressStore.open(kv, clock());
    assert.equal(store.recovery, undefined);
    await store.setTopicDone('node-runtime/event-loop', true);
    await store.recordQuizAnswer('node-runtime', 'q1', 2, true);
    await store.markExercisePassed('lru-cache');
    const reopened = await ProgressStore.open(kv, clock());
    assert.ok(reopened.isTopicDone('node-runtime/event-loop'), 'a reopened store sees the done topic');
    assert.equal(reopened.snapshot.quizzes['node-runtime']?.['q1']?.option, 2);
    assert.equal(reopened.exercise('lru-cache')?.passedAt, '2026-01-02T03:04:05.000Z');
    assert.deepEqual(reopened.summary(['node-runtime/event-loop', 'node-runtime/task-queues']), { done: 1, total: 2, percent: 50 });
  });

  it('keeps corrupt data as a backup, starts clean and says why', async () => {
    for (const bad of ['{not json', { version: 1, topics: 'nope' }, [1, 2], { topics: {} }, 42]) {
      const kv = new MemoryKeyValueStore();
      await kv.update(PROGRESS_KEY, bad);
      const store = await ProgressStore.open(kv, clock());
      assert.ok(store.recovery, `recovered from ${JSON.stringify(bad)}`);
      assert.ok(store.recovery.backupKey.startsWith(BACKUP_KEY_PREFIX));
      assert.deepEqual(kv.get(store.recovery.backupKey), bad, 'the original data is kept as it was');
      assert.deepEqual(kv.get(PROGRESS_KEY), emptyProgress(), 'the store now holds a valid empty document');
      const again = await ProgressStore.open(kv, clock());
      assert.equal(again.recovery, undefined, 'the user is told only once');
    }
  });

  it('does not overwrite progress written by a newer version without keeping it', async () => {
    const kv = new MemoryKeyValueStore();
    const future = { version: 99, topics: { 'a/b': { doneAt: 'x' } } };
    await kv.update(PROGRESS_KEY, future);
    const store = await ProgressStore.open(kv, clock());
    assert.match(store.recovery!.reason, /newer version/);
    assert.deepEqual(kv.get(store.recovery!.backupKey), future);
  });

  it('fills defaults for fields a version-1 document lacks (forward-compatible schema)', () => {
    const outcome = parseProgress({ version: 1, topics: { 'a/b': { doneAt: '2025-01-01' } } });
    assert.equal(outcome.kind, 'ok');
    assert.deepEqual(outcome.progress.exercises, {});
    assert.deepEqual(outcome.progress.quizzes, {});
  });

  it('merges an import without losing anything', () => {
    const mine: Progress = {
      version: 1,
      topics: { 'a/x': { doneAt: '2025-05-01' } },
      exercises: { e1: { startedAt: '2025-01-01', hintsShown: 2, solutionViewed: false } },
      quizzes: { a: { q1: { option: 0, correct: false, at: '2025-01-01' } } },
    };
    const theirs: Progress = {
      version: 1,
      topics: { 'a/x': { doneAt: '2025-04-01' }, 'b/y': { doneAt: '2025-06-01' } },
      exercises: { e1: { passedAt: '2025-03-01', hintsShown: 1, solutionViewed: true } },
      quizzes: { a: { q1: { option: 1, correct: true, at: '2025-02-01' } }, b: { q9: { option: 3, correct: false, at: '2025-01-01' } } },
    };
    const merged = mergeProgress(mine, theirs);
    assert.deepEqual(Object.keys(merged.topics).sort(), ['a/x', 'b/y']);
    assert.equal(merged.topics['a/x']!.doneAt, '2025-04-01', 'the earliest completion wins');
    assert.deepEqual(merged.exercises.e1, { startedAt: '2025-01-01', passedAt: '2025-03-01', hintsShown: 2, solutionViewed: true });
    assert.equal(merged.quizzes.a!.q1!.option, 1, 'the newer quiz answer wins');
    assert.ok(merged.quizzes.b!.q9);
  });

  it('imports an export and rejects files that are not progress', async () => {
    const a = await ProgressStore.open(new MemoryKeyValueStore(), clock());
    await a.setTopicDone('p/t1', true);
    await a.markExercisePassed('ex');
    const b = await ProgressStore.open(new MemoryKeyValueStore(), clock());
    await b.setTopicDone('p/t2', true);
    const added = await b.importJson(a.exportJson());
    assert.deepEqual(added, { topics: 1, exercises: 1 });
    assert.ok(b.isTopicDone('p/t1') && b.isTopicDone('p/t2'));
    await assert.rejects(b.importJson('not json'), /not valid JSON/);
    await assert.rejects(b.importJson('{"hello":1}'), /not a Roadmap Coach progress export/);
    assert.ok(b.isTopicDone('p/t2'), 'a rejected import changes nothing');
  });

  it('notifies listeners and resets on request', async () => {
    const store = await ProgressStore.open(new MemoryKeyValueStore(), clock());
    let calls = 0;
    store.onDidChange(() => calls++);
    await store.setTopicDone('p/t', true);
    await store.setTopicDone('p/t', false);
    await store.reset();
    assert.equal(calls, 3);
    assert.deepEqual(store.snapshot, emptyProgress());
  });
});
