/**
 * The command table: every command id the extension contributes. `package.json` lists the same ids, each with
 * the "Roadmap Coach" category (a unit test checks it); `CommandHandlers` makes activation give each one a handler.
 */
export const Commands = {
  openRoadmap: 'roadmapCoach.openRoadmap',
  openLesson: 'roadmapCoach.openLesson',
  searchLessons: 'roadmapCoach.searchLessons',
  continueLearning: 'roadmapCoach.continue',
  markTopicDone: 'roadmapCoach.markTopicDone',
  markTopicNotDone: 'roadmapCoach.markTopicNotDone',
  resetProgress: 'roadmapCoach.resetProgress',
  exportProgress: 'roadmapCoach.exportProgress',
  importProgress: 'roadmapCoach.importProgress',
  restoreProgressBackup: 'roadmapCoach.restoreProgressBackup',
  startReview: 'roadmapCoach.startReview',
  openNotes: 'roadmapCoach.openNotes',
  reloadContent: 'roadmapCoach.reloadContent',
  startExercise: 'roadmapCoach.startExercise',
  checkExercise: 'roadmapCoach.checkExercise',
  showHint: 'roadmapCoach.showHint',
  showSolution: 'roadmapCoach.showSolution',
  resetExercise: 'roadmapCoach.resetExercise',
  toggleWatch: 'roadmapCoach.toggleExerciseWatch',
  scanWorkspace: 'roadmapCoach.scanWorkspace',
  explainRule: 'roadmapCoach.explainRule',
  showExample: 'roadmapCoach.showExample',
} as const;

export type CommandName = keyof typeof Commands;

/** One handler per command of the table; arguments come from menus, links and other extensions, so they are checked. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandHandlers = { [K in CommandName]: (...args: any[]) => unknown };

/** Commands that lesson markdown may link to (`command:<id>`); the host checks again before running one. */
export const LESSON_LINK_COMMANDS: readonly string[] = [
  Commands.startExercise,
  Commands.scanWorkspace,
  Commands.continueLearning,
  Commands.searchLessons,
];
