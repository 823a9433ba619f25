import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { CHECK_ID_ENV, newCheckId, sweepCheckProcesses } from './processes';
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

/** `error`: the coach itself failed while running the check (not the learner's code). */
export type CheckStatus = 'passed' | 'failed' | 'timed-out' | 'crashed' | 'no-tests' | 'cancelled' | 'error';

export interface CheckReport {
  status: CheckStatus;
  results: CheckResult[];
  passed: number;
  failed: number;
  durationMs: number;
  /** What the process printed outside the reporter (console output, load errors), trimmed. */
  output: string;
  exitCode: number | null;
  /** Bytes of output beyond the cap (RunOptions.maxOutputBytes), counted but not kept or parsed. */
  truncatedBytes?: number;
  /** Processes the check left running (detached servers, sleeps…), all killed, and the ports they listened on. */
  leftovers?: { processes: number; ports: number[] };
  /**
   * A `write-tests` exercise (see check.ts): the hidden buggy implementations, and whether the learner's
   * tests caught each one. `results`, `passed` and `failed` are then the learner's own tests.
   */
  bugs?: BugResult[];
}

/** One hidden buggy implementation of a `write-tests` exercise; caught = the learner's tests failed against it. */
export interface BugResult {
  name: string;
  /** What is wrong, in words (never code). */
  description: string;
  caught: boolean;
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
  /**
   * Output kept and parsed, in bytes (stdout and stderr together; default 5 MB). More is counted, not
   * kept, and a check whose output was cut is never reported as passed (its results are incomplete).
   */
  maxOutputBytes?: number;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 5 * 1024 * 1024;

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

/**
 * Splits a byte stream into lines and keeps at most `budget` bytes of them; beyond that, bytes are only
 * counted. A line longer than what is left of the budget is dropped whole (and counted), so memory stays
 * bounded whatever the child prints, and no string ever grows past the budget.
 */
class LineLimiter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private dropping = false;
  kept = 0;
  dropped = 0;
  constructor(private budget: { left: number }, private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, nl), true);
      start = nl + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start), false);
  }

  end(): void {
    if (this.partialBytes || this.dropping) this.take(Buffer.alloc(0), true);
  }

  private take(piece: Buffer, complete: boolean): void {
    if (!this.dropping && this.partialBytes + piece.length + 1 > this.budget.left) {
      // Over budget: drop this line (and whatever of it was buffered) and every line after it.
      this.dropped += this.partialBytes + piece.length;
      this.partial = [];
      this.partialBytes = 0;
      this.budget.left = 0;
      this.dropping = true;
    }
    if (this.dropping) {
      this.dropped += piece.length + (complete ? 1 : 0);
      return;
    }
    this.partial.push(piece);
    this.partialBytes += piece.length;
    if (!complete) return;
    const line = Buffer.concat(this.partial).toString('utf8');
    this.budget.left -= this.partialBytes + 1;
    this.kept += this.partialBytes + 1;
    this.partial = [];
    this.partialBytes = 0;
    this.onLine(line);
  }
}

/**
 * Runs an exercise's tests in a child process with a time limit and parses the reporter's JSON lines as
 * they stream. Every process the check starts — detached ones included — is ended at the time limit, on
 * cancel and when the check ends (see processes.ts); output beyond `maxOutputBytes` is counted, not kept.
 */
export function runCheck(dir: string, options: RunOptions): Promise<CheckReport> {
  const files = findTestFiles(dir);
  const started = Date.now();
  if (files.length === 0) {
    return Promise.resolve({ status: 'no-tests', results: [], passed: 0, failed: 0, durationMs: 0, output: `No test files (test/*.test.ts) in ${dir}.`, exitCode: null });
  }
  return new Promise((resolve) => {
    const checkId = newCheckId();
    const args = [...(options.nodeArgs ?? []), '--test', `--test-reporter=${options.reporter}`, '--test-reporter-destination=stdout', ...files];
    const child = spawn(options.node ?? 'node', args, {
      cwd: dir,
      detached: process.platform !== 'win32',
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1', ...options.env, [CHECK_ID_ENV]: checkId },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const budget = { left: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES };
    const parser = new ReporterParser();
    const stderrLines: string[] = [];
    const out = new LineLimiter(budget, (line) => parser.line(line));
    const err = new LineLimiter(budget, (line) => stderrLines.push(line));
    let finished = false;
    let timedOut = false;
    let cancelled = false;
    let internal: Error | undefined;
    // Left running: processes started detached (outside the test process's group), and anything still
    // alive after the test process exited. The test process's own workers, stopped at a time limit, are not.
    const leftover = { processes: new Set<number>(), ports: new Set<number>() };
    let exited = false;
    const sweep = () => {
      try {
        const r = sweepCheckProcesses(checkId, child.pid ? [child.pid] : []);
        for (const pid of exited ? r.killed : r.detached) if (pid !== child.pid) leftover.processes.add(pid);
        for (const p of r.ports) leftover.ports.add(p);
      } catch (e) {
        internal ??= e as Error;
      }
    };
    const guard = (fn: () => void) => () => {
      try {
        fn();
      } catch (e) {
        // A bug in the coach must not look like the learner's result: stop and report it as internal.
        internal ??= e as Error;
        sweep();
      }
    };
    child.stdout.on('data', (d: Buffer) => guard(() => out.push(d))());
    child.stderr.on('data', (d: Buffer) => guard(() => err.push(d))());
    const timer = setTimeout(() => { timedOut = true; sweep(); }, options.timeoutMs);
    const onAbort = () => { cancelled = true; sweep(); };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // The test process has exited: whatever it left running (detached servers, sleeps…) ends now, which
    // also closes any copy of our pipes they hold, so 'close' follows.
    child.on('exit', () => { exited = true; sweep(); });
    const finish = (exitCode: number | null, spawnError?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      sweep();
      try {
        out.end();
        err.end();
      } catch (e) {
        internal ??= e as Error;
      }
      const { results, other } = parser.result();
      const passed = results.filter((r) => r.ok).length;
      const failed = results.length - passed;
      const output = [other.join('\n'), stderrLines.join('\n')].filter(Boolean).join('\n').trim().slice(0, 20_000);
      const truncatedBytes = out.dropped + err.dropped;
      let status: CheckStatus;
      if (internal) status = 'error';
      else if (spawnError) status = 'crashed';
      else if (cancelled) status = 'cancelled';
      else if (timedOut) status = 'timed-out';
      else if (results.length === 0) status = 'crashed';
      else status = failed === 0 && exitCode === 0 && truncatedBytes === 0 ? 'passed' : 'failed';
      resolve({
        status,
        results,
        passed,
        failed,
        durationMs: Date.now() - started,
        output: internal ? `Internal error of the coach: ${internal.message}` : spawnError ? spawnError.message : output,
        exitCode,
        ...(truncatedBytes ? { truncatedBytes } : {}),
        ...(leftover.processes.size ? { leftovers: { processes: leftover.processes.size, ports: [...leftover.ports].sort((a, b) => a - b) } } : {}),
      });
    };
    child.on('error', (e) => finish(null, e));
    child.on('close', (code) => finish(code));
  });
}

type ReporterEvent = { event?: string; name?: string; nesting?: number; file?: string; line?: number; durationMs?: number; error?: Record<string, unknown>; message?: string };

/**
 * Parses the JSON lines of dist/test-reporter.mjs one at a time (as they stream); anything else is kept
 * as plain output. Events arrive in completion order: children before their parent suite.
 */
export class ReporterParser {
  private readonly results: CheckResult[] = [];
  private readonly other: string[] = [];
  /** Open results by nesting, waiting for their parent to finish. */
  private pending: { nesting: number; result: CheckResult }[] = [];

  line(line: string): void {
    if (!line.trim()) return;
    let ev: ReporterEvent;
    try {
      ev = JSON.parse(line) as ReporterEvent;
    } catch {
      this.other.push(line);
      return;
    }
    if (ev.event === 'diagnostic') return;
    const isSuite = ev.event === 'suite-pass' || ev.event === 'suite-fail';
    if (ev.event !== 'pass' && ev.event !== 'fail' && !isSuite) {
      this.other.push(line);
      return;
    }
    const nesting = ev.nesting ?? 0;
    // A finished test or suite at nesting n is the parent of the pending results deeper than n.
    const children = this.pending.filter((p) => p.nesting > nesting);
    for (const c of children) c.result.suite.unshift(ev.name ?? '');
    if (children.length) this.pending = this.pending.filter((p) => p.nesting <= nesting);
    // A parent only aggregates its children, unless it failed on its own (a hook, or code outside subtests).
    if (isSuite && (ev.event === 'suite-pass' || children.some((c) => !c.result.ok))) return;
    if (!isSuite && children.length && (ev.event === 'pass' || children.some((c) => !c.result.ok))) return;
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
    this.results.push(result);
    this.pending.push({ nesting, result });
  }

  result(): { results: CheckResult[]; other: string[] } {
    return { results: this.results, other: this.other };
  }
}

/** Parses a whole reporter output at once (see ReporterParser). */
export function parseReporterOutput(stdout: string): { results: CheckResult[]; other: string[] } {
  const parser = new ReporterParser();
  for (const line of stdout.split('\n')) parser.line(line);
  return parser.result();
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}

/** A readable report: which expectation failed, expected vs actual, and what to do next. */
export function formatReport(report: CheckReport, hint?: string): string {
  const lines: string[] = [];
  const icon = (ok: boolean) => (ok ? '✔' : '✘');
  if (report.bugs) lines.push('Your tests, against the correct implementation:');
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
  if (report.bugs) {
    lines.push('', `Bugs caught: ${report.bugs.filter((b) => b.caught).length} of ${report.bugs.length}`);
    for (const b of report.bugs) if (!b.caught) lines.push(`✘ Not caught: ${b.description}`);
  }
  lines.push('');
  switch (report.status) {
    case 'passed':
      lines.push(report.bugs
        ? `Your ${report.passed} tests pass against the correct implementation and catch all ${report.bugs.length} hidden bugs. Well done!`
        : `All ${report.passed} checks passed in ${report.durationMs} ms. Well done!`);
      break;
    case 'failed':
      if (report.bugs && report.failed === 0) lines.push(`Your ${report.passed} tests pass, but ${report.bugs.filter((b) => !b.caught).length} hidden bug(s) got through: add tests that fail on them.`);
      else if (report.bugs) lines.push(`${report.failed} of your tests fail against the CORRECT implementation: a test that fails on correct code is testing the wrong thing. Fix those first.`);
      else lines.push(`${report.passed} passed, ${report.failed} failed.`);
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
    case 'error':
      lines.push('The coach failed while running the check (this is not about your code):');
      lines.push(`    ${report.output}`);
      break;
  }
  if (report.truncatedBytes) {
    lines.push(`The check printed too much: ${formatBytes(report.truncatedBytes)} of output beyond the limit was counted and dropped. Results may be missing, so the check does not count as passed; remove the code that prints or reports this much.`);
  }
  if (report.leftovers) {
    const ports = report.leftovers.ports.length ? `, listening on port${report.leftovers.ports.length > 1 ? 's' : ''} ${report.leftovers.ports.join(', ')}` : '';
    lines.push(`${report.leftovers.processes} process${report.leftovers.processes > 1 ? 'es' : ''} started by the tests ${report.leftovers.processes > 1 ? 'were' : 'was'} still running${ports}, and ${report.leftovers.processes > 1 ? 'were' : 'was'} stopped. Close servers and child processes in your tests (after(), server.close(), child.kill()).`);
  }
  return lines.join('\n');
}
