import * as assert from 'node:assert/strict';
import { HostToWebviewSchema, WebviewToHostSchema } from '../../src/shared/protocol';

describe('webview protocol', () => {
  it('accepts the messages the webview sends', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'answer', phaseId: 'node-runtime', questionId: 'q-1', answer: [2], mode: 'lesson' },
      { type: 'setTopicDone', phaseId: 'caching', topicId: 'cache-aside', done: true },
      { type: 'readingPosition', phaseId: 'caching', position: { anchor: 'cache-aside', offset: 40 } },
      { type: 'copyText', text: 'const x = 1;' },
    ]) assert.ok(WebviewToHostSchema.safeParse(m).success, JSON.stringify(m));
  });

  it('rejects malformed messages before the host acts on them', () => {
    for (const m of [
      'not even an object',
      { type: 'answer', phaseId: 'node-runtime', questionId: 'q-1', answer: [-1], mode: 'lesson' },
      { type: 'answer', phaseId: 'node-runtime', questionId: 'q-1', answer: [1.5], mode: 'lesson' },
      { type: 'answer', phaseId: 'node-runtime', questionId: 'q-1', answer: [1], mode: 'exam' },
      { type: 'setTopicDone', phaseId: '../../etc', topicId: 'x', done: true },
      { type: 'openLesson', phaseId: 'Caching' },
      { type: 'readingPosition', phaseId: 'caching', position: { anchor: 'x' } },
      { type: 'rendered', phaseId: 'caching' },
    ]) assert.equal(WebviewToHostSchema.safeParse(m).success, false, JSON.stringify(m));
  });

  it('carries exercise status in progress updates, with one spelling', () => {
    const ok = { type: 'progress', topics: { a: true }, exercises: { 'lru-cache': 'passed' }, hasNotes: false };
    assert.ok(HostToWebviewSchema.safeParse(ok).success);
    assert.equal(HostToWebviewSchema.safeParse({ ...ok, exercises: { 'lru-cache': 'notStarted' } }).success, false);
  });
});
