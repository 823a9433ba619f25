// mutant: merges a child's bindings into the parent's object, so they leak to the parent and its other children; breaks "the parent and its other children never get those bindings"
// A tiny structured logger: one JSON object per line, with levels, bound
// fields for child loggers, readable errors, and the current request id.

import { getRequestId } from './context.ts';

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** a logger that adds `bindings` to every line */
  child(bindings: Fields): Logger;
}

export interface LoggerOptions {
  /** receives one JSON line, without the newline (default: stdout) */
  write?: (line: string) => void;
  /** the least severe level that is written (default 'info') */
  level?: Level;
  /** fields on every line, e.g. { service: 'billing' } */
  base?: Fields;
}

/** Numeric severities, so "is this enabled?" is one comparison. */
const SEVERITY: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * JSON.stringify(new Error('x')) is "{}": message and stack are not
 * enumerable own properties. Copy out what a human needs to debug it.
 */
function serializeError(err: Error): Fields {
  const out: Fields = { name: err.name, message: err.message, stack: err.stack };
  const { code, cause } = err as { code?: unknown; cause?: unknown };
  if (code !== undefined) out.code = code;
  if (cause instanceof Error) out.cause = serializeError(cause);
  else if (cause !== undefined) out.cause = cause;
  return out;
}

function serializeFields(fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? serializeError(value) : value;
  }
  return out;
}

export function createLogger({ write = (line) => process.stdout.write(`${line}\n`), level = 'info', base = {} }: LoggerOptions = {}): Logger {
  if (!(level in SEVERITY)) throw new RangeError(`unknown log level: ${level}`);
  const threshold = SEVERITY[level];

  /** @param bindings everything bound by base and child() so far */
  function make(bindings: Fields): Logger {
    function log(lineLevel: Level, msg: string, fields: Fields = {}): void {
      // Cheap early exit: disabled levels cost one comparison, no JSON.
      if (SEVERITY[lineLevel] < threshold) return;

      // Read the request id NOW, at the moment of logging, not when the
      // logger was created: a module-level logger is shared by all requests.
      const requestId = getRequestId();
      const own = { time: new Date().toISOString(), level: lineLevel, msg, ...(requestId !== undefined && { requestId }) };
      // The logger's own keys come first for humans, and are assigned again
      // last so a field that happens to be called "level" cannot fake them.
      const record = Object.assign({ ...own, ...bindings, ...serializeFields(fields) }, own);

      let line: string;
      try {
        line = JSON.stringify(record);
      } catch (err) {
        // Circular objects and BigInts make JSON.stringify throw. Logging must
        // never take down the request it is describing: keep the essentials.
        line = JSON.stringify({ ...own, logError: `fields could not be serialized: ${(err as Error).message}` });
      }
      write(line);
    }

    return {
      debug: (msg, fields) => log('debug', msg, fields),
      info: (msg, fields) => log('info', msg, fields),
      warn: (msg, fields) => log('warn', msg, fields),
      error: (msg, fields) => log('error', msg, fields),
      // The child gets a merged copy: binding fields on it never leaks back
      // into the parent or its siblings.
      child: (more) => make(Object.assign(bindings, serializeFields(more))),
    };
  }

  return make(serializeFields(base));
}
