// @ts-check
// A tiny structured logger: one JSON object per line, with levels, bound
// fields for child loggers, readable errors, and the current request id.

import { getRequestId } from './context.js';

/** @typedef {'debug' | 'info' | 'warn' | 'error'} Level */
/** @typedef {Record<string, unknown>} Fields */

/**
 * @typedef {object} Logger
 * @property {(msg: string, fields?: Fields) => void} debug
 * @property {(msg: string, fields?: Fields) => void} info
 * @property {(msg: string, fields?: Fields) => void} warn
 * @property {(msg: string, fields?: Fields) => void} error
 * @property {(bindings: Fields) => Logger} child a logger that adds `bindings` to every line
 */

/**
 * @typedef {object} LoggerOptions
 * @property {(line: string) => void} [write] receives one JSON line, without the newline (default: stdout)
 * @property {Level} [level] the least severe level that is written (default 'info')
 * @property {Fields} [base] fields on every line, e.g. { service: 'billing' }
 */

/** Numeric severities, so "is this enabled?" is one comparison. */
const SEVERITY = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * JSON.stringify(new Error('x')) gives "{}". Turn an Error into a plain
 * object that keeps what a human needs to debug it.
 * @param {Error} err
 * @returns {Fields}
 */
function serializeError(err) {
  // TODO: name, message, stack (and code and cause, if present).
  return {};
}

/**
 * @param {LoggerOptions} [options]
 * @returns {Logger}
 */
export function createLogger({ write = (line) => process.stdout.write(`${line}\n`), level = 'info', base = {} } = {}) {
  /**
   * @param {Fields} bindings everything bound by base and child() so far
   * @returns {Logger}
   */
  function make(bindings) {
    /**
     * @param {Level} lineLevel
     * @param {string} msg
     * @param {Fields} [fields]
     */
    function log(lineLevel, msg, fields = {}) {
      // TODO:
      // - skip lines below the configured level
      // - build { time, level, msg, requestId?, ...bindings, ...fields },
      //   with Error values passed through serializeError
      // - write(JSON.stringify(record)), and never throw, even when
      //   JSON.stringify does (circular objects, BigInt)
    }

    return {
      debug: (msg, fields) => log('debug', msg, fields),
      info: (msg, fields) => log('info', msg, fields),
      warn: (msg, fields) => log('warn', msg, fields),
      error: (msg, fields) => log('error', msg, fields),
      // TODO: a child logger that adds `more` to every line it writes.
      child: (more) => make(bindings),
    };
  }

  return make({ ...base });
}
