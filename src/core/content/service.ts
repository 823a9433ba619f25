import { fileReader, loadLesson, loadQuiz, loadRoadmap, type ContentProblem, type ContentReader, type LoadedLesson, type Phase, type Roadmap } from './loader';
import type { Quiz, QuizQuestion } from './schema';
import type { KnownIds } from '../progress/store';
import { loadCatalogue, type Catalogue, type Exercise } from '../exercises/catalogue';

export interface SearchHit {
  phaseId: string;
  topicId?: string;
  label: string;
  detail: string;
  /** The lesson text around the first match, when the match is in the text rather than the title. */
  snippet?: string;
  score: number;
}

/** Everything the UI reads from `content/`: the manifest up front, lessons and quizzes on demand, cached. */
export class ContentService {
  private roadmap: Roadmap | undefined;
  private catalogue: Catalogue | undefined;
  private readonly lessons = new Map<string, Promise<{ lesson?: LoadedLesson; problems: ContentProblem[] }>>();
  private readonly quizzes = new Map<string, Promise<{ quiz?: Quiz; problems: ContentProblem[] }>>();
  private readonly read: ContentReader;
  private questionKeys = new Set<string>();

  constructor(private readonly contentRoot: string, read?: ContentReader) {
    this.read = read ?? fileReader(contentRoot);
  }

  async load(): Promise<Roadmap> {
    const [roadmap, catalogue] = await Promise.all([loadRoadmap(this.read), loadCatalogue(this.contentRoot)]);
    const known = new Set(catalogue.exercises.map((e) => e.id));
    for (const phase of roadmap.phases) {
      for (const id of phase.exercises) {
        if (!known.has(id)) roadmap.problems.push({ file: 'roadmap.json', message: `phase "${phase.id}": exercise "${id}" has no content/exercises/${id}/exercise.json` });
      }
    }
    this.roadmap = roadmap;
    this.catalogue = catalogue;
    this.lessons.clear();
    this.quizzes.clear();
    // Quizzes are small: read them all now, so question ids are known without waiting (progress validates against them).
    const questions = new Set<string>();
    await Promise.all(roadmap.phases.map(async (phase) => {
      const { quiz } = await this.quiz(phase);
      for (const q of quiz?.questions ?? []) questions.add(`${phase.id}/${q.id}`);
    }));
    this.questionKeys = questions;
    return roadmap;
  }

  /** Which topics, exercises and questions exist: progress refuses writes for anything else. */
  knownIds(): KnownIds {
    const topics = new Set(this.current.phases.flatMap((p) => p.topicKeys));
    const exercises = new Set(this.exercises.map((e) => e.id));
    const questions = this.questionKeys;
    return {
      topic: (key) => topics.has(key),
      exercise: (id) => exercises.has(id),
      question: (phaseId, questionId) => questions.has(`${phaseId}/${questionId}`),
    };
  }

  /** Ids of a phase's questions (quiz and checkpoints), known without waiting once load() is done. */
  questionIds(phaseId: string): string[] {
    const prefix = `${phaseId}/`;
    return [...this.questionKeys].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  /** A question of a phase, by id. */
  async question(phaseId: string, questionId: string): Promise<QuizQuestion | undefined> {
    const phase = this.phase(phaseId);
    if (!phase) return undefined;
    const { quiz } = await this.quiz(phase);
    return quiz?.questions.find((q) => q.id === questionId);
  }

  get current(): Roadmap {
    if (!this.roadmap) throw new Error('ContentService.load() has not run');
    return this.roadmap;
  }

  get problems(): ContentProblem[] {
    return [...(this.roadmap?.problems ?? []), ...(this.catalogue?.problems ?? [])];
  }

  get exercises(): Exercise[] {
    return this.catalogue?.exercises ?? [];
  }

  exercise(id: string): Exercise | undefined {
    return this.exercises.find((e) => e.id === id);
  }

  /** The exercises of a phase: those the manifest lists, in its order, then any other exercise declaring that phase. */
  exercisesOf(phase: Phase): Exercise[] {
    const listed = phase.exercises.map((id) => this.exercise(id)).filter((e): e is Exercise => !!e);
    const extra = this.exercises.filter((e) => e.phase === phase.number && !phase.exercises.includes(e.id));
    return [...listed, ...extra];
  }

  phase(id: string): Phase | undefined {
    return this.roadmap?.phases.find((p) => p.id === id);
  }

  lesson(phase: Phase): Promise<{ lesson?: LoadedLesson; problems: ContentProblem[] }> {
    let p = this.lessons.get(phase.id);
    if (!p) this.lessons.set(phase.id, (p = loadLesson(this.read, phase)));
    return p;
  }

  quiz(phase: Phase): Promise<{ quiz?: Quiz; problems: ContentProblem[] }> {
    let p = this.quizzes.get(phase.id);
    if (!p) this.quizzes.set(phase.id, (p = loadQuiz(this.read, phase)));
    return p;
  }

  /** Matches every word of the query against phase and topic titles and lesson text. */
  async search(query: string): Promise<SearchHit[]> {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const hits: SearchHit[] = [];
    for (const phase of this.current.phases) {
      const { lesson } = await this.lesson(phase);
      const phaseText = `${phase.title} ${phase.summary} ${lesson?.intro ?? ''}`.toLowerCase();
      const phaseScore = score(words, phase.title.toLowerCase(), phaseText);
      if (phaseScore > 0) hits.push({ phaseId: phase.id, label: `${phase.number} · ${phase.title}`, detail: phase.summary, score: phaseScore + 1 });
      for (const topic of phase.topics) {
        const body = lesson?.sections.find((s) => s.id === topic.id)?.body ?? '';
        const s = score(words, topic.title.toLowerCase(), body.toLowerCase());
        const snip = words.length ? snippet(body, words) : undefined;
        if (s > 0) hits.push({ phaseId: phase.id, topicId: topic.id, label: topic.title, detail: `Phase ${phase.number} · ${phase.title}`, ...(snip ? { snippet: snip } : {}), score: s });
      }
    }
    return hits.sort((a, b) => b.score - a.score);
  }
}

/** Title matches rank first; in the text, a whole word counts more than a piece of one (timeout vs setTimeout), and repeats count a little. */
function score(words: string[], title: string, text: string): number {
  if (words.length === 0) return 1;
  let total = 0;
  for (const w of words) {
    const whole = new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g');
    if (title.includes(w)) total += 100;
    else if (text.includes(w)) total += 1 + Math.min((text.match(whole) ?? []).length, 20);
    else return 0;
  }
  return total;
}

/** About 90 characters of plain text around the first whole-word match (else any match) of a query word, prose before code. */
function snippet(markdown: string, words: string[]): string | undefined {
  const prose = markdown.replace(/```[\s\S]*?```/g, ' ');
  return around(prose, words) ?? around(markdown, words);
}

function around(markdown: string, words: string[]): string | undefined {
  const text = markdown.replace(/\]\([^)]*\)/g, ' ').replace(/[`*_#>[\]]/g, ' ').replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  let at = -1;
  for (const w of words) {
    const m = new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(lower);
    if (m) { at = m.index; break; }
  }
  if (at < 0) for (const w of words) { at = lower.indexOf(w); if (at >= 0) break; }
  if (at < 0) return undefined;
  const start = Math.max(0, lower.lastIndexOf(' ', Math.max(0, at - 30)) + 1);
  const end = Math.min(text.length, start + 90);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
