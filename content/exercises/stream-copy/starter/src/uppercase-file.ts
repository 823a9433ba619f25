import { Transform } from 'node:stream';
import { readFile, writeFile } from 'node:fs/promises';
import type { TransformCallback } from 'node:stream';

/**
 * A Transform stream that upper-cases UTF-8 text and counts the newline characters ("\n") it sees.
 *
 * It receives Buffer chunks of any size, cut anywhere, even in the middle of a multi-byte character
 * such as "é" (2 bytes) or "😀" (4 bytes). It must never corrupt such a character.
 */
export class UppercaseTransform extends Transform {
  /** How many "\n" characters have passed through so far. */
  lines = 0;

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    // TODO: count the newlines in `chunk`, turn the bytes into text WITHOUT breaking a character that
    //       is split across two chunks, upper-case it, and pass the result on with callback(null, text).
    callback(null, chunk);
  }

  _flush(callback: TransformCallback) {
    // TODO: if bytes of an unfinished character are still waiting, this is the last chance to emit them.
    callback();
  }
}

/**
 * Writes an upper-cased copy of `inputPath` to `outputPath` and reports how many lines it had.
 *
 * The version below is the one that took the export service down: it holds the whole file in memory
 * (several times over: the Buffer, the string, the upper-cased string). Fine for 1 KB, fatal for 2 GB.
 * TODO: rewrite it with stream.pipeline: a read stream → an UppercaseTransform → a write stream.
 */
export async function uppercaseFile(inputPath: string, outputPath: string): Promise<{ lines: number }> {
  const text = await readFile(inputPath, 'utf8');
  await writeFile(outputPath, text.toUpperCase());
  return { lines: text.split('\n').length - 1 };
}
