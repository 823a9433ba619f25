import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { TransformCallback } from 'node:stream';

const NEWLINE = 0x0a;

/**
 * A Transform stream that upper-cases UTF-8 text and counts the newline characters ("\n") it sees.
 *
 * It receives Buffer chunks of any size, cut anywhere, even in the middle of a multi-byte character
 * such as "é" (2 bytes) or "😀" (4 bytes). It must never corrupt such a character.
 */
export class UppercaseTransform extends Transform {
  /** How many "\n" characters have passed through so far. */
  lines = 0;

  // chunk.toString() on half a character produces "�". A StringDecoder keeps the incomplete bytes
  // at the end of a chunk and prepends them to the next one, so every character comes out whole.
  #decoder = new StringDecoder('utf8');

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    // Counting on the raw bytes is safe: in UTF-8 the byte 0x0A only ever means "\n", it never
    // appears inside a multi-byte character. Buffer#indexOf does the scanning in native code.
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) {
      this.lines += 1;
    }
    // Passing the result to the callback pushes it downstream. If the writer downstream is slow,
    // pipeline() pauses the reader: that back-pressure is what keeps memory flat.
    callback(null, this.#decoder.write(chunk).toUpperCase());
  }

  _flush(callback: TransformCallback) {
    // end() returns whatever is still buffered (normally nothing; a truncated character becomes "�").
    callback(null, this.#decoder.end().toUpperCase());
  }
}

/**
 * Writes an upper-cased copy of `inputPath` to `outputPath` and reports how many lines it had.
 *
 * Memory use is constant: only a few chunks of 64 KiB are in flight at any moment, whatever the file
 * size. pipeline() wires up back-pressure, and if any stream fails it destroys all of them (so no file
 * descriptor leaks) and rejects with that error.
 */
export async function uppercaseFile(inputPath: string, outputPath: string): Promise<{ lines: number }> {
  const uppercase = new UppercaseTransform();
  await pipeline(createReadStream(inputPath), uppercase, createWriteStream(outputPath));
  return { lines: uppercase.lines };
}
