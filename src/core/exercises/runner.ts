import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CheckResult {
  name: string;
  /** Names of enclosing describe blocks, outermost first. */
  suite: string[];
  file?: string;
  line?: number;
  ok: boolean;
  durationMs?: number;
  message?: string;
  expected?: string;
  actual?: string;
  location?: string;
}

export type CheckStatus = 'passed' | 'failed' | 'timed-out' | 'crashed' | 'no-tests' | 'cancelled';

export interface CheckReport {
  status: CheckStatus;
  results: CheckResult[];
  passed: number;
  failed: number;
  durationMs: number;
  /** What the process printed outside the reporter (console output, load errors), trimmed. */
  output: string;
  exitCode: number | null;
}

export interface RunOptions {
  /** Node executable; defaults to `node` on PATH. */
  node?: string;
  /** Flags for Node before `--test` (`findNode(...).args`: the type-stripping flag where needed). */
  nodeArgs?: string[];
  /** Path of dist/test-reporter.mjs. */
  reporter: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra environment variables for the test process. */
  env?: Record<string, string>;
}

const TEST_FILE = /\.test\.(?:ts|mts|js|mjs|cjs)$/;

/** Test files of an exercise: `test/**\/*.test.ts` (and `.js` in folders started before the exercises were TypeScript), sorted. */
export function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 8) return;
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(d, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p, depth + 1);
      else if (TEST_FILE.test(name)) out.push(relative(dir, p));
    }
  };
  walk(join(dir, 'test'), 0);
  return out;
}

/** Kills a detached child and everything it started (its process group). */
function killTree(pid: number | undefined): void {
  if (!pid) return;
  try {
    if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(pid), '/T', '/F']);
    else process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs an exercise's tests in a child process with a time limit and parses the reporter's JSON lines. */
export function runCheck(dir: string, options: RunOptions): Promise<CheckReport> {
  const files = findTestFiles(dir);
  const started = Date.now();
  if (files.length === 0) {
    return Promise.resolve({ status: 'no-tests', results: [], passed: 0, failed: 0, durationMs: 0, output: `No test files (test/*.test.ts) in ${dir}.`, exitCode: null });
  }
  return new Promise((resolve) => {
    const args = [...(options.nodeArgs ?? []), '--test', `--test-reporter=${options.reporter}`, '--test-reporter-destination=stdout', ...files];
    const child = spawn(options.node ?? 'node', args, {
      cwd: dir,
      detached: process.platform !== 'win32',
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let finished = false;
    let timedOut = false;
    let cancelled = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 100_000) stderr += d; });
    const timer = setTimeout(() => { timedOut = true; killTree(child.pid); }, options.timeoutMs);
    const onAbort = () => { cancelled = true; killTree(child.pid); };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (exitCode: number | null, spawnError?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      killTree(child.pid); // a test may have left servers or timers running in grandchildren
      const { results, other } = parseReporterOutput(stdout);
      const passed = results.filter((r) => r.ok).length;
      const failed = results.length - passed;
      const output = [other.join('\n'), stderr].filter(Boolean).join('\n').trim().slice(0, 20_000);
      let status: CheckStatus;
      if (spawnError) status = 'crashed';
      else if (cancelled) status = 'cancelled';
      else if (timedOut) status = 'timed-out';
      else if (results.length === 0) status = 'crashed';
      else status = failed === 0 && exitCode === 0 ? 'passed' : 'failed';
      resolve({ status, results, passed, failed, durationMs: Date.now() - started, output: spawnError ? spawnError.message : output, exitCode });
    };
    child.on('error', (e) => finish(null, e));
    child.on('close', (code) => finish(code));
  });
}

/** Parses the JSON lines of dist/test-reporter.mjs; anything else is kept as plain output. */
export function parseReporterOutput(stdout: string): { results: CheckResult[]; other: string[] } {
  const results: CheckResult[] = [];
  const other: string[] = [];
  // Events arrive in completion order: children before their parent suite. Track open suites by nesting.
  const pending: { nesting: number; result: CheckResult }[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    let ev: { event?: string; name?: string; nesting?: number; file?: string; line?: number; durationMs?: number; error?: Record<string, unknown>; message?: string };
    try {
      ev = JSON.parse(line);
    } catch {
      other.push(line);
      continue;
    }
    if (ev.event === 'diagnostic') continue;
    const isSuite = ev.event === 'suite-pass' || ev.event === 'suite-fail';
    if (ev.event !== 'pass' && ev.event !== 'fail' && !isSuite) {
      other.push(line);
      continue;
    }
    const nesting = ev.nesting ?? 0;
    // A finished test or suite at nesting n is the parent of the pending results deeper than n.
    const children = pending.filter((p) => p.nesting > nesting);
    for (const c of children) c.result.suite.unshift(ev.name ?? '');
    if (children.length) pending.splice(0, pending.length, ...pending.filter((p) => p.nesting <= nesting));
    // A parent only aggregates its children, unless it failed on its own (a hook, or code outside subtests).
    if (isSuite && (ev.event === 'suite-pass' || children.some((c) => !c.result.ok))) continue;
    if (!isSuite && children.length && (ev.event === 'pass' || children.some((c) => !c.result.ok))) continue;
    const err = ev.error ?? {};
    const stack = Array.isArray(err.stack) ? (err.stack as string[]) : [];
    const result: CheckResult = {
      name: ev.name ?? '(unnamed test)',
      suite: [],
      ...(ev.file ? { file: ev.file } : {}),
      ...(ev.line ? { line: ev.line } : {}),
      ok: ev.event === 'pass' || ev.event === 'suite-pass',
      ...(ev.durationMs !== undefined ? { durationMs: ev.durationMs } : {}),
      ...(ev.event === 'fail' || ev.event === 'suite-fail' ? { message: String(err.message ?? 'failed') } : {}),
      ...(typeof err.expected === 'string' ? { expected: err.expected } : {}),
      ...(typeof err.actual === 'string' ? { actual: err.actual } : {}),
      ...(stack[0] ? { location: stack[0].replace(/^at\s+/, '') } : {}),
    };
    results.push(result);
    pending.push({ nesting, result });
  }
  return { results, other };
}

/** A readable report: which expectation failed, expected vs actual, and what to do next. */
export function formatReport(report: CheckReport, hint?: string): string {
  const lines: string[] = [];
  const icon = (ok: boolean) => (ok ? '✔' : '✘');
  for (const r of report.results) {
    lines.push(`${icon(r.ok)} ${[...r.suite, r.name].join(' › ')}`);
    if (!r.ok) {
      if (r.message) lines.push(...r.message.split('\n').slice(0, 12).map((l) => `    ${l}`));
      if (r.expected !== undefined || r.actual !== undefined) {
        lines.push(`    expected: ${r.expected ?? '(n/a)'}`);
        lines.push(`    actual:   ${r.actual ?? '(n/a)'}`);
      }
      if (r.location) lines.push(`    at ${r.location}`);
    }
  }
  lines.push('');
  switch (report.status) {
    case 'passed':
      lines.push(`All ${report.passed} checks passed in ${report.durationMs} ms. Well done!`);
      break;
    case 'failed':
      lines.push(`${report.passed} passed, ${report.failed} failed.`);
      if (hint) lines.push(`Hint: ${hint}`);
      break;
    case 'timed-out':
      lines.push(`The check did not finish in time and was stopped. Something in your code probably never resolves (a promise nobody settles, a server that is never closed, an endless loop). ${report.passed} passed, ${report.failed} failed before it was stopped.`);
      break;
    case 'crashed':
      lines.push('The tests could not run. Node printed:');
      lines.push(...report.output.split('\n').slice(0, 30).map((l) => `    ${l}`));
      break;
    case 'no-tests':
      lines.push(report.output);
      break;
    case 'cancelled':
      lines.push('The check was cancelled.');
      break;
  }
  return lines.join('\n');
}
