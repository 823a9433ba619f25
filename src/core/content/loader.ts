import { readFile } from 'node:fs/promises';
import { realPathInside } from '../exercises/safety';
import { join } from 'node:path';
import { z } from 'zod';
import { formatZodError, PhaseSchema, QuizSchema, RoadmapSchema, type PhaseManifest, type Quiz } from './schema';
import { parseLesson, type ParsedLesson } from './lesson';

/** Something wrong with one content file. The rest of the roadmap still loads. */
export interface ContentProblem {
  file: string;
  message: string;
}

export interface Phase extends PhaseManifest {
  /** Key used in progress for a topic: `<phaseId>/<topicId>`. */
  readonly topicKeys: readonly string[];
}

export interface Roadmap {
  title: string;
  phases: Phase[];
  problems: ContentProblem[];
}

/** Reads a file of the content folder by its path relative to that folder. */
export type ContentReader = (relativePath: string) => Promise<string>;

/** Reads content files; one that is a link leading outside `contentRoot` is refused, not followed. */
export function fileReader(contentRoot: string): ContentReader {
  return async (rel) => readFile(await realPathInside(contentRoot, join(contentRoot, rel)), 'utf8');
}

export const topicKey = (phaseId: string, topicId: string): string => `${phaseId}/${topicId}`;

const LooseRoadmap = RoadmapSchema.extend({ phases: z.array(z.unknown()).min(1) });

/**
 * Loads and validates `roadmap.json`. A broken phase is skipped and reported (file and field named);
 * a broken manifest as a whole yields no phases and one problem.
 */
export async function loadRoadmap(read: ContentReader): Promise<Roadmap> {
  const file = 'roadmap.json';
  let raw: unknown;
  try {
    raw = JSON.parse(await read(file));
  } catch (e) {
    return { title: 'Roadmap', phases: [], problems: [{ file, message: describeReadError(e) }] };
  }
  const top = LooseRoadmap.safeParse(raw);
  if (!top.success) {
    return { title: 'Roadmap', phases: [], problems: formatZodError(top.error).map((message) => ({ file, message })) };
  }
  const problems: ContentProblem[] = [];
  const phases: Phase[] = [];
  const seen = new Set<string>();
  top.data.phases.forEach((candidate, index) => {
    const parsed = PhaseSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const message of formatZodError(parsed.error, ['phases', index])) problems.push({ file, message });
      return;
    }
    const phase = parsed.data;
    if (seen.has(phase.id)) {
      problems.push({ file, message: `phases[${index}].id: "${phase.id}" is used by another phase` });
      return;
    }
    seen.add(phase.id);
    const topicIds = new Set<string>();
    for (const [i, t] of phase.topics.entries()) {
      if (topicIds.has(t.id)) problems.push({ file, message: `phases[${index}].topics[${i}].id: "${t.id}" appears twice` });
      topicIds.add(t.id);
    }
    phases.push({ ...phase, topicKeys: phase.topics.map((t) => topicKey(phase.id, t.id)) });
  });
  phases.sort((a, b) => a.number - b.number);
  return { title: top.data.title, phases, problems };
}

export interface LoadedLesson extends ParsedLesson {
  phaseId: string;
  file: string;
  markdown: string;
}

/** Loads a phase's lesson markdown; problems (missing file, topic without a section) are returned, not thrown. */
export async function loadLesson(read: ContentReader, phase: PhaseManifest): Promise<{ lesson?: LoadedLesson; problems: ContentProblem[] }> {
  let text: string;
  try {
    text = await read(phase.lesson);
  } catch (e) {
    return { problems: [{ file: phase.lesson, message: describeReadError(e) }] };
  }
  const parsed = parseLesson(text);
  const problems: ContentProblem[] = [];
  for (const topic of phase.topics) {
    if (!parsed.sections.some((s) => s.id === topic.id)) {
      problems.push({ file: phase.lesson, message: `topic "${topic.id}" has no "## … {#${topic.id}}" section` });
    }
  }
  return { lesson: { ...parsed, phaseId: phase.id, file: phase.lesson, markdown: text }, problems };
}

export async function loadQuiz(read: ContentReader, phase: PhaseManifest): Promise<{ quiz?: Quiz; problems: ContentProblem[] }> {
  if (!phase.quiz) return { problems: [] };
  const file = phase.quiz;
  let raw: unknown;
  try {
    raw = JSON.parse(await read(file));
  } catch (e) {
    return { problems: [{ file, message: describeReadError(e) }] };
  }
  const parsed = QuizSchema.safeParse(raw);
  if (!parsed.success) return { problems: formatZodError(parsed.error).map((message) => ({ file, message })) };
  const topics = new Set(phase.topics.map((t) => t.id));
  const problems: ContentProblem[] = [];
  parsed.data.questions.forEach((q, i) => {
    if (q.topic !== undefined && !topics.has(q.topic)) problems.push({ file, message: `questions[${i}].topic: "${q.topic}" is not a topic of phase "${phase.id}"` });
  });
  return { quiz: parsed.data, problems };
}

const CHECKPOINT_BLOCK = /^(`{3,}|~{3,})checkpoint[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*$/gm;

/** Question ids referenced by ```checkpoint blocks, in lesson order, with the 1-based line of each block. */
export function checkpointRefs(markdown: string): { id: string; line: number }[] {
  const out: { id: string; line: number }[] = [];
  CHECKPOINT_BLOCK.lastIndex = 0;
  for (let m = CHECKPOINT_BLOCK.exec(markdown); m; m = CHECKPOINT_BLOCK.exec(markdown)) {
    out.push({ id: m[2]!.trim(), line: markdown.slice(0, m.index).split('\n').length });
  }
  return out;
}

/**
 * Cross-checks a lesson and its quiz: every checkpoint block names an inline question of the quiz,
 * and every inline question is placed in the lesson exactly once.
 */
export function checkCheckpoints(lesson: LoadedLesson, quiz: Quiz | undefined, quizFile = 'quiz'): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const byId = new Map((quiz?.questions ?? []).map((q) => [q.id, q]));
  const placed = new Map<string, number>();
  for (const ref of checkpointRefs(lesson.markdown)) {
    const q = byId.get(ref.id);
    if (!q) problems.push({ file: lesson.file, message: `line ${ref.line}: checkpoint "${ref.id}" is not a question of ${quizFile}` });
    else if (q.placement !== 'inline') problems.push({ file: lesson.file, message: `line ${ref.line}: checkpoint "${ref.id}" is not marked "placement": "inline" in ${quizFile}` });
    placed.set(ref.id, (placed.get(ref.id) ?? 0) + 1);
  }
  for (const q of quiz?.questions ?? []) {
    if (q.placement !== 'inline') continue;
    const n = placed.get(q.id) ?? 0;
    if (n === 0) problems.push({ file: quizFile, message: `question "${q.id}" is inline but no \`\`\`checkpoint block in ${lesson.file} places it` });
    if (n > 1) problems.push({ file: lesson.file, message: `checkpoint "${q.id}" is placed ${n} times` });
  }
  return problems;
}

function describeReadError(e: unknown): string {
  if (e instanceof SyntaxError) return `not valid JSON: ${e.message}`;
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'file not found';
  return err instanceof Error ? err.message : String(e);
}
