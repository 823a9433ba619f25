// mutant: does not start the next waiting job when a handler succeeds, only on the next add() or failure; breaks rule 2 (when one finishes, the next waiting job starts right away)
// An in-memory job queue with retries, exponential backoff, a dead-letter list
// and a concurrency limit. Time comes from an injected clock, so the same code
// runs on real timers in production and on a fake clock in the tests.

export interface Clock {
  /** current time in milliseconds */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface JobInfo {
  /** the job id given to `add` */
  id: string;
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number;
}

export interface BackoffOptions {
  /** delay after the first failure (default 1000) */
  baseMs?: number;
  /** growth per further failure (default 2) */
  factor?: number;
  /** upper bound applied before jitter (default 60000) */
  maxMs?: number;
  /** turns the capped delay into the real one; gets the number of the attempt that just failed (default: none) */
  jitter?: (delayMs: number, attempt: number) => number;
}

export interface QueueOptions {
  /** does the work; a throw or a rejection is a failed attempt */
  handler: (payload: unknown, info: JobInfo) => unknown;
  /** total attempts before a job is dead-lettered (default 3) */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** most handlers running at the same time (default 1) */
  concurrency?: number;
  /** defaults to the real clock */
  clock?: Clock;
}

export interface DeadLetter {
  id: string;
  payload: unknown;
  /** how many times the handler ran */
  attempts: number;
  /** what the last attempt threw */
  error: unknown;
  /** clock time of the last failure */
  failedAt: number;
}

export interface QueueStats {
  /** ready to run, waiting for a free slot */
  waiting: number;
  /** handler running now */
  active: number;
  /** failed, waiting for its backoff to expire */
  delayed: number;
  /** handler succeeded */
  completed: number;
  /** gave up after maxAttempts */
  dead: number;
}

export interface Queue {
  /** false when the id was already added */
  add(id: string, payload?: unknown): boolean;
  stats(): QueueStats;
  deadLetters(): DeadLetter[];
  /** resolves once nothing is waiting, running or delayed */
  onIdle(): Promise<void>;
}

interface Job {
  id: string;
  payload: unknown;
  attempts: number;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createQueue(options: QueueOptions): Queue {
  const { handler, maxAttempts = 3, concurrency = 1, clock = realClock } = options;
  const { baseMs = 1000, factor = 2, maxMs = 60_000, jitter = (delayMs: number) => delayMs } = options.backoff ?? {};

  // Every id ever added. Producers retry too (a timeout on their side does not
  // mean the add failed), so the queue must turn a duplicate add into a no-op.
  // A real broker keeps this set for a bounded window; in memory we keep it all.
  const seen = new Set<string>();
  /** FIFO of jobs ready to run */
  const waiting: Job[] = [];
  const dead: DeadLetter[] = [];
  let active = 0;
  let delayed = 0;
  let completed = 0;
  let idleWaiters: Array<() => void> = [];

  /**
   * The delay before the next attempt, after `attempt` has failed:
   * baseMs, baseMs·factor, baseMs·factor², … capped at maxMs, then jittered.
   */
  function backoffDelay(attempt: number): number {
    const exponential = baseMs * factor ** (attempt - 1);
    const capped = Math.min(maxMs, exponential);
    return Math.max(0, jitter(capped, attempt));
  }

  function isIdle(): boolean {
    return waiting.length === 0 && active === 0 && delayed === 0;
  }

  function notifyIfIdle(): void {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  // Start as many waiting jobs as there are free slots. Called whenever a job
  // arrives or a slot frees up; it is the only place that starts handlers, so
  // the concurrency limit is enforced in exactly one spot.
  function pump(): void {
    while (active < concurrency && waiting.length > 0) {
      run(waiting.shift()!);
    }
  }

  function run(job: Job): void {
    active += 1;
    job.attempts += 1;
    const info: JobInfo = { id: job.id, attempt: job.attempts };

    // `new Promise` turns a synchronous throw inside the handler into a
    // rejection, so one code path handles both kinds of failure.
    new Promise((resolve) => resolve(handler(job.payload, info))).then(
      () => {
        active -= 1;
        completed += 1;
        notifyIfIdle();
      },
      (error: unknown) => {
        active -= 1;
        if (job.attempts >= maxAttempts) {
          // Out of attempts: park it where a human (or a replay tool) can see
          // it. Dropping it silently would break at-least-once delivery.
          dead.push({ id: job.id, payload: job.payload, attempts: job.attempts, error, failedAt: clock.now() });
        } else {
          // Wait outside the slot: a job sleeping through its backoff must not
          // block healthy jobs behind it. When it wakes up it queues behind the
          // jobs that are already waiting.
          delayed += 1;
          clock.setTimeout(() => {
            delayed -= 1;
            waiting.push(job);
            pump();
          }, backoffDelay(job.attempts));
        }
        pump();
        notifyIfIdle();
      },
    );
  }

  return {
    add(id, payload) {
      if (seen.has(id)) return false;
      seen.add(id);
      waiting.push({ id, payload, attempts: 0 });
      pump();
      return true;
    },

    stats() {
      return { waiting: waiting.length, active, delayed, completed, dead: dead.length };
    },

    deadLetters() {
      // Copies, so callers cannot rewrite the queue's history.
      return dead.map((entry) => ({ ...entry }));
    },

    onIdle() {
      if (isIdle()) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
