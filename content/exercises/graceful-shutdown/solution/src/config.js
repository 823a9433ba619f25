// @ts-check

/**
 * @typedef {'debug' | 'info' | 'warn' | 'error'} LogLevel
 *
 * @typedef {object} Config
 * @property {number} port
 * @property {string} databaseUrl
 * @property {LogLevel} logLevel
 * @property {number} shutdownTimeoutMs
 *
 * @typedef {object} ConfigIssue
 * @property {string} variable the environment variable at fault, e.g. 'PORT'
 * @property {string} message what is wrong with it, in words an operator can act on
 */

/** Thrown by loadConfig() with every problem found, not just the first one. */
export class ConfigError extends Error {
  /** @param {ConfigIssue[]} issues */
  constructor(issues) {
    super(
      `Invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** @type {readonly LogLevel[]} */
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];

/**
 * Reads and validates the service configuration from an environment object (process.env in production,
 * a plain object in tests). Returns a frozen config, or throws one ConfigError listing every problem.
 *
 * @param {Record<string, string | undefined>} env
 * @returns {Readonly<Config>}
 */
export function loadConfig(env) {
  /** @type {ConfigIssue[]} */
  const issues = [];

  /**
   * A variable that is absent, empty or only spaces is "unset": `PORT=` in a .env file means "no value".
   * @param {string} name
   */
  const read = (name) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  /**
   * Parses a whole decimal number within [min, max]. Number() alone is too lenient: it accepts
   * '1e3', '0x50' and '' (as 0), none of which an operator meant as a port.
   * @param {string} name
   * @param {number} fallback
   * @param {number} min
   * @param {number} max
   */
  const integer = (name, fallback, min, max) => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      // Echoing a port or a timeout is harmless and helps the operator spot the typo.
      issues.push({ variable: name, message: `must be a whole number from ${min} to ${max}, got "${raw}"` });
      return fallback;
    }
    return value;
  };

  const port = integer('PORT', 3000, 1, 65_535);
  const shutdownTimeoutMs = integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000);

  let databaseUrl = read('DATABASE_URL') ?? '';
  if (!databaseUrl) {
    issues.push({ variable: 'DATABASE_URL', message: 'is required (e.g. postgres://user:password@host:5432/db)' });
  } else {
    // The URL carries a password: describe what is wrong, never print the value.
    let protocol = '';
    try {
      protocol = new URL(databaseUrl).protocol;
    } catch {
      issues.push({ variable: 'DATABASE_URL', message: 'is not a valid URL' });
    }
    if (protocol && protocol !== 'postgres:' && protocol !== 'postgresql:') {
      issues.push({ variable: 'DATABASE_URL', message: `must use postgres:// or postgresql://, not ${protocol}//` });
    }
    if (issues.some((i) => i.variable === 'DATABASE_URL')) databaseUrl = '';
  }

  const rawLevel = read('LOG_LEVEL') ?? 'info';
  const logLevel = LOG_LEVELS.find((level) => level === rawLevel);
  if (!logLevel) {
    issues.push({ variable: 'LOG_LEVEL', message: `must be one of ${LOG_LEVELS.join(', ')}, got "${rawLevel}"` });
  }

  // Fail fast, all at once: the process should not start half-configured, and the operator should
  // not discover the problems one deploy at a time.
  if (issues.length > 0) throw new ConfigError(issues);

  return Object.freeze({ port, databaseUrl, logLevel: logLevel ?? 'info', shutdownTimeoutMs });
}
