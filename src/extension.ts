import * as vscode from 'vscode';
import { ContentService } from './core/content/service';
import { Commands, type CommandHandlers } from './vscode/commands';
import { showContentProblems } from './vscode/contentProblems';
import { CoachDiagnostics } from './vscode/diagnostics';
import { ExerciseFeatures } from './vscode/exercises';
import { ExerciseResults } from './vscode/exerciseResults';
import { learningCommands } from './vscode/learningCommands';
import { registerLessonUriHandler } from './vscode/lessonLinks';
import { LessonPanel } from './vscode/lessonPanel';
import { Notes } from './vscode/notes';
import { openProgressStore } from './vscode/progress';
import { RoadmapTree } from './vscode/roadmapTree';
import { Settings } from './vscode/settings';
import { registerSolutionDocuments } from './vscode/solutionDocuments';
import { registerExampleDocuments, showExample } from './vscode/examples';
import { ProgressStatusBar } from './vscode/statusBar';

export type CoachApi = Awaited<ReturnType<typeof activateFeatures>>;

export async function activate(context: vscode.ExtensionContext): Promise<CoachApi | undefined> {
  try {
    return await activateFeatures(context);
  } catch (e) {
    // VS Code does not show activation failures to the user; we do.
    const message = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(`Roadmap Coach failed to start: ${message}`);
    throw e;
  }
}

/** Reads like a table of contents: core services, adapters (each pushed to `subscriptions` here), the command table. */
async function activateFeatures(context: vscode.ExtensionContext) {
  const own = <T extends vscode.Disposable>(d: T): T => { context.subscriptions.push(d); return d; };
  const output = own(vscode.window.createOutputChannel('Roadmap Coach', { log: true }));
  const settings = own(new Settings((m) => output.warn(m)));
  const content = new ContentService(vscode.Uri.joinPath(context.extensionUri, 'content').fsPath);
  await content.load();
  const progress = await openProgressStore(context);
  progress.setKnownIds(content.knownIds());

  const notes = own(new Notes(context, content, settings));
  const tree = own(new RoadmapTree(content, progress, (id) => notes.has(id)));
  const panel = own(new LessonPanel({ extensionUri: context.extensionUri, content, progress, memento: context.globalState, hasNotes: (id) => notes.has(id), openNotes: (id) => notes.open(id) }));
  const statusBar = own(new ProgressStatusBar(content, progress));
  const results = own(new ExerciseResults());
  const exercises = own(new ExerciseFeatures({ content, progress, output, settings, results, reporter: context.asAbsolutePath('dist/test-reporter.mjs'), nodeTypes: context.asAbsolutePath('dist/node-types') }));
  const diagnostics = own(new CoachDiagnostics({ output, settings, workerScript: context.asAbsolutePath('dist/analysis-worker.js'), openLesson: (phaseId, topicId) => panel.show(phaseId, topicId) }));
  own(registerLessonUriHandler((phaseId, topicId) => panel.show(phaseId, topicId)));
  own(registerSolutionDocuments(content));
  own(registerExampleDocuments());
  own(notes.onDidChange(() => tree.refresh()));
  own(vscode.window.onDidChangeWindowState((s) => { if (s.focused) { progress.reload(); notes.scan(); } }));

  const reloadContent = async () => {
    await content.load();
    progress.setKnownIds(content.knownIds());
    tree.refresh();
    statusBar.update();
    showContentProblems(content, output);
  };
  own(registerCommands({
    ...learningCommands({ content, progress, panel, tree, notes, reloadContent }),
    startExercise: (arg?: unknown) => exercises.start(arg),
    checkExercise: (arg?: unknown) => exercises.check(arg),
    showHint: (arg?: unknown) => exercises.hint(arg),
    showSolution: (arg?: unknown, options?: { skipConfirmation?: boolean }) => exercises.solution(arg, options),
    resetExercise: (arg?: unknown, options?: { skipConfirmation?: boolean }) => exercises.reset(arg, options),
    toggleWatch: () => exercises.toggleWatch(),
    scanWorkspace: () => diagnostics.scanWorkspace(),
    explainRule: (rule?: unknown) => diagnostics.explain(rule),
    showExample: (id?: unknown) => showExample(id),
  }));
  tree.updateContext();
  showContentProblems(content, output);
  return { content, progress, tree, panel, statusBar, notes, exercises, results, diagnostics };
}

/** Registers the whole command table at once; the type makes every command of `Commands` have a handler. */
function registerCommands(handlers: CommandHandlers): vscode.Disposable {
  return vscode.Disposable.from(...(Object.keys(handlers) as (keyof CommandHandlers)[]).map((name) => vscode.commands.registerCommand(Commands[name], handlers[name])));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
