import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';

export type Read = { text?: string; skipped?: string };

const tooLarge = (maxBytes: number): Read => ({ skipped: `larger than ${Math.round(maxBytes / 1024)} KB (roadmapCoach.diagnostics.maxFileSizeKB)` });
const unreadable = (e: unknown): Read => ({ skipped: `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });

/** The checks on decoded text; the bytes are only read again when the text shows a problem (NUL, U+FFFD). */
function checkText(text: string, bytes: () => Buffer): Read {
  const head = text.length > 8000 ? text.slice(0, 8000) : text;
  const nul = head.includes('\u0000');
  if (nul || text.includes('\uFFFD')) {
    const b = bytes();
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return { skipped: 'UTF-16 text (not UTF-8)' };
    if (nul) return { skipped: 'binary content' };
    if (!isUtf8(b)) return { skipped: 'not UTF-8 text' };
  }
  return { text };
}

/** Reads a source file as UTF-8 text, or says why it is skipped: unreadable, too large, binary, not UTF-8. */
export function readSource(file: string, maxBytes: number): Read {
  try {
    // stat never blocks: a FIFO would block open() until a writer comes, and /dev/zero never ends.
    const st = statSync(file);
    if (!st.isFile()) return { skipped: 'not a regular file' };
    if (st.size > maxBytes) return tooLarge(maxBytes);
    // readFileSync(…, 'utf8') is one native call.
    const read = checkText(readFileSync(file, 'utf8'), () => readFileSync(file));
    // A UTF-8 byte order mark is not part of the text: editors do not count it in line 1's columns.
    if (read.text?.charCodeAt(0) === 0xfeff) read.text = read.text.slice(1);
    return read;
  } catch (e) {
    return unreadable(e);
  }
}

