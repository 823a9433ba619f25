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

export const QuizQuestionSchema = z
  .object({
    id: IdSchema,
    prompt: z.string().min(1),
    options: z.array(QuizOptionSchema).min(2).max(6),
  })
  .refine((q) => q.options.filter((o) => o.correct).length === 1, {
    message: 'must have exactly one correct option',
    path: ['options'],
  });

export const QuizSchema = z.object({
  questions: z.array(QuizQuestionSchema).min(1),
});

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
