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
 * JSON.stringify(new Error('x')) gives "{}". Turn an Error into a plain
 * object that keeps what a human needs to debug it.
 */
function serializeError(err: Error): Fields {
  // TODO: name, message, stack (and code and cause, if present).
  void err;
  return {};
}

export function createLogger({ write = (line) => process.stdout.write(`${line}\n`), level = 'info', base = {} }: LoggerOptions = {}): Logger {
  /** @param bindings everything bound by base and child() so far */
  function make(bindings: Fields): Logger {
    function log(lineLevel: Level, msg: string, fields: Fields = {}): void {
      // TODO:
      // - skip lines below the configured level (SEVERITY)
      // - build { time, level, msg, requestId?, ...bindings, ...fields },
      //   with Error values passed through serializeError
      // - write(JSON.stringify(record)), and never throw, even when
      //   JSON.stringify does (circular objects, BigInt)
      void [lineLevel, msg, fields, level, write, getRequestId];
    }

    return {
      debug: (msg, fields) => log('debug', msg, fields),
      info: (msg, fields) => log('info', msg, fields),
      warn: (msg, fields) => log('warn', msg, fields),
      error: (msg, fields) => log('error', msg, fields),
      // TODO: a child logger that adds `more` to every line it writes.
      child: (more) => {
        void more;
        return make(bindings);
      },
    };
  }

  return make({ ...base });
}
