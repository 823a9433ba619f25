/*
 * Back-pressure: when the writer is slower than the reader, reading must wait.
 *
 * This test makes the disk slow for writes only: it wraps node:fs's write functions (the ones file
 * write streams call) so each write finishes as if the disk took 8 MiB per second. Reads stay fast.
 * It also counts the bytes read and written, and records how far reading ever got ahead of writing.
 *
 * With pipeline(), the reader is paused whenever the write stream's buffer is full, so reading is never
 * more than a few chunks ahead. A copy that calls write() and ignores its return value (false means
 * "stop until 'drain'") keeps reading, and the unwritten data piles up in memory: on a real slow disk
 * or a slow network client, that is the whole file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uppercaseFile } from '../src/uppercase-file.ts';

const MiB = 1024 * 1024;
const FILE_SIZE = 12 * MiB;
const DISK_BYTES_PER_MS = (8 * MiB) / 1000;
const MAX_AHEAD = 4 * MiB; // pipeline() stays far below this: a few 64 KiB chunks

type Callback = (error: Error | null, bytes: number, ...rest: unknown[]) => void;
type FsFunction = (...args: unknown[]) => unknown;
const patchable = fs as unknown as Record<'read' | 'write' | 'writev', FsFunction>;

test('reading waits while a slow disk catches up (back-pressure)', { timeout: 30_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stream-copy-bp-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const input = join(dir, 'in.txt');
  await writeFile(input, Buffer.alloc(FILE_SIZE, 'back pressure\n'));

  let read = 0;
  let written = 0;
  let maxAhead = 0;
  const originals = { read: patchable.read!, write: patchable.write!, writev: patchable.writev! };
  t.after(() => Object.assign(patchable, originals));
  patchable.read = function (this: unknown, ...args: unknown[]) {
    const callback = args.pop() as Callback;
    return originals.read.call(this, ...args, (error: Error | null, bytes: number, ...rest: unknown[]) => {
      if (!error) read += bytes;
      maxAhead = Math.max(maxAhead, read - written);
      callback(error, bytes, ...rest);
    });
  };
  const slowWrite = (original: FsFunction): FsFunction => function (this: unknown, ...args: unknown[]) {
    const callback = args.pop() as Callback;
    return original.call(this, ...args, (error: Error | null, bytes: number, ...rest: unknown[]) => {
      setTimeout(() => {
        if (!error) written += bytes;
        callback(error, bytes, ...rest);
      }, error ? 0 : bytes / DISK_BYTES_PER_MS);
    });
  };
  patchable.write = slowWrite(originals.write);
  patchable.writev = slowWrite(originals.writev);

  const result = await uppercaseFile(input, join(dir, 'out.txt'));

  assert.deepEqual(result, { lines: Math.floor(FILE_SIZE / 'back pressure\n'.length) }, 'every "\\n" of the file should be counted');
  assert.ok(read >= FILE_SIZE && written >= FILE_SIZE,
    `the test watches the reads and writes of createReadStream and createWriteStream from node:fs; it saw ${read} bytes read ` +
    `and ${written} written of ${FILE_SIZE}. Copy with those two streams (and pipeline()).`);
  const aheadMiB = (maxAhead / MiB).toFixed(1);
  assert.ok(maxAhead <= MAX_AHEAD,
    `reading got ${aheadMiB} MiB ahead of a slow disk (allowed: ${MAX_AHEAD / MiB} MiB). Data that is read but not yet ` +
    'written sits in memory: when write() returns false, reading must pause until the "drain" event. pipeline() does ' +
    'that for you; a loop that calls write() and ignores its return value does not.');
});
