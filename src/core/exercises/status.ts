/** Where a learner is with an exercise: the one definition, shared by the tree, the lesson panel and the pickers. */
export type ExerciseStatus = 'not-started' | 'started' | 'passed';

export function exerciseStatus(progress: { startedAt?: string | undefined; passedAt?: string | undefined } | undefined): ExerciseStatus {
  return progress?.passedAt ? 'passed' : progress?.startedAt ? 'started' : 'not-started';
}
