// An in-memory job queue with retries, exponential backoff, a dead-letter list
// and a concurrency limit. Time comes from an injected clock: never call the
// global setTimeout, setImmediate or Date.now here, use `clock.setTimeout` and `clock.now`.

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

  /** FIFO of jobs ready to run */
  const waiting: Job[] = [];
  const dead: DeadLetter[] = [];
  let active = 0;
  let delayed = 0;
  let completed = 0;

  // TODO: remember every id that was ever added, so that a duplicate add is a no-op.

  /** The delay before the next attempt, after attempt number `attempt` failed. */
  function backoffDelay(attempt: number): number {
    // TODO: baseMs, baseMs·factor, baseMs·factor², … capped at maxMs,
    // then passed through jitter(delay, attempt).
    return 0;
  }

  // Start as many waiting jobs as there are free slots.
  function pump(): void {
    // TODO: while a slot is free and a job is waiting, take the oldest and run(job).
  }

  function run(job: Job): void {
    // TODO:
    // - count the attempt and call handler(job.payload, { id, attempt });
    //   a synchronous throw is a failure just like a rejected promise
    // - on success: count it as completed
    // - on failure: dead-letter it after maxAttempts, otherwise schedule a
    //   retry with clock.setTimeout(…, backoffDelay(attempt)); when it fires,
    //   the job goes to the end of the waiting line
    // - either way the slot is free again: pump()
  }

  return {
    add(id, payload) {
      // TODO: reject duplicate ids, enqueue, and start work if a slot is free.
      return false;
    },

    stats() {
      return { waiting: waiting.length, active, delayed, completed, dead: dead.length };
    },

    deadLetters() {
      // TODO: the dead-lettered jobs, oldest first.
      return [];
    },

    onIdle() {
      // TODO: resolve once nothing is waiting, running or delayed
      // (immediately if that is already the case).
      return Promise.resolve();
    },
  };
}
