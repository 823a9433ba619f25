import { z } from 'zod';

/** The one message protocol between the lesson panel (webview) and the extension host. */

const Id = z.string().regex(/^[a-z0-9-]+$/);

export const ExerciseStatusSchema = z.enum(['not-started', 'started', 'passed']);

export const LessonMessageSchema = z.object({
  type: z.literal('lesson'),
  phase: z.object({ id: Id, number: z.number(), title: z.string(), summary: z.string(), outcome: z.string() }),
  html: z.string(),
  headings: z.array(z.object({ id: z.string(), title: z.string(), depth: z.number() })),
  topics: z.array(z.object({ id: Id, title: z.string(), done: z.boolean() })),
  exercises: z.array(z.object({ id: Id, title: z.string(), minutes: z.number(), difficulty: z.string(), status: ExerciseStatusSchema })),
  quiz: z
    .object({
      questions: z.array(z.object({ id: Id, prompt: z.string(), options: z.array(z.string()) })),
      answers: z.record(z.string(), z.object({ option: z.number(), correct: z.boolean(), correctOption: z.number(), explanations: z.array(z.string()) })),
    })
    .optional(),
  problems: z.array(z.string()),
  prev: z.object({ id: Id, title: z.string() }).optional(),
  next: z.object({ id: Id, title: z.string() }).optional(),
  scrollTo: z.string().optional(),
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
  z.object({
    type: z.literal('quizResult'),
    questionId: Id,
    option: z.number(),
    correct: z.boolean(),
    correctOption: z.number(),
    explanations: z.array(z.string()),
  }),
  z.object({ type: z.literal('scrollTo'), topicId: z.string() }),
]);

export const SecurityReportSchema = z.object({
  scripts: z.number(),
  inlineHandlers: z.number(),
  unsafeLinks: z.number(),
  executed: z.boolean(),
});

export const WebviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('rendered'), phaseId: z.string(), heading: z.string(), topicCount: z.number(), security: SecurityReportSchema }),
  /** Sent after a progress update was applied, with the topics the panel now shows as done. */
  z.object({ type: z.literal('progressApplied'), phaseId: z.string(), doneTopics: z.array(z.string()) }),
  z.object({ type: z.literal('openLesson'), phaseId: Id, topicId: Id.optional() }),
  z.object({ type: z.literal('setTopicDone'), phaseId: Id, topicId: Id, done: z.boolean() }),
  z.object({ type: z.literal('answerQuiz'), phaseId: Id, questionId: Id, option: z.number().int().min(0) }),
  z.object({ type: z.literal('startExercise'), exerciseId: Id }),
  z.object({ type: z.literal('openNotes'), phaseId: Id }),
  z.object({ type: z.literal('runCommand'), command: z.string() }),
]);

export type HostToWebview = z.infer<typeof HostToWebviewSchema>;
export type WebviewToHost = z.infer<typeof WebviewToHostSchema>;
export type LessonMessage = z.infer<typeof LessonMessageSchema>;
export type SecurityReport = z.infer<typeof SecurityReportSchema>;
export type ExerciseStatus = z.infer<typeof ExerciseStatusSchema>;

/** State the webview keeps across hide/show and window reloads (`getState`/`setState`). */
export const WebviewStateSchema = z.object({ phaseId: Id, scrollY: z.number().optional() });
export type WebviewState = z.infer<typeof WebviewStateSchema>;
