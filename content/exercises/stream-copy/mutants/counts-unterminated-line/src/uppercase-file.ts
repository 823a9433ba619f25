// mutant: counts a last line that has no "\n" as a line too; breaks "a line is counted per \n character".
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';

export class UppercaseTransform extends Transform {
  lines = 0;
  #decoder = new StringDecoder('utf8');
  #lastByte = -1;

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    for (const byte of chunk) if (byte === 0x0a) this.lines += 1;
    if (chunk.length > 0) this.#lastByte = chunk[chunk.length - 1]!;
    callback(null, this.#decoder.write(chunk).toUpperCase());
  }

  _flush(callback: TransformCallback) {
    if (this.#lastByte !== -1 && this.#lastByte !== 0x0a) this.lines += 1; // "the last line counts too"
    callback(null, this.#decoder.end().toUpperCase());
  }
}

export async function uppercaseFile(inputPath: string, outputPath: string): Promise<{ lines: number }> {
  const transform = new UppercaseTransform();
  await pipeline(createReadStream(inputPath), transform, createWriteStream(outputPath));
  return { lines: transform.lines };
}
