import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../src/config.ts';

const VALID_URL = 'postgres://app:s3cr3t-pa55@db.internal:5432/orders';

/** Runs loadConfig and returns the ConfigError it throws (failing the test if it throws nothing or something else). */
function configErrorFor(env: Record<string, string | undefined>, why: string): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `${why}: expected a ConfigError, got ${err}`);
    assert.ok(Array.isArray(err.issues) && err.issues.length > 0, `${why}: the ConfigError should list its issues`);
    return err;
  }
  assert.fail(`${why}: expected loadConfig to throw a ConfigError, but it returned a config`);
}

const variables = (err: ConfigError) => err.issues.map((issue) => issue.variable);

test('a minimal valid environment gets sensible defaults, typed values and a frozen config', () => {
  const config = loadConfig({ DATABASE_URL: VALID_URL, PATH: '/usr/bin', PORT: '' });
  assert.equal(config.port, 3000, 'PORT should default to 3000 when unset or empty (PORT= in a .env file is "unset")');
  assert.equal(config.databaseUrl, VALID_URL, 'databaseUrl should be the DATABASE_URL value');
  assert.equal(config.logLevel, 'info', 'LOG_LEVEL should default to info');
  assert.equal(config.shutdownTimeoutMs, 10_000, 'SHUTDOWN_TIMEOUT_MS should default to 10000');
  assert.ok(Object.isFrozen(config), 'the config should be frozen so no module can change it at runtime');
  assert.ok(!('PATH' in config), 'unrelated environment variables should not leak into the config');

  const custom = loadConfig({ DATABASE_URL: VALID_URL, PORT: ' 8080 ', LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_MS: '25000' });
  assert.equal(custom.port, 8080, 'PORT should be parsed to a number (surrounding spaces trimmed)');
  assert.equal(custom.logLevel, 'debug', 'LOG_LEVEL should be taken from the environment');
  assert.equal(custom.shutdownTimeoutMs, 25_000, 'SHUTDOWN_TIMEOUT_MS should be parsed to a number');
});

test('PORT must be a whole number from 1 to 65535', () => {
  for (const bad of ['abc', '0', '65536', '80.5', '-1', '8080abc', '1e3', '0x50']) {
    const err = configErrorFor({ DATABASE_URL: VALID_URL, PORT: bad }, `PORT=${bad}`);
    assert.deepEqual(variables(err), ['PORT'], `PORT=${JSON.stringify(bad)} should be reported as the one problem`);
  }
  assert.equal(loadConfig({ DATABASE_URL: VALID_URL, PORT: '65535' }).port, 65535, 'PORT=65535 is the highest valid port');
  assert.equal(loadConfig({ DATABASE_URL: VALID_URL, PORT: '1' }).port, 1, 'PORT=1 is the lowest valid port');
});

test('SHUTDOWN_TIMEOUT_MS must be a whole number from 0 to 600000', () => {
  for (const bad of ['-5', '600001', '2.5', '10s']) {
    const err = configErrorFor({ DATABASE_URL: VALID_URL, SHUTDOWN_TIMEOUT_MS: bad }, `SHUTDOWN_TIMEOUT_MS=${bad}`);
    assert.deepEqual(variables(err), ['SHUTDOWN_TIMEOUT_MS'], `SHUTDOWN_TIMEOUT_MS=${JSON.stringify(bad)} should be reported as the one problem`);
  }
  assert.equal(loadConfig({ DATABASE_URL: VALID_URL, SHUTDOWN_TIMEOUT_MS: '0' }).shutdownTimeoutMs, 0, '0 is allowed (force-close at once)');
  assert.equal(loadConfig({ DATABASE_URL: VALID_URL, SHUTDOWN_TIMEOUT_MS: '600000' }).shutdownTimeoutMs, 600_000, '600000 (ten minutes) is the highest allowed value');
});

test('only the env object passed in is read, never process.env', () => {
  const saved = process.env.PORT;
  process.env.PORT = '4321';
  try {
    assert.equal(loadConfig({ DATABASE_URL: VALID_URL }).port, 3000, 'loadConfig(env) must read the object it is given: with no PORT in it, the port is the default 3000');
  } finally {
    if (saved === undefined) delete process.env.PORT;
    else process.env.PORT = saved;
  }
});

test('DATABASE_URL is required, must be a postgres URL, and its value is never echoed', () => {
  assert.deepEqual(variables(configErrorFor({}, 'no DATABASE_URL')), ['DATABASE_URL'], 'a missing DATABASE_URL should be reported');
  assert.deepEqual(variables(configErrorFor({ DATABASE_URL: '   ' }, 'blank DATABASE_URL')), ['DATABASE_URL'], 'a blank DATABASE_URL counts as missing');
  assert.deepEqual(variables(configErrorFor({ DATABASE_URL: 'not a url' }, 'garbage DATABASE_URL')), ['DATABASE_URL'], 'an unparsable DATABASE_URL should be reported');

  const wrong = configErrorFor({ DATABASE_URL: 'mysql://root:hunter2-secret@db:3306/app' }, 'mysql DATABASE_URL');
  assert.deepEqual(variables(wrong), ['DATABASE_URL'], 'a non-postgres URL (mysql://) should be reported');
  const everything = wrong.message + JSON.stringify(wrong.issues);
  assert.ok(!everything.includes('hunter2-secret'), 'error messages end up in logs: they must never contain the password from DATABASE_URL');

  assert.equal(loadConfig({ DATABASE_URL: 'postgresql://localhost/app' }).databaseUrl, 'postgresql://localhost/app', 'postgresql:// is also valid');
});

test('every problem is reported at once, in one error', () => {
  const err = configErrorFor(
    { PORT: 'eighty', LOG_LEVEL: 'verbose', SHUTDOWN_TIMEOUT_MS: '-5' },
    'four bad variables',
  );
  assert.deepEqual(
    [...variables(err)].sort(),
    ['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SHUTDOWN_TIMEOUT_MS'],
    'all four problems should be reported together, so an operator fixes them in one deploy instead of four',
  );
  for (const name of ['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SHUTDOWN_TIMEOUT_MS']) {
    assert.ok(err.message.includes(name), `the error message should name ${name} so the operator knows what to fix`);
  }
  for (const issue of err.issues) {
    assert.ok(typeof issue.message === 'string' && issue.message.trim().length > 0, `the issue for ${issue.variable} should explain what is wrong`);
  }
});
