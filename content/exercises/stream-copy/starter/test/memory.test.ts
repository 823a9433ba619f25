/*
 * The real point of streams: copy a file far bigger than the memory you are willing to spend on it.
 *
 * This test writes a 64 MiB file, then runs YOUR uppercaseFile() in a separate Node process and reads
 * that process's peak memory (the operating system's "max resident set size") before and after.
 * A streaming copy keeps only a few 64 KiB chunks in flight, so its peak barely moves. Reading the whole
 * file at once costs at least the file's size, usually several times over.
 *
 * The child runs with a small young generation (--max-semi-space-size=1) so that short-lived garbage
 * does not pile up and blur the number; that flag does not change what your code does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const MiB = 1024 * 1024;
const FILE_BLOCKS = 64; // blocks of ~1 MiB → a ~64 MiB file
// A streaming copy grows by roughly 5–25 MiB (chunks in flight + garbage not yet collected), whatever
// the file size; holding the whole file costs at least its 64 MiB. The limit sits between the two.
const MAX_GROWTH_MiB = 48;

const LINE = 'order-4711;café au lait;qty 2;shipped to münchen;status ok;note: fragile, handle with care\n';
const LINES_PER_BLOCK = Math.floor(MiB / Buffer.byteLength(LINE));
const block = Buffer.from(LINE.repeat(LINES_PER_BLOCK));
const expectedBlock = Buffer.from(LINE.toUpperCase().repeat(LINES_PER_BLOCK));

// Runs in the child process: import the learner's module, measure peak RSS around one call.
const childScript = `
const [moduleUrl, input, output] = process.argv.slice(1);
const { uppercaseFile } = await import(moduleUrl);
const before = process.resourceUsage().maxRSS;
const result = await uppercaseFile(input, output);
const after = process.resourceUsage().maxRSS;
process.stdout.write(JSON.stringify({ result, growthKiB: after - before }));
`;

function runChild(args: string[]): Promise<{ result: unknown; growthKiB: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...process.execArgv.filter((a) => a.includes('strip-types')), '--max-semi-space-size=1', '--input-type=module', '-e', childScript, ...args],
      { timeout: 30_000, maxBuffer: MiB },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`uppercaseFile() failed in the child process: ${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      });
  });
}

test('a 64 MiB file is copied correctly with bounded memory', { timeout: 60_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stream-copy-big-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const input = join(dir, 'orders.csv');
  const output = join(dir, 'orders-upper.csv');

  // Write the input and compute the hash the output must have, one block at a time.
  const expectedHash = createHash('sha256');
  const file = await open(input, 'w');
  try {
    for (let i = 0; i < FILE_BLOCKS; i++) {
      await file.write(block);
      expectedHash.update(expectedBlock);
    }
  } finally {
    await file.close();
  }
  const sizeMiB = Math.round((block.length * FILE_BLOCKS) / MiB);

  const moduleUrl = new URL('../src/uppercase-file.ts', import.meta.url).href;
  const { result, growthKiB } = await runChild([moduleUrl, input, output]);

  const actualHash = createHash('sha256');
  await pipeline(createReadStream(output), actualHash);
  assert.equal(actualHash.digest('hex'), expectedHash.digest('hex'),
    `the output file should be exactly the upper-cased input (${sizeMiB} MiB); its content differs`);
  assert.deepEqual(result, { lines: LINES_PER_BLOCK * FILE_BLOCKS },
    `the input has ${LINES_PER_BLOCK * FILE_BLOCKS} lines, so uppercaseFile should resolve to { lines: ${LINES_PER_BLOCK * FILE_BLOCKS} }`);

  const growthMiB = Math.round(growthKiB / 1024);
  assert.ok(growthMiB <= MAX_GROWTH_MiB,
    `peak memory grew by ${growthMiB} MiB while copying a ${sizeMiB} MiB file (allowed: ${MAX_GROWTH_MiB} MiB). ` +
    'A streaming copy keeps only a few chunks in memory at once; growth this large means the whole file was held ' +
    '(readFile, collecting chunks in an array, Buffer.concat, building one big string…). Use stream.pipeline().');
});
