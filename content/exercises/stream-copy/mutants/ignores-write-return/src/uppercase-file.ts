// mutant: copies with a for-await loop and ignores write()'s return value (no waiting for 'drain'), so a slow disk
// makes the whole file pile up in the write stream's buffer; breaks "memory must not grow with the file" (back-pressure).
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';

export class UppercaseTransform extends Transform {
  lines = 0;
  #decoder = new StringDecoder('utf8');

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    for (const byte of chunk) if (byte === 0x0a) this.lines += 1;
    callback(null, this.#decoder.write(chunk).toUpperCase());
  }

  _flush(callback: TransformCallback) {
    callback(null, this.#decoder.end().toUpperCase());
  }
}

export async function uppercaseFile(inputPath: string, outputPath: string): Promise<{ lines: number }> {
  const input = createReadStream(inputPath);
  const output = createWriteStream(outputPath);
  const transform = new UppercaseTransform();
  try {
    await once(output, 'open');
    input.on('error', (error) => transform.destroy(error));
    for await (const chunk of input.pipe(transform)) output.write(chunk); // the return value is ignored
    output.end();
    await finished(output);
  } catch (error) {
    input.destroy();
    transform.destroy();
    output.destroy();
    throw error;
  }
  return { lines: transform.lines };
}
