import assert from 'node:assert/strict';
import { Analyzer, MAX_FINDINGS_PER_FILE } from '../../src/core/analysis/engine';
import { omittedNote } from '../../src/core/analysis/types';

describe('analysis: the note for findings past the per-file cap', () => {
  it('is given for a file over the cap, at the top of the file, and names how many are left out', () => {
    const body = Array.from({ length: MAX_FINDINGS_PER_FILE + 7 }, (_, i) => `  console.warn('step ${i}');`).join('\n');
    const result = new Analyzer('/root').analyze('/root/src/services/noisy.service.ts', `export function noisy(): void {\n${body}\n}\n`);
    assert.equal(result.omitted, 7);
    const note = omittedNote(result);
    assert.ok(note);
    assert.deepEqual(note.range.start, { line: 0, character: 0 });
    assert.match(note.message, new RegExp(`at most ${MAX_FINDINGS_PER_FILE} findings per file: 7 more findings are not shown`));
  });

  it('is not given when nothing was left out', () => {
    assert.equal(omittedNote({ file: '/root/a.ts', findings: [] }), undefined);
    assert.equal(omittedNote({ file: '/root/a.ts', findings: [], omitted: 0 }), undefined);
  });
});
