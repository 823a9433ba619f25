import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matchesAny } from '../../src/core/fs/glob';
import { readSource } from '../../src/core/fs/read';
import { listSourceFiles } from '../../src/core/fs/walk';
import { createAnalyzer, scanFiles } from '../../src/core/analysis/scan';
import { DEFAULT_CONFIG } from '../../src/core/analysis/types';
import { Analyzer, MAX_FINDINGS_PER_FILE } from '../../src/core/analysis/engine';
import { MAX_FILE_SIZE_KB, resolveConfig } from '../../src/core/analysis/config';

describe('analysis: files and globs', () => {
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coach-fs-'));
    outside = mkdtempSync(join(tmpdir(), 'coach-outside-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  const write = (rel: string, text: string | Buffer) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };

  it('globs: character classes, negation, braces, folders and any depth', () => {
    assert.equal(matchesAny('src/a.ts', ['src/[ab].ts']), true);
    assert.equal(matchesAny('src/c.ts', ['src/[ab].ts']), false);
    assert.equal(matchesAny('src/gen/keep.ts', ['src/gen/**', '!src/gen/keep.ts']), false);
    assert.equal(matchesAny('src/gen/other.ts', ['src/gen/**', '!src/gen/keep.ts']), true);
    assert.equal(matchesAny('a/b/c.ts', ['b/{c,d}.ts']), true);
    assert.equal(matchesAny('src/gen/', ['src/gen']), true);
    assert.equal(matchesAny('deep/x/.env.ts', ['*.env.ts']), true);
    assert.equal(matchesAny('src/a.ts', []), false);
  });

  it('the walker lists regular files only and never follows a link out of the workspace folder', function () {
    if (process.platform === 'win32') this.skip();
    write('src/a.ts', '');
    writeFileSync(join(outside, 'secret.ts'), '');
    symlinkSync(outside, join(dir, 'src', 'elsewhere'));
    symlinkSync(join(outside, 'secret.ts'), join(dir, 'src', 'secret.ts'));
    symlinkSync('/dev/zero', join(dir, 'src', 'zero.ts'));
    symlinkSync(join(dir, 'src', 'a.ts'), join(dir, 'src', 'alias.ts')); // inside: followed
    execFileSync('mkfifo', [join(dir, 'src', 'fifo.ts')]);
    const { files, problems } = listSourceFiles(dir);
    assert.deepEqual(files.map((f) => f.slice(dir.length + 1)), ['src/a.ts', 'src/alias.ts']);
    assert.ok(problems.some((p) => /^src\/elsewhere: link leads outside/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /^src\/secret\.ts: link leads outside/.test(p)), problems.join('\n'));
  });

  it('reading a FIFO or a link to /dev/zero returns at once with a reason', function () {
    if (process.platform === 'win32') this.skip();
    execFileSync('mkfifo', [join(dir, 'fifo.ts')]);
    symlinkSync('/dev/zero', join(dir, 'zero.ts'));
    assert.equal(readSource(join(dir, 'fifo.ts'), 1 << 20).skipped, 'not a regular file');
    assert.equal(readSource(join(dir, 'zero.ts'), 1 << 20).skipped, 'not a regular file');
  });

  it('a UTF-8 byte order mark does not shift line 1 columns', async () => {
    write('src/services/a.ts', "\ufeffconsole.log('x');\n");
    assert.equal(readSource(join(dir, 'src/services/a.ts'), 1 << 20).text, "console.log('x');\n");
    const { results } = await scanFiles(createAnalyzer(dir, DEFAULT_CONFIG), [join(dir, 'src/services/a.ts')]);
    assert.deepEqual(results[0]!.findings.map((f) => [f.rule, f.range.start]), [['console-in-service', { line: 0, character: 0 }]]);
  });
});

describe('analysis: limits', () => {
  it('keeps the first MAX_FINDINGS_PER_FILE findings of a file and counts the rest', () => {
    const text = Array.from({ length: MAX_FINDINGS_PER_FILE + 25 }, (_, i) => `console.log(${i});`).join('\n');
    const r = new Analyzer('/root').analyze('/root/src/services/noisy.ts', text);
    assert.equal(r.findings.length, MAX_FINDINGS_PER_FILE);
    assert.equal(r.omitted, 25);
    assert.equal(r.findings.at(-1)!.range.start.line, MAX_FINDINGS_PER_FILE - 1);
  });

  it('maxFileSizeKB is bounded', () => {
    assert.match(resolveConfig({ maxFileSizeKB: 100_000 }).problems[0]!, /^maxFileSizeKB: /);
    assert.equal(resolveConfig({ maxFileSizeKB: MAX_FILE_SIZE_KB }).analysis.maxFileBytes, MAX_FILE_SIZE_KB * 1024);
  });
});
