import { z } from 'zod';
import { firstSchedule, isMastered, nextSchedule, type ReviewEntry, ReviewEntrySchema } from './review';

/** Current version of the stored progress document. Bump it and add a step to `MIGRATIONS` when the shape changes. */
export const PROGRESS_VERSION = 2;
export const PROGRESS_KEY = 'roadmapCoach.progress';
export const BACKUP_KEY_PREFIX = 'roadmapCoach.progressBackup.';
/** An exported progress document is a few hundred KB at most; anything far larger is not one. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** How far in the future a timestamp may be (clock skew between machines) before it is treated as invalid. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

const Timestamp = z.iso.datetime({ offset: true });
const Id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const TopicKey = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
const AnswerValue = z.array(z.number().int().min(0)).max(16);

const TopicEntry = z.object({ doneAt: Timestamp });
const ExerciseEntry = z.object({
  startedAt: Timestamp.optional(),
  passedAt: Timestamp.optional(),
  hintsShown: z.number().int().min(0).max(1000).default(0),
  solutionViewed: z.boolean().default(false),
});
const Attempt = z.object({ answer: AnswerValue, correct: z.boolean(), at: Timestamp });
/** The first answer is the one that is scored; later attempts are practice and only update `last`. */
const AnswerEntry = Attempt.extend({ last: Attempt.optional() });

export const ProgressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  /** Done topics by `<phaseId>/<topicId>`. */
  topics: z.record(TopicKey, TopicEntry),
  /** Exercises by id. */
  exercises: z.record(Id, ExerciseEntry),
  /** Quiz and checkpoint answers by phase id, then question id. */
  quizzes: z.record(Id, z.record(Id, AnswerEntry)),
  /** Spaced-repetition schedule by `<phaseId>/<questionId>`. */
  review: z.record(TopicKey, ReviewEntrySchema),
});

export type Progress = z.infer<typeof ProgressSchema>;
export type ExerciseProgress = z.infer<typeof ExerciseEntry>;
export type AnswerRecord = z.infer<typeof AnswerEntry>;

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, topics: {}, exercises: {}, quizzes: {}, review: {} };
}

const DAY = 24 * 60 * 60 * 1000;

/** Steps from version N to N+1. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2: answers keep the picked option as a list, and every answered question gets a review schedule.
  1: (doc) => {
    const quizzes: Record<string, Record<string, unknown>> = {};
    const review: Record<string, unknown> = {};
    const old = isRecord(doc.quizzes) ? doc.quizzes : {};
    for (const [phaseId, answers] of Object.entries(old)) {
      if (!isRecord(answers)) continue;
      const out: Record<string, unknown> = {};
      for (const [qid, a] of Object.entries(answers)) {
        if (!isRecord(a) || typeof a.option !== 'number' || typeof a.correct !== 'boolean' || typeof a.at !== 'string') continue;
        out[qid] = { answer: [a.option], correct: a.correct, at: a.at };
        const at = Date.parse(a.at);
        if (Number.isFinite(at)) review[`${phaseId}/${qid}`] = firstSchedule(a.correct, new Date(at));
      }
      quizzes[phaseId] = out;
    }
    return { ...doc, version: 2, quizzes, review };
  },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ParseResult {
  progress: Progress;
  /** Entries that could not be read and were left out, described for the user (empty when all was fine). */
  dropped: string[];
  /** Set when nothing at all could be used (not JSON, not an object…). */
  unusable?: string;
  /** Set when the document was written by a newer version: read what is understood, never write it back. */
  newer?: number;
}

/**
 * Reads whatever was stored, salvaging every valid entry one by one. Never throws.
 * `now` bounds timestamps: an entry dated more than a day in the future is not trusted.
 */
export function parseProgress(raw: unknown, now: Date = new Date()): ParseResult {
  const empty = (unusable: string): ParseResult => ({ progress: emptyProgress(), dropped: [], unusable });
  if (raw === undefined || raw === null) return { progress: emptyProgress(), dropped: [] };
  let doc: unknown = raw;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return empty('the stored progress is not valid JSON');
    }
  }
  if (!isRecord(doc)) return empty('the stored progress is not an object');
  let record = doc;
  const storedVersion = record.version;
  if (typeof storedVersion !== 'number' || !Number.isInteger(storedVersion) || storedVersion < 1) return empty('the stored progress has no version');
  let newer: number | undefined;
  if (storedVersion > PROGRESS_VERSION) newer = storedVersion;
  else {
    for (let version = storedVersion; version < PROGRESS_VERSION; version = record.version as number) record = MIGRATIONS[version]!(record);
  }
  const latest = now.getTime() + FUTURE_SLACK_MS;
  const dropped: string[] = [];
  const notFuture = (value: unknown): boolean => {
    if (!isRecord(value)) return true;
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && /At$|^at$|^due$/.test(k) && Date.parse(v) > latest + (k === 'due' ? 400 * DAY : 0)) return false;
      if (isRecord(v) && !notFuture(v)) return false;
    }
    return true;
  };
  function salvage<T>(section: string, value: unknown, key: z.ZodType<string>, entry: z.ZodType<T>): Record<string, T> {
    const out: Record<string, T> = {};
    if (value === undefined) return out;
    if (!isRecord(value)) {
      dropped.push(`${section} (not an object)`);
      return out;
    }
    for (const [k, v] of Object.entries(value)) {
      const parsedKey = key.safeParse(k);
      const parsed = entry.safeParse(v);
      if (parsedKey.success && parsed.success && notFuture(v)) Object.defineProperty(out, k, { value: parsed.data, enumerable: true, writable: true, configurable: true });
      else dropped.push(`${section}.${k}`);
    }
    return out;
  }
  const progress = emptyProgress();
  progress.topics = salvage('topics', record.topics, TopicKey, TopicEntry);
  progress.exercises = salvage('exercises', record.exercises, Id, ExerciseEntry);
  progress.review = salvage('review', record.review, TopicKey, ReviewEntrySchema);
  if (record.quizzes !== undefined && !isRecord(record.quizzes)) dropped.push('quizzes (not an object)');
  for (const [phaseId, answers] of Object.entries(isRecord(record.quizzes) ? record.quizzes : {})) {
    if (!Id.safeParse(phaseId).success) {
      dropped.push(`quizzes.${phaseId}`);
      continue;
    }
    const kept = salvage(`quizzes.${phaseId}`, answers, Id, AnswerEntry);
    if (Object.keys(kept).length) progress.quizzes[phaseId] = kept;
  }
  return { progress, dropped, ...(newer !== undefined ? { newer } : {}) };
}

const earliest = (a: string | undefined, b: string | undefined): string | undefined => (!a ? b : !b ? a : Date.parse(a) <= Date.parse(b) ? a : b);

/** Merges imported progress into the current one: nothing done is ever lost; the first answer is the earliest; the newer schedule wins. */
export function mergeProgress(current: Progress, incoming: Progress): Progress {
  const merged: Progress = structuredClone(current);
  for (const [key, value] of Object.entries(incoming.topics)) merged.topics[key] = { doneAt: earliest(merged.topics[key]?.doneAt, value.doneAt)! };
  for (const [id, value] of Object.entries(incoming.exercises)) {
    const mine = merged.exercises[id];
    merged.exercises[id] = {
      startedAt: earliest(mine?.startedAt, value.startedAt),
      passedAt: earliest(mine?.passedAt, value.passedAt),
      hintsShown: Math.max(mine?.hintsShown ?? 0, value.hintsShown),
      solutionViewed: (mine?.solutionViewed ?? false) || value.solutionViewed,
    };
  }
  for (const [phaseId, answers] of Object.entries(incoming.quizzes)) {
    const into = (merged.quizzes[phaseId] ??= {});
    for (const [qid, answer] of Object.entries(answers)) {
      const mine = into[qid];
      if (!mine) {
        into[qid] = answer;
        continue;
      }
      const first = Date.parse(answer.at) < Date.parse(mine.at) ? answer : mine;
      const lasts = [mine.last, answer.last].filter((a): a is NonNullable<typeof a> => !!a).sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
      into[qid] = { answer: first.answer, correct: first.correct, at: first.at, ...(lasts[0] ? { last: lasts[0] } : {}) };
    }
  }
  for (const [key, entry] of Object.entries(incoming.review)) {
    const mine = merged.review[key];
    if (!mine || Date.parse(entry.at) > Date.parse(mine.at)) merged.review[key] = entry;
  }
  return merged;
}

/** The part of VS Code's `Memento` the store needs; an in-memory one makes the logic testable. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
  keys(): readonly string[];
}

export class MemoryKeyValueStore implements KeyValueStore {
  private readonly data = new Map<string, unknown>();
  /** How many writes reached the store (the store batches them). */
  writes = 0;
  get<T>(key: string): T | undefined {
    return structuredClone(this.data.get(key)) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.writes++;
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

/** Which ids exist in the content: writes naming anything else are refused, imports leave it out. */
export interface KnownIds {
  topic(key: string): boolean;
  exercise(id: string): boolean;
  question(phaseId: string, questionId: string): boolean;
}

export interface StoreNotice {
  kind: 'salvaged' | 'unusable' | 'newer';
  message: string;
  backupKey?: string;
}

export interface BackupInfo {
  key: string;
  date: Date;
  topics: number;
  exercises: number;
  answers: number;
}

/**
 * Owns the progress document. Changes apply in memory at once and reach the key-value store in batches
 * (one write in flight, at most one queued), so thousands of changes cost a handful of writes.
 * `now` is injected so tests control time.
 */
export class ProgressStore {
  private state: Progress;
  private readonly listeners = new Set<() => void>();
  private known: KnownIds | undefined;
  private flushing: Promise<void> | undefined;
  private dirty = false;
  /** Set when the stored data could not be fully used; the adapter tells the user once. */
  readonly notice: StoreNotice | undefined;
  /** A document written by a newer version: shown, never written back (the user is told). */
  private readOnlyVersion: number | undefined;

  private constructor(
    private readonly kv: KeyValueStore,
    private readonly now: () => Date,
    result: ParseResult,
    notice?: StoreNotice,
  ) {
    this.state = result.progress;
    this.readOnlyVersion = result.newer;
    this.notice = notice;
  }

  static async open(kv: KeyValueStore, now: () => Date = () => new Date()): Promise<ProgressStore> {
    const raw = kv.get<unknown>(PROGRESS_KEY);
    const result = parseProgress(raw, now());
    if (result.newer !== undefined) {
      return new ProgressStore(kv, now, result, {
        kind: 'newer',
        message: `Your progress was saved by a newer version of Roadmap Coach (format ${result.newer}). It is shown as far as this version understands it, and nothing is saved until you update the extension.`,
      });
    }
    if (!result.unusable && result.dropped.length === 0) return new ProgressStore(kv, now, result);
    const backupKey = `${BACKUP_KEY_PREFIX}${now().toISOString()}`;
    await kv.update(backupKey, raw);
    await kv.update(PROGRESS_KEY, result.progress);
    const message = result.unusable
      ? `Roadmap Coach could not read your saved progress (${result.unusable}). It was kept as a backup and progress starts fresh.`
      : `Roadmap Coach could not read ${result.dropped.length} saved ${result.dropped.length === 1 ? 'entry' : 'entries'} (${result.dropped.slice(0, 3).join(', ')}${result.dropped.length > 3 ? ', …' : ''}); everything else was kept. The original is kept as a backup.`;
    return new ProgressStore(kv, now, result, { kind: result.unusable ? 'unusable' : 'salvaged', message, backupKey });
  }

  get snapshot(): Progress {
    return this.state;
  }

  /** True while the stored document comes from a newer version of the extension. */
  get readOnly(): boolean {
    return this.readOnlyVersion !== undefined;
  }

  setKnownIds(known: KnownIds | undefined): void {
    this.known = known;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Re-reads the store, e.g. after Settings Sync brought a newer document from another machine. */
  reload(): void {
    if (this.dirty || this.flushing) return; // our own changes are on their way out
    const result = parseProgress(this.kv.get<unknown>(PROGRESS_KEY), this.now());
    if (result.unusable) return;
    this.state = result.progress;
    this.readOnlyVersion = result.newer;
    this.emit();
  }

  /** Resolves when every change so far has reached the key-value store. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  isTopicDone(key: string): boolean {
    return Object.hasOwn(this.state.topics, key);
  }

  /** Marks a topic done or not; returns false (and changes nothing) for a topic the content does not have. */
  setTopicDone(key: string, done: boolean): Promise<boolean> {
    if (!TopicKey.safeParse(key).success || (this.known && !this.known.topic(key))) return Promise.resolve(false);
    if (done === this.isTopicDone(key)) return Promise.resolve(true);
    if (done) this.state.topics[key] = { doneAt: this.stamp() };
    else delete this.state.topics[key];
    return this.changed().then(() => true);
  }

  exercise(id: string): ExerciseProgress | undefined {
    return Object.hasOwn(this.state.exercises, id) ? this.state.exercises[id] : undefined;
  }

  async updateExercise(id: string, change: Partial<ExerciseProgress>): Promise<void> {
    if (!Id.safeParse(id).success || (this.known && !this.known.exercise(id))) return;
    const current = this.exercise(id) ?? { hintsShown: 0, solutionViewed: false };
    this.state.exercises[id] = { ...current, ...change };
    await this.changed();
  }

  async markExercisePassed(id: string): Promise<void> {
    await this.updateExercise(id, { passedAt: this.exercise(id)?.passedAt ?? this.stamp() });
  }

  answer(phaseId: string, questionId: string): AnswerRecord | undefined {
    const phase = Object.hasOwn(this.state.quizzes, phaseId) ? this.state.quizzes[phaseId] : undefined;
    return phase && Object.hasOwn(phase, questionId) ? phase[questionId] : undefined;
  }

  /**
   * Records an answer in a lesson (quiz or checkpoint). The first answer is the score and starts the question's
   * review schedule; later answers are practice: they are kept as `last` and change neither.
   * Returns whether this answer was the scored one, or undefined when the question is unknown.
   */
  async recordAnswer(phaseId: string, questionId: string, answer: readonly number[], correct: boolean): Promise<{ scored: boolean } | undefined> {
    if (!this.validQuestion(phaseId, questionId)) return undefined;
    const attempt = { answer: [...answer], correct, at: this.stamp() };
    const existing = this.answer(phaseId, questionId);
    const phase = (this.state.quizzes[phaseId] ??= {});
    if (existing) phase[questionId] = { ...existing, last: attempt };
    else {
      phase[questionId] = attempt;
      this.state.review[`${phaseId}/${questionId}`] = firstSchedule(correct, this.now());
    }
    await this.changed();
    return { scored: !existing };
  }

  /** Records an answer given in a review session: moves the question along its schedule. */
  async recordReview(phaseId: string, questionId: string, answer: readonly number[], correct: boolean): Promise<ReviewEntry | undefined> {
    if (!this.validQuestion(phaseId, questionId)) return undefined;
    const key = `${phaseId}/${questionId}`;
    const attempt = { answer: [...answer], correct, at: this.stamp() };
    const phase = (this.state.quizzes[phaseId] ??= {});
    const existing = this.answer(phaseId, questionId);
    phase[questionId] = existing ? { ...existing, last: attempt } : attempt;
    const entry = Object.hasOwn(this.state.review, key) ? nextSchedule(this.state.review[key]!, correct, this.now()) : firstSchedule(correct, this.now());
    this.state.review[key] = entry;
    await this.changed();
    return entry;
  }

  /** Questions due for review (oldest due first), as `{ phaseId, questionId }`, skipping ones the content no longer has. */
  dueReviews(limit = Infinity): { phaseId: string; questionId: string; due: string }[] {
    const now = this.now().getTime();
    const due: { phaseId: string; questionId: string; due: string }[] = [];
    for (const [key, entry] of Object.entries(this.state.review)) {
      if (Date.parse(entry.due) > now) continue;
      const [phaseId, questionId] = key.split('/') as [string, string];
      if (this.known && !this.known.question(phaseId, questionId)) continue;
      due.push({ phaseId, questionId, due: entry.due });
    }
    return due.sort((a, b) => Date.parse(a.due) - Date.parse(b.due) || a.phaseId.localeCompare(b.phaseId)).slice(0, limit);
  }

  /** When the next review falls due (or undefined when nothing is scheduled). */
  nextReviewDue(): Date | undefined {
    let next: number | undefined;
    for (const entry of Object.values(this.state.review)) {
      const t = Date.parse(entry.due);
      if (next === undefined || t < next) next = t;
    }
    return next === undefined ? undefined : new Date(next);
  }

  /** What the learner has shown in a phase: answered correctly at the last attempt, and mastered after review. */
  questionStats(phaseId: string, questionIds: readonly string[]): { total: number; answered: number; firstCorrect: number; lastCorrect: number; mastered: number } {
    let answered = 0;
    let firstCorrect = 0;
    let lastCorrect = 0;
    let mastered = 0;
    for (const qid of questionIds) {
      const a = this.answer(phaseId, qid);
      if (!a) continue;
      answered++;
      if (a.correct) firstCorrect++;
      if ((a.last ?? a).correct) lastCorrect++;
      const r = this.state.review[`${phaseId}/${qid}`];
      if (r && isMastered(r)) mastered++;
    }
    return { total: questionIds.length, answered, firstCorrect, lastCorrect, mastered };
  }

  summary(topicKeys: readonly string[]): ProgressSummary {
    const done = topicKeys.filter((k) => this.isTopicDone(k)).length;
    const total = topicKeys.length;
    return { done, total, percent: total === 0 ? 0 : Math.round((done / total) * 100) };
  }

  async reset(): Promise<void> {
    await this.backup();
    this.state = emptyProgress();
    await this.changed();
  }

  exportJson(): string {
    return JSON.stringify(this.state, null, 2);
  }

  /**
   * Validates an exported document and merges it in: valid entries are kept one by one, entries for content this
   * version does not have are left out. Throws an Error with a readable message when the file is not usable.
   */
  async importJson(text: string): Promise<{ topics: number; exercises: number; answers: number; ignored: number }> {
    if (text.length > MAX_IMPORT_BYTES) throw new Error(`The file is too large to be a Roadmap Coach progress export (${Math.round(text.length / 1024)} KB; at most ${MAX_IMPORT_BYTES / 1024} KB).`);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new Error(`The file is not valid JSON (${(e as Error).message}).`, { cause: e });
    }
    const result = parseProgress(raw, this.now());
    if (result.unusable) throw new Error(`The file is not a Roadmap Coach progress export: ${result.unusable}.`);
    if (raw === undefined || raw === null) throw new Error('The file is empty.');
    if (result.newer !== undefined) throw new Error(`The file was exported by a newer version of Roadmap Coach (format ${result.newer}); update the extension to import it.`);
    const { kept, ignored } = this.onlyKnown(result.progress);
    const before = this.counts();
    this.state = mergeProgress(this.state, kept);
    await this.changed();
    const after = this.counts();
    return { topics: after.topics - before.topics, exercises: after.exercises - before.exercises, answers: after.answers - before.answers, ignored: ignored + result.dropped.length };
  }

  /** Backups kept when stored progress could not be fully read, or before a reset or a restore; newest first. */
  backups(): BackupInfo[] {
    const out: BackupInfo[] = [];
    for (const key of this.kv.keys()) {
      if (!key.startsWith(BACKUP_KEY_PREFIX)) continue;
      const date = new Date(key.slice(BACKUP_KEY_PREFIX.length));
      const result = parseProgress(this.kv.get<unknown>(key), this.now());
      const p = result.progress;
      out.push({
        key,
        date: Number.isNaN(date.getTime()) ? new Date(0) : date,
        topics: Object.keys(p.topics).length,
        exercises: Object.values(p.exercises).filter((e) => e.passedAt).length,
        answers: Object.values(p.quizzes).reduce((n, q) => n + Object.keys(q).length, 0),
      });
    }
    return out.sort((a, b) => b.date.getTime() - a.date.getTime());
  }

  /** Merges a backup into the current progress (nothing done is lost either way); the current state is backed up first. */
  async restoreBackup(key: string): Promise<{ topics: number; exercises: number; answers: number }> {
    if (!key.startsWith(BACKUP_KEY_PREFIX)) throw new Error(`"${key}" is not a progress backup.`);
    const result = parseProgress(this.kv.get<unknown>(key), this.now());
    if (result.unusable) throw new Error(`That backup cannot be read (${result.unusable}).`);
    await this.backup();
    const before = this.counts();
    this.state = mergeProgress(this.state, result.progress);
    await this.changed();
    const after = this.counts();
    return { topics: after.topics - before.topics, exercises: after.exercises - before.exercises, answers: after.answers - before.answers };
  }

  private async backup(): Promise<void> {
    if (this.readOnly) return;
    await this.flush();
    const c = this.counts();
    if (c.topics + c.exercises + c.answers === 0) return;
    await this.kv.update(`${BACKUP_KEY_PREFIX}${this.now().toISOString()}`, structuredClone(this.state));
  }

  private counts() {
    return {
      topics: Object.keys(this.state.topics).length,
      exercises: Object.values(this.state.exercises).filter((e) => e.passedAt).length,
      answers: Object.values(this.state.quizzes).reduce((n, q) => n + Object.keys(q).length, 0),
    };
  }

  private onlyKnown(p: Progress): { kept: Progress; ignored: number } {
    const known = this.known;
    if (!known) return { kept: p, ignored: 0 };
    let ignored = 0;
    const kept = emptyProgress();
    for (const [k, v] of Object.entries(p.topics)) if (known.topic(k)) kept.topics[k] = v; else ignored++;
    for (const [k, v] of Object.entries(p.exercises)) if (known.exercise(k)) kept.exercises[k] = v; else ignored++;
    for (const [phaseId, answers] of Object.entries(p.quizzes)) {
      for (const [qid, v] of Object.entries(answers)) {
        if (known.question(phaseId, qid)) (kept.quizzes[phaseId] ??= {})[qid] = v;
        else ignored++;
      }
    }
    for (const [k, v] of Object.entries(p.review)) {
      const [phaseId, qid] = k.split('/') as [string, string];
      if (known.question(phaseId, qid)) kept.review[k] = v;
    }
    return { kept, ignored };
  }

  private validQuestion(phaseId: string, questionId: string): boolean {
    return Id.safeParse(phaseId).success && Id.safeParse(questionId).success && (!this.known || this.known.question(phaseId, questionId));
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  /** Applies a change: listeners hear of it now, the key-value store gets it in the next batch. */
  private changed(): Promise<void> {
    this.emit();
    if (this.readOnly) return Promise.resolve();
    this.dirty = true;
    this.flushing ??= (async () => {
      try {
        while (this.dirty) {
          this.dirty = false;
          await this.kv.update(PROGRESS_KEY, this.state);
        }
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
