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

/**
 * Reads and validates the service configuration from an environment object (process.env in production,
 * a plain object in tests). Returns a frozen config, or throws one ConfigError listing every problem.
 *
 * @param {Record<string, string | undefined>} env
 * @returns {Readonly<Config>}
 */
export function loadConfig(env) {
  // TODO: this is the version that shipped. It "works" until someone sets PORT=80a or forgets DATABASE_URL,
  // and then the service boots with nonsense and fails much later, far from the cause.
  // Validate each variable as described in the README, collect ConfigIssue objects, and throw a
  // ConfigError at the end if there are any.
  return {
    port: Number(env.PORT) || 3000,
    databaseUrl: String(env.DATABASE_URL),
    logLevel: /** @type {LogLevel} */ (env.LOG_LEVEL || 'info'),
    shutdownTimeoutMs: Number(env.SHUTDOWN_TIMEOUT_MS) || 10_000,
  };
}
