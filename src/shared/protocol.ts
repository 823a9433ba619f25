import * as z from 'zod/mini';
import type { ExerciseStatus } from '../core/exercises/status';

/**
 * The one message protocol between the lesson panel (webview) and the extension host: discriminated unions
 * with their schemas. `zod/mini` keeps the webview bundle small; both sides validate what they receive.
 */

const Id = z.string().check(z.regex(/^[a-z0-9-]+$/));

export const ExerciseStatusSchema = z.enum(['not-started', 'started', 'passed'] satisfies ExerciseStatus[]);

/** Where the learner was reading: the last heading above the top of the view and how far past it (px). */
export const ReadingPositionSchema = z.object({ anchor: z.string(), offset: z.number() });

/** A question as the panel shows it before it is answered: no correct flags, no explanations. Text is host-rendered safe HTML. */
export const QuestionViewSchema = z.object({
  id: Id,
  kind: z.enum(['single', 'output', 'multiple', 'order']),
  placement: z.enum(['quiz', 'inline']),
  topic: z.optional(z.string()),
  promptHtml: z.string(),
  codeHtml: z.optional(z.string()),
  choicesHtml: z.array(z.string()),
});

/** What the panel shows once a question is answered (`solution`: display indices of the right choices, or the right order). */
export const FeedbackSchema = z.object({
  correct: z.boolean(),
  answer: z.array(z.number()),
  solution: z.array(z.number()),
  explanationsHtml: z.array(z.string()),
  explanationHtml: z.optional(z.string()),
});

/** A question's state in a lesson: the scored first answer, and the latest practice attempt if any. */
export const AnswerStateSchema = z.object({ first: FeedbackSchema, last: z.optional(FeedbackSchema) });

export const ReviewItemSchema = z.object({ phaseId: Id, phaseTitle: z.string(), question: QuestionViewSchema });

export const LessonMessageSchema = z.object({
  type: z.literal('lesson'),
  phase: z.object({ id: Id, number: z.number(), title: z.string(), summary: z.string(), outcome: z.string() }),
  html: z.string(),
  headings: z.array(z.object({ id: z.string(), title: z.string(), depth: z.number() })),
  topics: z.array(z.object({ id: Id, title: z.string(), done: z.boolean() })),
  exercises: z.array(z.object({ id: Id, title: z.string(), minutes: z.number(), difficulty: z.string(), status: ExerciseStatusSchema })),
  /** Every question of the phase: checkpoints (placement inline) fill the lesson's checkpoint cards, the rest the quiz. */
  quiz: z.optional(
    z.object({
      questions: z.array(QuestionViewSchema),
      answers: z.record(z.string(), AnswerStateSchema),
    }),
  ),
  /** Questions due for review across all phases. */
  reviewDue: z.number(),
  problems: z.array(z.string()),
  prev: z.optional(z.object({ id: Id, number: z.number(), title: z.string() })),
  next: z.optional(z.object({ id: Id, number: z.number(), title: z.string() })),
  /** A topic to show (a link, Explain, Continue); otherwise `position`, where the learner left this lesson. */
  scrollTo: z.optional(z.string()),
  position: z.optional(ReadingPositionSchema),
  hasNotes: z.boolean(),
});

export const HostToWebviewSchema = z.discriminatedUnion('type', [
  LessonMessageSchema,
  z.object({
    type: z.literal('progress'),
    topics: z.record(z.string(), z.boolean()),
    exercises: z.record(z.string(), ExerciseStatusSchema),
    hasNotes: z.boolean(),
  }),
  /** The verdict on an answer; `scored` is false for practice attempts after the first answer. */
  z.object({ type: z.literal('answerResult'), questionId: Id, mode: z.enum(['lesson', 'review']), scored: z.boolean(), feedback: FeedbackSchema }),
  /** A review session: due questions across phases, oldest first. */
  z.object({ type: z.literal('review'), items: z.array(ReviewItemSchema), dueTotal: z.number(), nextDue: z.optional(z.string()) }),
  z.object({ type: z.literal('scrollTo'), topicId: z.string() }),
]);

export const WebviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('openLesson'), phaseId: Id, topicId: z.optional(Id) }),
  z.object({ type: z.literal('setTopicDone'), phaseId: Id, topicId: Id, done: z.boolean() }),
  z.object({
    type: z.literal('answer'),
    phaseId: Id,
    questionId: Id,
    answer: z.array(z.number().check(z.int(), z.minimum(0))).check(z.maxLength(16)),
    mode: z.enum(['lesson', 'review']),
  }),
  z.object({ type: z.literal('startReview') }),
  z.object({ type: z.literal('startExercise'), exerciseId: Id }),
  z.object({ type: z.literal('openNotes'), phaseId: Id }),
  z.object({ type: z.literal('runCommand'), command: z.string() }),
  z.object({ type: z.literal('copyText'), text: z.string().check(z.maxLength(100_000)) }),
  /** The learner scrolled: the host remembers the position per lesson. */
  z.object({ type: z.literal('readingPosition'), phaseId: Id, position: ReadingPositionSchema }),
]);

export type HostToWebview = z.infer<typeof HostToWebviewSchema>;
export type WebviewToHost = z.infer<typeof WebviewToHostSchema>;
export type LessonMessage = z.infer<typeof LessonMessageSchema>;
export type QuestionView = z.infer<typeof QuestionViewSchema>;
export type Feedback = z.infer<typeof FeedbackSchema>;
export type AnswerState = z.infer<typeof AnswerStateSchema>;
export type ReviewItem = z.infer<typeof ReviewItemSchema>;
export type { ExerciseStatus };
export type ReadingPosition = z.infer<typeof ReadingPositionSchema>;

/** State the webview keeps across hide/show and window reloads (`getState`/`setState`); the serializer reads it. */
export const WebviewStateSchema = z.object({ phaseId: Id });
export type WebviewState = z.infer<typeof WebviewStateSchema>;
