import { z } from 'zod';

/** Current version of the stored progress document. Bump it and add a step to `MIGRATIONS` when the shape changes. */
export const PROGRESS_VERSION = 1;
export const PROGRESS_KEY = 'roadmapCoach.progress';
export const BACKUP_KEY_PREFIX = 'roadmapCoach.progressBackup.';

const Timestamp = z.string().min(1);

export const ProgressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  /** Done topics by `<phaseId>/<topicId>`. */
  topics: z.record(z.string(), z.object({ doneAt: Timestamp })).default({}),
  /** Exercises by id. */
  exercises: z
    .record(
      z.string(),
      z.object({
        startedAt: Timestamp.optional(),
        passedAt: Timestamp.optional(),
        hintsShown: z.number().int().min(0).default(0),
        solutionViewed: z.boolean().default(false),
      }),
    )
    .default({}),
  /** Quiz answers by phase id, then question id. */
  quizzes: z
    .record(
      z.string(),
      z.record(z.string(), z.object({ option: z.number().int().min(0), correct: z.boolean(), at: Timestamp })),
    )
    .default({}),
});

export type Progress = z.infer<typeof ProgressSchema>;
export type ExerciseProgress = Progress['exercises'][string];

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, topics: {}, exercises: {}, quizzes: {} };
}

/** Steps from version N to N+1. Version 1 is the first; the table is where later versions plug in. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

export type LoadOutcome =
  | { kind: 'ok'; progress: Progress }
  | { kind: 'empty'; progress: Progress }
  | { kind: 'recovered'; progress: Progress; reason: string };

/** Parses whatever was stored. Never throws: unknown or corrupt data yields a clean document and a reason. */
export function parseProgress(raw: unknown): LoadOutcome {
  if (raw === undefined || raw === null) return { kind: 'empty', progress: emptyProgress() };
  let doc: unknown = raw;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return { kind: 'recovered', progress: emptyProgress(), reason: 'the stored progress is not valid JSON' };
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { kind: 'recovered', progress: emptyProgress(), reason: 'the stored progress is not an object' };
  }
  let record = doc as Record<string, unknown>;
  const storedVersion = record.version;
  if (typeof storedVersion !== 'number' || !Number.isInteger(storedVersion)) {
    return { kind: 'recovered', progress: emptyProgress(), reason: 'the stored progress has no version' };
  }
  let version: number = storedVersion;
  if (version > PROGRESS_VERSION) {
    return { kind: 'recovered', progress: emptyProgress(), reason: `the stored progress was written by a newer version of the extension (format ${version})` };
  }
  while (version < PROGRESS_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) return { kind: 'recovered', progress: emptyProgress(), reason: `no migration from progress format ${version}` };
    record = step(record);
    version = record.version as number;
  }
  const parsed = ProgressSchema.safeParse(record);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { kind: 'recovered', progress: emptyProgress(), reason: `the stored progress is damaged (${first?.path.join('.') || 'root'}: ${first?.message})` };
  }
  return { kind: 'ok', progress: parsed.data };
}

const earliest = (a: string | undefined, b: string | undefined): string | undefined => (!a ? b : !b ? a : a < b ? a : b);
const latest = (a: string | undefined, b: string | undefined): string | undefined => (!a ? b : !b ? a : a > b ? a : b);

/** Merges imported progress into the current one: nothing done is ever lost; for quiz answers the newer wins. */
export function mergeProgress(current: Progress, incoming: Progress): Progress {
  const topics = { ...current.topics };
  for (const [key, value] of Object.entries(incoming.topics)) {
    topics[key] = { doneAt: earliest(topics[key]?.doneAt, value.doneAt)! };
  }
  const exercises = { ...current.exercises };
  for (const [id, value] of Object.entries(incoming.exercises)) {
    const mine = exercises[id];
    exercises[id] = {
      startedAt: earliest(mine?.startedAt, value.startedAt),
      passedAt: earliest(mine?.passedAt, value.passedAt),
      hintsShown: Math.max(mine?.hintsShown ?? 0, value.hintsShown),
      solutionViewed: (mine?.solutionViewed ?? false) || value.solutionViewed,
    };
  }
  const quizzes: Progress['quizzes'] = {};
  for (const phaseId of new Set([...Object.keys(current.quizzes), ...Object.keys(incoming.quizzes)])) {
    const merged = { ...current.quizzes[phaseId] };
    for (const [qid, answer] of Object.entries(incoming.quizzes[phaseId] ?? {})) {
      const mine = merged[qid];
      merged[qid] = !mine || latest(mine.at, answer.at) === answer.at ? answer : mine;
    }
    quizzes[phaseId] = merged;
  }
  return { version: PROGRESS_VERSION, topics, exercises, quizzes };
}

/** The part of VS Code's `Memento` the store needs; an in-memory one makes the logic testable. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
  keys(): readonly string[];
}

export class MemoryKeyValueStore implements KeyValueStore {
  private readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, structuredClone(value));
    return Promise.resolve();
  }
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
}

export interface ProgressSummary {
  done: number;
  total: number;
  percent: number;
}

/**
 * Owns the progress document: reads it once, writes every change, keeps a backup of anything it could not read.
 * `now` is injected so tests control time.
 */
export class ProgressStore {
  private state: Progress;
  private readonly listeners = new Set<() => void>();
  /** Set when the stored data could not be used; the adapter tells the user once. */
  readonly recovery: { reason: string; backupKey: string } | undefined;

  private constructor(
    private readonly kv: KeyValueStore,
    private readonly now: () => Date,
    state: Progress,
    recovery?: { reason: string; backupKey: string },
  ) {
    this.state = state;
    this.recovery = recovery;
  }

  static async open(kv: KeyValueStore, now: () => Date = () => new Date()): Promise<ProgressStore> {
    const raw = kv.get<unknown>(PROGRESS_KEY);
    const outcome = parseProgress(raw);
    if (outcome.kind !== 'recovered') return new ProgressStore(kv, now, outcome.progress);
    const backupKey = `${BACKUP_KEY_PREFIX}${now().toISOString()}`;
    await kv.update(backupKey, raw);
    await kv.update(PROGRESS_KEY, outcome.progress);
    return new ProgressStore(kv, now, outcome.progress, { reason: outcome.reason, backupKey });
  }

  get snapshot(): Progress {
    return this.state;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Re-reads the store, e.g. after Settings Sync brought a newer document from another machine. */
  reload(): void {
    const outcome = parseProgress(this.kv.get<unknown>(PROGRESS_KEY));
    if (outcome.kind === 'recovered') return;
    this.state = outcome.progress;
    this.emit();
  }

  isTopicDone(key: string): boolean {
    return key in this.state.topics;
  }

  async setTopicDone(key: string, done: boolean): Promise<void> {
    const topics = { ...this.state.topics };
    if (done) topics[key] = topics[key] ?? { doneAt: this.now().toISOString() };
    else delete topics[key];
    await this.write({ ...this.state, topics });
  }

  exercise(id: string): ExerciseProgress | undefined {
    return this.state.exercises[id];
  }

  async updateExercise(id: string, change: Partial<ExerciseProgress>): Promise<void> {
    const current = this.state.exercises[id] ?? { hintsShown: 0, solutionViewed: false };
    await this.write({ ...this.state, exercises: { ...this.state.exercises, [id]: { ...current, ...change } } });
  }

  async markExercisePassed(id: string): Promise<void> {
    const current = this.state.exercises[id];
    await this.updateExercise(id, { passedAt: current?.passedAt ?? this.now().toISOString() });
  }

  async recordQuizAnswer(phaseId: string, questionId: string, option: number, correct: boolean): Promise<void> {
    const phase = { ...this.state.quizzes[phaseId], [questionId]: { option, correct, at: this.now().toISOString() } };
    await this.write({ ...this.state, quizzes: { ...this.state.quizzes, [phaseId]: phase } });
  }

  quizScore(phaseId: string, questionIds: readonly string[]): { answered: number; correct: number; total: number } {
    const answers = this.state.quizzes[phaseId] ?? {};
    const relevant = questionIds.map((q) => answers[q]).filter((a) => a !== undefined);
    return { answered: relevant.length, correct: relevant.filter((a) => a.correct).length, total: questionIds.length };
  }

  summary(topicKeys: readonly string[]): ProgressSummary {
    const done = topicKeys.filter((k) => this.isTopicDone(k)).length;
    const total = topicKeys.length;
    return { done, total, percent: total === 0 ? 0 : Math.round((done / total) * 100) };
  }

  async reset(): Promise<void> {
    await this.write(emptyProgress());
  }

  exportJson(): string {
    return JSON.stringify(this.state, null, 2);
  }

  /** Validates an exported document and merges it in. Throws an Error with a readable message when it is not usable. */
  async importJson(text: string): Promise<{ topics: number; exercises: number }> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new Error(`The file is not valid JSON (${(e as Error).message}).`, { cause: e });
    }
    const outcome = parseProgress(raw);
    if (outcome.kind !== 'ok') throw new Error(`The file is not a Roadmap Coach progress export: ${outcome.kind === 'recovered' ? outcome.reason : 'it is empty'}.`);
    const before = this.state;
    const merged = mergeProgress(before, outcome.progress);
    await this.write(merged);
    return {
      topics: Object.keys(merged.topics).length - Object.keys(before.topics).length,
      exercises: Object.values(merged.exercises).filter((e) => e.passedAt).length - Object.values(before.exercises).filter((e) => e.passedAt).length,
    };
  }

  private async write(next: Progress): Promise<void> {
    this.state = next;
    await this.kv.update(PROGRESS_KEY, next);
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
