import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UppercaseTransform, uppercaseFile } from '../src/uppercase-file.ts';
import type { TestContext } from 'node:test';

/**
 * Pushes the given chunks through the transform and returns the text that comes out.
 */
async function runThrough(transform: UppercaseTransform, chunks: Buffer[]) {
  const out: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      out.push(Buffer.from(chunk));
      callback();
    },
  });
  await pipeline(Readable.from(chunks), transform, sink);
  return Buffer.concat(out).toString('utf8');
}

/** How many files this process has open (Linux and macOS list them in /dev/fd). */
async function openFileCount() {
  return (await readdir('/dev/fd')).length;
}

/** Waits up to half a second for the open files to drop back to `before`; returns the count it saw. */
async function settledFileCount(before: number) {
  let now = await openFileCount();
  for (let i = 0; i < 25 && now > before; i++) {
    await sleep(20);
    now = await openFileCount();
  }
  return now;
}

const noDevFd = process.platform === 'win32' ? 'Windows has no /dev/fd to count open files' : false;

/** A fresh temporary folder, removed when the test ends. */
async function tempDir(t: TestContext) {
  const dir = await mkdtemp(join(tmpdir(), 'stream-copy-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('UppercaseTransform upper-cases text and counts the newlines', { timeout: 5000 }, async () => {
  const transform = new UppercaseTransform();
  const text = await runThrough(transform, [Buffer.from('hello\nstreams'), Buffer.from(' and pipes\n\nbye')]);
  assert.equal(text, 'HELLO\nSTREAMS AND PIPES\n\nBYE', 'every chunk should come out upper-cased, in order');
  assert.equal(transform.lines, 3, 'the text contains three "\\n" characters, so transform.lines should be 3');
});

test('a character split across two chunks is not corrupted', { timeout: 5000 }, async () => {
  const bytes = Buffer.from('café 😀 straße\n');
  // Cut inside "é" (2 bytes) and twice inside "😀" (4 bytes): this is what fs streams do to real files.
  const eAt = bytes.indexOf(Buffer.from('é'));
  const smileAt = bytes.indexOf(Buffer.from('😀'));
  const cuts = [eAt + 1, smileAt + 1, smileAt + 3];
  const chunks = [bytes.subarray(0, cuts[0]), bytes.subarray(cuts[0], cuts[1]), bytes.subarray(cuts[1], cuts[2]), bytes.subarray(cuts[2])];

  const transform = new UppercaseTransform();
  const text = await runThrough(transform, chunks);
  assert.ok(!text.includes('\uFFFD'),
    `the output contains "\uFFFD" (a broken character): decoding each chunk on its own splits multi-byte characters; got ${JSON.stringify(text)}`);
  assert.equal(text, 'CAFÉ 😀 STRASSE\n', 'characters cut between chunks should come out whole and upper-cased');
  assert.equal(transform.lines, 1, 'one "\\n" went through');
});

test('uppercaseFile writes an upper-cased copy and reports the line count', { timeout: 5000 }, async (t) => {
  const dir = await tempDir(t);
  const input = join(dir, 'in.txt');
  const output = join(dir, 'out.txt');
  const text = 'id,name,city\n1,zoë,málaga\n2,bob,berlin\n';
  await writeFile(input, text);

  const result = await uppercaseFile(input, output);

  assert.equal(await readFile(output, 'utf8'), text.toUpperCase(), 'out.txt should be the upper-cased copy of in.txt');
  assert.deepEqual(result, { lines: 3 }, 'the file has three "\\n", so uppercaseFile should resolve to { lines: 3 }');
  assert.equal(await readFile(input, 'utf8'), text, 'the input file must be left untouched');
});

test('an empty file gives an empty copy and zero lines', { timeout: 5000 }, async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'empty.txt'), '');
  const result = await uppercaseFile(join(dir, 'empty.txt'), join(dir, 'out.txt'));
  assert.equal(await readFile(join(dir, 'out.txt'), 'utf8'), '', 'the copy of an empty file should exist and be empty');
  assert.deepEqual(result, { lines: 0 }, 'an empty file has no newlines');
});

test('a missing input file makes uppercaseFile reject instead of hanging or crashing', { timeout: 5000 }, async (t) => {
  const dir = await tempDir(t);
  await assert.rejects(uppercaseFile(join(dir, 'nope.txt'), join(dir, 'out.txt')), { code: 'ENOENT' },
    'reading a file that does not exist should reject with the ENOENT error (pipeline() passes it on)');
});

test('an output path that cannot be written makes uppercaseFile reject', { timeout: 5000 }, async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'in.txt'), 'some text\n');
  await assert.rejects(uppercaseFile(join(dir, 'in.txt'), join(dir, 'no-such-folder', 'out.txt')), { code: 'ENOENT' },
    'writing into a folder that does not exist should reject with the ENOENT error, not leave the promise pending');
});

test('a failed copy closes every file it opened', { timeout: 5000, skip: noDevFd }, async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'in.txt'), 'some text\n');
  const before = await openFileCount();
  await uppercaseFile(join(dir, 'nope.txt'), join(dir, 'out.txt')).catch(() => {});
  await uppercaseFile(join(dir, 'in.txt'), join(dir, 'no-such-folder', 'out.txt')).catch(() => {});
  const after = await settledFileCount(before);
  assert.equal(after, before,
    `after two failed copies the process still holds ${after - before} more open file(s) than before: when one stream ` +
    'fails, the others must be destroyed too (pipeline() does that; .pipe() does not)');
});
