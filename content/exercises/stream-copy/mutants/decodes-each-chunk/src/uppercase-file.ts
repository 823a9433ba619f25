// mutant: decodes every chunk on its own with chunk.toString(); breaks "a character split between chunks must not
// turn into �".
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export class UppercaseTransform extends Transform {
  lines = 0;

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    const text = chunk.toString('utf8');
    this.lines += text.split('\n').length - 1;
    callback(null, text.toUpperCase());
  }
}

export async function uppercaseFile(inputPath: string, outputPath: string): Promise<{ lines: number }> {
  const transform = new UppercaseTransform();
  await pipeline(createReadStream(inputPath), transform, createWriteStream(outputPath));
  return { lines: transform.lines };
}
