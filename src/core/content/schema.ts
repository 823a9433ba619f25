import { z } from 'zod';

/** Permanent ids: lower-case kebab words. Progress is keyed by them, so they never change. */
export const IdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case id such as "event-loop"');

/**
 * One file name in a content path: letters, digits, `_` and `-`, dot-separated. No slash or backslash, no
 * empty segment and no `..`, so a path can neither climb out of content/ nor mean something else under
 * Windows path rules.
 */
const SAFE_NAME = String.raw`[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*`;

export const TopicSchema = z.object({
  id: IdSchema.describe('Permanent id; also the anchor of the topic section in the lesson ({#id}).'),
  title: z.string().min(1).describe('Title shown in the sidebar.'),
  objectives: z
    .array(z.string().min(1))
    .max(4)
    .default([])
    .describe('2–4 concrete, checkable "You can …" statements, shown at the top of the topic and in the tree tooltip.'),
  keyPoints: z.array(z.string().min(1)).max(6).default([]).describe('3–6 one-line takeaways, shown as a recap box at the end of the topic.'),
});

export const PhaseSchema = z.object({
  id: IdSchema.describe('Permanent id of the phase; progress is stored by it.'),
  number: z.number().int().min(0).describe('Phase number shown to the learner (0–16).'),
  title: z.string().min(1),
  summary: z.string().min(1).describe('One line shown in tooltips and search.'),
  outcome: z.string().min(1).describe('What the learner can do after the phase.'),
  lesson: z.string().regex(new RegExp(`^phases/${SAFE_NAME}\\.md$`), 'must be a path like "phases/03-api-engineering.md"'),
  quiz: z.string().regex(new RegExp(`^quizzes/${SAFE_NAME}\\.json$`), 'must be a path like "quizzes/03-api-engineering.json"').optional(),
  topics: z.array(TopicSchema).min(1),
  exercises: z.array(IdSchema).default([]).describe('Ids of exercises in content/exercises/<id>/.'),
});

export const RoadmapSchema = z.object({
  $schema: z.string().optional(),
  version: z.literal(1),
  title: z.string().min(1),
  phases: z.array(PhaseSchema).min(1),
});

export const QuizOptionSchema = z.object({
  text: z.string().min(1),
  correct: z.boolean(),
  explanation: z.string().min(1).describe('Why this option is right or wrong.'),
});

const QuestionBase = {
  id: IdSchema,
  topic: IdSchema.optional().describe('Id of the topic of this phase the question checks (drives per-topic checks and review).'),
  placement: z.enum(['quiz', 'inline']).default('quiz').describe('"inline": a checkpoint shown where the lesson references it with a ```checkpoint block.'),
  prompt: z.string().min(1),
  code: z.string().min(1).optional().describe('Code shown as a block under the prompt.'),
  lang: z.string().regex(/^[a-z]+$/).optional(),
  explanation: z.string().min(1).optional(),
};

const countCorrect = (options: readonly { correct: boolean }[]) => options.filter((o) => o.correct).length;

const SingleQuestion = z
  .object({ ...QuestionBase, kind: z.literal('single'), options: z.array(QuizOptionSchema).min(2).max(6) })
  .refine((q) => countCorrect(q.options) === 1, { message: 'must have exactly one correct option', path: ['options'] });

const OutputQuestion = z
  .object({ ...QuestionBase, kind: z.literal('output'), code: z.string().min(1), options: z.array(QuizOptionSchema).min(2).max(6) })
  .refine((q) => countCorrect(q.options) === 1, { message: 'must have exactly one correct option', path: ['options'] });

const MultipleQuestion = z
  .object({ ...QuestionBase, kind: z.literal('multiple'), options: z.array(QuizOptionSchema).min(3).max(6) })
  .refine((q) => countCorrect(q.options) >= 2 && countCorrect(q.options) < q.options.length, {
    message: 'a "select all that apply" question needs at least two correct options and at least one wrong one',
    path: ['options'],
  });

const OrderQuestion = z
  .object({
    ...QuestionBase,
    kind: z.literal('order'),
    items: z.array(z.string().min(1)).min(3).max(7).describe('The items in the correct order; the panel shows them shuffled.'),
    explanation: z.string().min(1),
  })
  .refine((q) => new Set(q.items).size === q.items.length, { message: 'items must be different from each other', path: ['items'] });

/** A question; `kind` defaults to "single" so older quiz files stay valid. */
export const QuizQuestionSchema = z.preprocess(
  (raw) => (raw && typeof raw === 'object' && !Array.isArray(raw) && !('kind' in raw) ? { ...raw, kind: 'single' } : raw),
  z.discriminatedUnion('kind', [SingleQuestion, OutputQuestion, MultipleQuestion, OrderQuestion]),
);

export const QuizSchema = z
  .object({
    questions: z.array(QuizQuestionSchema).min(1),
  })
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', message: `"${q.id}" is used by another question`, path: ['questions', i, 'id'] });
      seen.add(q.id);
    });
  });

export type QuestionKind = 'single' | 'output' | 'multiple' | 'order';
export type Topic = z.infer<typeof TopicSchema>;
export type PhaseManifest = z.infer<typeof PhaseSchema>;
export type RoadmapManifest = z.infer<typeof RoadmapSchema>;
export type Quiz = z.infer<typeof QuizSchema>;
export type QuizQuestion = z.infer<typeof QuizQuestionSchema>;

/** The roadmap manifest as JSON Schema, for `contributes.jsonValidation`. */
export function roadmapJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(RoadmapSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
}

/** "phases[3].topics[1].id: must be a kebab-case id" — names the field that is wrong. */
export function formatZodError(error: z.ZodError, prefix: (string | number)[] = []): string[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path].reduce<string>((acc, part) => {
      if (typeof part === 'number') return `${acc}[${part}]`;
      return acc ? `${acc}.${String(part)}` : String(part);
    }, '');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
