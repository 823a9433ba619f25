export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  port: number;
  databaseUrl: string;
  logLevel: LogLevel;
  shutdownTimeoutMs: number;
}

export interface ConfigIssue {
  /** the environment variable at fault, e.g. 'PORT' */
  variable: string;
  /** what is wrong with it, in words an operator can act on */
  message: string;
}

/** Thrown by loadConfig() with every problem found, not just the first one. */
export class ConfigError extends Error {
  issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
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
 */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  // TODO: this is the version that shipped. It "works" until someone sets PORT=80a or forgets DATABASE_URL,
  // and then the service boots with nonsense and fails much later, far from the cause.
  // Validate each variable as described in the README, collect ConfigIssue objects, and throw a
  // ConfigError at the end if there are any.
  return {
    port: Number(env.PORT) || 3000,
    databaseUrl: String(env.DATABASE_URL),
    logLevel: (env.LOG_LEVEL || 'info') as LogLevel,
    shutdownTimeoutMs: Number(env.SHUTDOWN_TIMEOUT_MS) || 10_000,
  };
}
