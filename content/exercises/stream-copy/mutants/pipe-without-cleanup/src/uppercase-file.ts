// mutant: chains the streams with .pipe() and rejects on the first error, but never destroys the other streams;
// breaks "a failed copy must not leak an open file".
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { createReadStream, createWriteStream } from 'node:fs';
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

export function uppercaseFile(inputPath: string, outputPath: string): Promise<{ lines: number }> {
  return new Promise((resolve, reject) => {
    const transform = new UppercaseTransform();
    const input = createReadStream(inputPath);
    const output = createWriteStream(outputPath);
    input.on('error', reject);
    output.on('error', reject);
    output.on('finish', () => resolve({ lines: transform.lines }));
    input.pipe(transform).pipe(output);
  });
}
