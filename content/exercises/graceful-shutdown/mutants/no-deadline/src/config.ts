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

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Reads and validates the service configuration from an environment object (process.env in production,
 * a plain object in tests). Returns a frozen config, or throws one ConfigError listing every problem.
 */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const issues: ConfigIssue[] = [];

  /** A variable that is absent, empty or only spaces is "unset": `PORT=` in a .env file means "no value". */
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  /**
   * Parses a whole decimal number within [min, max]. Number() alone is too lenient: it accepts
   * '1e3', '0x50' and '' (as 0), none of which an operator meant as a port.
   */
  const integer = (name: string, fallback: number, min: number, max: number): number => {
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
