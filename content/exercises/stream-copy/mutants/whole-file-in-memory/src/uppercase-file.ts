// mutant: collects every chunk and writes the result once at the end; breaks "memory must not grow with the file".
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
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
  const transform = new UppercaseTransform();
  const parts: Buffer[] = [];
  for await (const chunk of createReadStream(inputPath).pipe(transform)) parts.push(Buffer.from(chunk));
  await writeFile(outputPath, Buffer.concat(parts));
  return { lines: transform.lines };
}
