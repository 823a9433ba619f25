import * as vscode from 'vscode';
import { ContentService } from './core/content/service';
import { openProgressStore } from './vscode/progress';
import { RoadmapTree } from './vscode/roadmapTree';
import { LessonPanel } from './vscode/lessonPanel';
import { ProgressStatusBar } from './vscode/statusBar';
import { Notes } from './vscode/notes';
import { registerLearningCommands } from './vscode/learningCommands';
import { registerExerciseFeatures } from './vscode/exercises';
import { registerDiagnostics } from './vscode/diagnostics';
import { showContentProblems } from './vscode/contentProblems';

export type CoachApi = Awaited<ReturnType<typeof activateFeatures>>;

/** Reads like a table of contents: build the core services, build the adapters, register, return. */
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

async function activateFeatures(context: vscode.ExtensionContext) {
  const contentRoot = vscode.Uri.joinPath(context.extensionUri, 'content').fsPath;
  const content = new ContentService(contentRoot);
  await content.load();
  const progress = await openProgressStore(context);
  progress.setKnownIds(content.knownIds());
  const notes = new Notes(context, content);
  const tree = new RoadmapTree(content, progress, (id) => notes.has(id));
  const panel = new LessonPanel({ extensionUri: context.extensionUri, content, progress, memento: context.globalState, hasNotes: (id) => notes.has(id), openNotes: (id) => notes.open(id) });
  const statusBar = new ProgressStatusBar(content, progress);
  const output = vscode.window.createOutputChannel('Roadmap Coach', { log: true });
  const reloadContent = async () => {
    await content.load();
    progress.setKnownIds(content.knownIds());
    tree.refresh();
    statusBar.update();
    showContentProblems(content, output);
  };
  context.subscriptions.push(
    output, notes, tree, panel, statusBar,
    notes.onDidChange(() => tree.refresh()),
    vscode.window.onDidChangeWindowState((s) => { if (s.focused) { progress.reload(); notes.scan(); } }),
    ...registerLearningCommands({ content, progress, panel, tree, notes, reloadContent }),
  );
  const exercises = registerExerciseFeatures(context, { content, progress, output });
  const diagnostics = registerDiagnostics(context, { output, openLesson: (phaseId, topicId) => panel.show(phaseId, topicId) });
  tree.updateContext();
  showContentProblems(content, output);
  return { content, progress, tree, panel, statusBar, notes, exercises, diagnostics };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
