/** Every command id the extension contributes; `package.json` lists the same ids (a unit test checks it). */
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
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Commands that lesson markdown may link to (`command:<id>`); the host checks again before running one. */
export const LESSON_LINK_COMMANDS: readonly string[] = [
  Commands.startExercise,
  Commands.scanWorkspace,
  Commands.continueLearning,
  Commands.searchLessons,
];
