import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { lstat, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { ContentService } from '../core/content/service';
import type { Exercise } from '../core/exercises/catalogue';
import { findNode } from '../core/exercises/node';
import { describePackages, installPackages, missingPackages, missingPackagesMessage } from '../core/exercises/packages';
import { formatReport, type CheckReport } from '../core/exercises/runner';
import { checkExercise } from '../core/exercises/check';
import { linksIn, resetExercise, solutionFiles, startExercise, UnsafePathError } from '../core/exercises/scaffold';
import { assertNoLinks } from '../core/exercises/safety';
import { ensureNodeTypes } from '../core/exercises/types-setup';
import type { ProgressStore } from '../core/progress/store';
import { exerciseStatus } from '../core/exercises/status';
import { Disposable } from './dispose';
import type { ExerciseResults } from './exerciseResults';
import type { RoadmapNode } from './roadmapTree';
import type { Settings } from './settings';
import { solutionUri } from './solutionDocuments';
import { lessonUri } from './lessonLinks';
import { linkLessonReferences } from '../core/content/lessonLink';

/** For scripted use (tasks, keybindings, tests): `{ skipConfirmation: true }` answers the confirmation up front. */
export interface ConfirmOptions {
  skipConfirmation?: boolean;
}

export interface ExerciseDeps {
  content: ContentService;
  progress: ProgressStore;
  output: vscode.LogOutputChannel;
  settings: Settings;
  results: ExerciseResults;
  /** dist/test-reporter.mjs */
  reporter: string;
  /** dist/node-types: Node's type declarations, copied next to the exercises at Start. */
  nodeTypes: string;
}

/**
 * The folder no link may sit under on the way to an exercise: the workspace folder that holds `root`
 * (`roadmapCoach.exercises.folder` is relative to it; a setting that leads outside it is refused later),
 * or, with no such folder open, the folder the learner just picked.
 */
function workspaceOf(root: string, picked?: vscode.Uri): string {
  if (picked) return picked.fsPath;
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? dirname(root);
}

/** Start, Check (with Test Explorer and the results view), Hint, Solution, Reset and watch mode for the hands-on exercises. */
export class ExerciseFeatures extends Disposable {
  readonly controller = this._register(vscode.tests.createTestController('roadmapCoach.exercises', 'Roadmap Exercises'));
  /** Watch mode: the setting, until the toggle command overrides it for this window. */
  private watchOverride: boolean | undefined;
  private readonly running = new Map<string, vscode.CancellationTokenSource>();
  private readonly saveTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: ExerciseDeps) {
    super();
    this.controller.createRunProfile('Check Exercise', vscode.TestRunProfileKind.Run, (request, token) => this.runFromTestExplorer(request, token), true);
    this.controller.resolveHandler = () => { this.refreshTestItems(); return Promise.resolve(); };
    this._register(vscode.workspace.onDidSaveTextDocument((doc) => this.onSave(doc)));
    this._register(deps.settings.onDidChange((section) => {
      if (section !== 'exercises') return;
      this.watchOverride = undefined;
      this.updateWatchContext();
      this.refreshTestItems();
    }));
    this._register({ dispose: () => { for (const t of this.running.values()) t.cancel(); for (const t of this.saveTimers.values()) clearTimeout(t); } });
    this.updateWatchContext();
    this.refreshTestItems();
  }

  /** The workspace folder exercises go to: the active file's folder, else the first one. */
  private folder(): vscode.WorkspaceFolder | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  }

  private settings(folder = this.folder()) {
    return this.deps.settings.exercises(folder);
  }

  private get watching(): boolean {
    return this.watchOverride ?? this.settings().watch;
  }

  /** `<workspace folder>/<roadmapCoach.exercises.folder>` of a folder; undefined without a folder open. */
  exercisesRoot(folder = this.folder()): string | undefined {
    return folder ? join(folder.uri.fsPath, this.settings(folder).folder) : undefined;
  }

  /** Where an exercise lives: the folder that already has it, else the current folder's exercises root. */
  exerciseDir(id: string): string | undefined {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const dir = join(this.exercisesRoot(folder)!, id);
      if (existsSync(dir)) return dir;
    }
    const root = this.exercisesRoot();
    return root ? join(root, id) : undefined;
  }

  private rootOf(uri: vscode.Uri): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && this.exercisesRoot(folder);
  }

  private exerciseFromArg(arg: unknown): Exercise | undefined {
    if (typeof arg === 'string') return this.deps.content.exercise(arg);
    if (arg && typeof arg === 'object' && (arg as RoadmapNode).kind === 'exercise') return (arg as Extract<RoadmapNode, { kind: 'exercise' }>).exercise;
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const root = uri && this.rootOf(uri);
    if (uri && root && uri.fsPath.startsWith(root + sep)) {
      return this.deps.content.exercise(uri.fsPath.slice(root.length + 1).split(/[\\/]/)[0]!);
    }
    return undefined;
  }

  private async pick(placeHolder: string, onlyStarted: boolean): Promise<Exercise | undefined> {
    type Item = vscode.QuickPickItem & { exercise?: Exercise };
    const items: Item[] = [];
    for (const phase of this.deps.content.current.phases) {
      const list = this.deps.content.exercisesOf(phase).filter((e) => !onlyStarted || this.isStarted(e.id));
      if (!list.length) continue;
      items.push({ label: `Phase ${phase.number} · ${phase.title}`, kind: vscode.QuickPickItemKind.Separator });
      for (const e of list) {
        const status = exerciseStatus(this.deps.progress.exercise(e.id));
        items.push({ label: `${EXERCISE_ICONS[status]} ${e.title}`, description: `${e.difficulty} · ${e.minutes} min${status === 'passed' ? ' · passed' : ''}`, detail: e.summary, exercise: e });
      }
    }
    if (!items.length) {
      void vscode.window.showInformationMessage(onlyStarted ? 'No exercise has been started in this workspace yet. Run "Roadmap Coach: Start Exercise" first.' : 'No exercises are available.');
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true }))?.exercise;
  }

  private isStarted(id: string): boolean {
    const dir = this.exerciseDir(id);
    return !!dir && existsSync(dir);
  }

  async start(arg?: unknown): Promise<string | undefined> {
    const exercise = this.exerciseFromArg(arg) ?? (await this.pick('Start which exercise?', false));
    if (!exercise) return undefined;
    let root = this.exercisesRoot();
    let openAfter: vscode.Uri | undefined;
    if (!root) {
      const choice = await vscode.window.showInformationMessage('Exercises are created inside a folder. Choose a folder to work in; it will be opened in this window.', { modal: true }, 'Choose Folder…');
      if (choice !== 'Choose Folder…') return undefined;
      const folder = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Use This Folder' }))?.[0];
      if (!folder) return undefined;
      root = join(folder.fsPath, this.settings().folder);
      openAfter = folder;
    }
    const target = join(root, exercise.id);
    const install = existsSync(target) ? false : await this.askToInstall(exercise);
    if (install === undefined) return undefined;
    let outcome;
    try {
      outcome = await startExercise(exercise, target, { workspace: workspaceOf(root, openAfter) });
    } catch (e) {
      if (e instanceof UnsafePathError) {
        void vscode.window.showErrorMessage(`Start Exercise refused: ${e.message}`);
        return undefined;
      }
      throw e;
    }
    try {
      await ensureNodeTypes(root, this.deps.nodeTypes);
    } catch (e) {
      if (!(e instanceof UnsafePathError)) throw e;
      void vscode.window.showWarningMessage(`Node's type declarations were not copied: ${e.message}`);
    }
    if (install && outcome.kind !== 'exists') await this.installPackages(exercise, target);
    if (outcome.kind === 'exists') {
      // Not awaited: the command finishes at once and the learner answers when they like.
      void vscode.window
        .showInformationMessage(`"${exercise.title}" already exists in ${vscode.workspace.asRelativePath(target)}. Your files were not touched.`, 'Open It', 'Reset to Starter…')
        .then((choice) => {
          if (choice === 'Open It') void this.openFiles(exercise, target);
          if (choice === 'Reset to Starter…') void this.reset(exercise.id);
        });
      return target;
    }
    await this.deps.progress.updateExercise(exercise.id, { startedAt: this.deps.progress.exercise(exercise.id)?.startedAt ?? new Date().toISOString() });
    if (openAfter) {
      await vscode.commands.executeCommand('vscode.openFolder', openAfter, { forceReuseWindow: true });
      return target;
    }
    await this.linkReadme(target);
    this.refreshTestItems();
    await this.openFiles(exercise, target);
    return target;
  }

  /** The fresh README's "Phase 6 · Caching strategies" references become links that open the lesson topic. */
  private async linkReadme(dir: string): Promise<void> {
    const file = join(dir, 'README.md');
    try {
      if (!(await lstat(file)).isFile()) return; // never follow a link the Start did not create
      const text = await readFile(file, 'utf8');
      const linked = linkLessonReferences(text, this.deps.content.current.phases, (phaseId, topicId) => lessonUri(phaseId, topicId).toString());
      if (linked !== text) await writeFile(file, linked);
    } catch (e) {
      this.deps.output.warn(`README links not added: ${(e as Error).message}`);
    }
  }

  /** For an exercise with npm packages: asks before Start. true = install, false = start without, undefined = cancel. */
  private async askToInstall(exercise: Exercise): Promise<boolean | undefined> {
    const packages = describePackages(exercise);
    if (!packages.length) return false;
    // npm install runs code (npm itself, the packages' install scripts): like Check, it needs trust.
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage(`"${exercise.title}" needs ${packages.join(', ')} from the npm registry. This workspace is in Restricted Mode, so the exercise is created without running \`npm install\`; trust the workspace to install it and run its checks.`);
      return false;
    }
    const choice = await vscode.window.showInformationMessage(
      `"${exercise.title}" needs ${packages.join(', ')} from the npm registry. Start runs \`npm install\` in the exercise's own folder (nothing is installed globally). Install it now?`,
      { modal: true, detail: 'Without it the exercise is created, but its checks cannot run until you run `npm install` in its folder.' },
      'Install and Start',
      'Start Without Installing',
    );
    return choice === 'Install and Start' ? true : choice === 'Start Without Installing' ? false : undefined;
  }

  private async installPackages(exercise: Exercise, dir: string): Promise<boolean> {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Installing ${describePackages(exercise).join(', ')} for "${exercise.title}"`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return installPackages(dir, { signal: abort.signal, onLine: (line) => { this.deps.output.info(`npm: ${line}`); progress.report({ message: line.slice(0, 80) }); } });
      },
    );
    if (!result.ok) {
      void vscode.window.showErrorMessage(`npm install failed in ${vscode.workspace.asRelativePath(dir)} (exit ${result.exitCode ?? 'none'}). Check your network or npm settings, then run \`npm install\` there yourself.`, 'Show Output').then((c) => { if (c) this.deps.output.show(true); });
    }
    return result.ok;
  }

  private async openFiles(exercise: Exercise, dir: string): Promise<void> {
    // One main file to edit, with the README as a rendered preview beside it (not three tabs of source).
    const main = exercise.open.find((rel) => !/\.md$/i.test(rel) && existsSync(join(dir, rel)));
    const readme = join(dir, 'README.md');
    const column = codeColumn();
    if (main) await vscode.window.showTextDocument(vscode.Uri.file(join(dir, main)), { viewColumn: column, preview: false });
    if (existsSync(readme)) {
      // The built-in markdown preview, beside the code, without taking the focus from it.
      await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(readme), 'vscode.markdown.preview.editor', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    }
  }

  private ensureTrusted(action: string): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window
      .showWarningMessage(`${action} runs the exercise's tests with Node, and this workspace is in Restricted Mode. Trust the workspace to run code here; lessons and diagnostics keep working either way.`, 'Manage Workspace Trust')
      .then((c) => { if (c) void vscode.commands.executeCommand('workbench.trust.manage'); });
    return false;
  }

  async check(arg?: unknown, run?: vscode.TestRun, token?: vscode.CancellationToken): Promise<CheckReport | undefined> {
    const exercise = this.exerciseFromArg(arg) ?? (await this.pick('Check which exercise?', true));
    if (!exercise) return undefined;
    if (!this.ensureTrusted('Checking an exercise')) {
      await this.deps.results.notRun(exercise, 'Not checked: this workspace is in Restricted Mode, and a check runs the exercise\'s tests with Node. Trust the workspace to run them.');
      return undefined;
    }
    const dir = this.exerciseDir(exercise.id);
    if (!dir || !existsSync(dir)) {
      void vscode.window.showInformationMessage(`"${exercise.title}" has not been started in this workspace.`, 'Start Exercise').then((c) => { if (c) void this.start(exercise.id); });
      return undefined;
    }
    const { nodePath: configuredNode, timeoutSeconds } = this.settings();
    const node = findNode(configuredNode || 'node');
    if (!node.ok) {
      void vscode.window.showErrorMessage(node.message!, 'Open Settings').then((c) => { if (c) void vscode.commands.executeCommand('workbench.action.openSettings', 'roadmapCoach.exercises.nodePath'); });
      await this.deps.results.notRun(exercise, node.message!);
      return undefined;
    }
    const missing = missingPackages(exercise, dir);
    if (missing.length) {
      const message = missingPackagesMessage(missing, vscode.workspace.asRelativePath(dir));
      void vscode.window.showWarningMessage(message, 'Install Now').then(async (c) => { if (c && (await this.installPackages(exercise, dir))) void this.check(exercise.id); });
      await this.deps.results.notRun(exercise, message);
      return undefined;
    }
    this.running.get(exercise.id)?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.running.set(exercise.id, cts);
    token?.onCancellationRequested(() => cts.cancel());
    const abort = new AbortController();
    cts.token.onCancellationRequested(() => abort.abort());
    const ownRun = !run;
    const testRun = run ?? this.controller.createTestRun(new vscode.TestRunRequest(), `Check ${exercise.title}`, false);
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking "${exercise.title}"…`, cancellable: true },
        (_p, progressToken) => {
          progressToken.onCancellationRequested(() => cts.cancel());
          return checkExercise(exercise, dir, { node: node.node, nodeArgs: node.args, reporter: this.deps.reporter, timeoutMs: timeoutSeconds * 1000, signal: abort.signal });
        },
      );
      this.publish(exercise, dir, report, testRun);
      const hintIndex = Math.min(this.deps.progress.exercise(exercise.id)?.hintsShown ?? 0, exercise.hints.length - 1);
      const text = formatReport(report, exercise.hints[hintIndex]);
      // The result stays where the learner looks: the results view, revealed; the toast below is only a pointer.
      await this.deps.results.show(exercise, report, report.status === 'passed' ? undefined : { index: hintIndex, text: exercise.hints[hintIndex] ?? '' });
      this.deps.output.info(`Check ${exercise.id} (node ${node.version}): ${report.status}\n${text}`);
      testRun.appendOutput(text.replace(/\n/g, '\r\n') + '\r\n');
      if (report.status === 'passed') {
        const first = !this.deps.progress.exercise(exercise.id)?.passedAt;
        await this.deps.progress.markExercisePassed(exercise.id);
        void vscode.window.showInformationMessage(`✔ "${exercise.title}": all ${report.passed} checks pass.${first ? ' Marked as done.' : ''}`);
      } else if (report.status === 'timed-out') {
        void vscode.window.showErrorMessage(`"${exercise.title}": the check did not finish within ${timeoutSeconds} s and was stopped. Something never resolves or a server is never closed.`, 'Show Output').then((c) => { if (c) this.deps.output.show(true); });
      } else if (report.status === 'crashed' || report.status === 'no-tests' || report.status === 'error') {
        void vscode.window.showErrorMessage(`"${exercise.title}": the tests could not run. ${report.output.split('\n')[0] ?? ''}`, 'Show Output').then((c) => { if (c) this.deps.output.show(true); });
      } else if (report.status === 'failed') {
        const firstFail = report.results.find((r) => !r.ok);
        const summary = report.bugs && !firstFail
          ? `your ${report.passed} tests pass; bugs caught: ${report.bugs.filter((b) => b.caught).length} of ${report.bugs.length}.`
          : `${report.passed} of ${report.results.length} ${report.bugs ? 'of your tests pass against the correct implementation' : 'checks pass'}. First failure: ${firstFail?.name ?? ''}`;
        void vscode.window.showWarningMessage(`"${exercise.title}": ${summary}`, 'Show Hint', 'Show Output').then((c) => {
          if (c === 'Show Hint') void this.hint(exercise.id);
          if (c === 'Show Output') this.deps.output.show(true);
        });
      }
      return report;
    } finally {
      if (ownRun) testRun.end();
      this.running.delete(exercise.id);
      cts.dispose();
    }
  }

  private publish(exercise: Exercise, dir: string, report: CheckReport, run: vscode.TestRun): void {
    const parent = this.exerciseItem(exercise, dir);
    parent.children.replace([]);
    for (const r of report.results) {
      const id = [...r.suite, r.name].join(' › ');
      const uri = r.file ? vscode.Uri.file(r.file.startsWith('file:') ? vscode.Uri.parse(r.file).fsPath : r.file) : undefined;
      const item = this.controller.createTestItem(`${exercise.id}::${id}`, id, uri);
      if (r.line) item.range = new vscode.Range(r.line - 1, 0, r.line - 1, 0);
      parent.children.add(item);
      if (r.ok) run.passed(item, r.durationMs);
      else {
        const message = r.expected !== undefined && r.actual !== undefined ? vscode.TestMessage.diff(r.message ?? 'failed', r.expected, r.actual) : new vscode.TestMessage(r.message ?? 'failed');
        if (uri && r.line) message.location = new vscode.Location(uri, new vscode.Position(r.line - 1, 0));
        run.failed(item, message, r.durationMs);
      }
    }
    for (const bug of report.bugs ?? []) {
      // A write-tests exercise: one item per hidden bug, passed when the learner's tests caught it.
      const item = this.controller.createTestItem(`${exercise.id}::hidden-bug:${bug.name}`, `Hidden bug: ${bug.description}`);
      parent.children.add(item);
      if (bug.caught) run.passed(item);
      else run.failed(item, new vscode.TestMessage(`Your tests still pass with this bug: ${bug.description}`));
    }
    if (report.status === 'timed-out' || report.status === 'crashed' || report.status === 'no-tests' || report.status === 'error') {
      run.errored(parent, new vscode.TestMessage(formatReport(report)));
    }
  }

  private exerciseItem(exercise: Exercise, dir: string): vscode.TestItem {
    const existing = this.controller.items.get(exercise.id);
    if (existing) return existing;
    const item = this.controller.createTestItem(exercise.id, exercise.title, vscode.Uri.file(dir));
    this.controller.items.add(item);
    return item;
  }

  refreshTestItems(): void {
    for (const e of this.deps.content.exercises) {
      const dir = this.exerciseDir(e.id);
      if (dir && existsSync(dir)) this.exerciseItem(e, dir);
      else this.controller.items.delete(e.id);
    }
  }

  private async runFromTestExplorer(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    try {
      const ids = new Set<string>();
      const roots = request.include ?? [...iterate(this.controller.items)];
      for (const item of roots) ids.add(item.id.split('::')[0]!);
      for (const id of ids) {
        if (token.isCancellationRequested) break;
        await this.check(id, run, token);
      }
    } finally {
      run.end();
    }
  }

  async hint(arg?: unknown): Promise<void> {
    const exercise = this.exerciseFromArg(arg) ?? (await this.pick('Show a hint for which exercise?', false));
    if (!exercise) return;
    const shown = this.deps.progress.exercise(exercise.id)?.hintsShown ?? 0;
    const index = Math.min(shown, exercise.hints.length - 1);
    if (shown < exercise.hints.length) await this.deps.progress.updateExercise(exercise.id, { hintsShown: shown + 1 });
    this.deps.results.setHint(exercise, { index, text: exercise.hints[index] ?? '' });
    const more = index + 1 < exercise.hints.length;
    const choice = await vscode.window.showInformationMessage(`Hint ${index + 1}/${exercise.hints.length} for "${exercise.title}": ${exercise.hints[index]}`, ...(more ? ['Next Hint'] : []));
    if (choice === 'Next Hint') await this.hint(exercise.id);
  }

  async solution(arg?: unknown, options?: ConfirmOptions): Promise<void> {
    const exercise = this.exerciseFromArg(arg) ?? (await this.pick('Show the solution of which exercise?', false));
    if (!exercise) return;
    const passed = !!this.deps.progress.exercise(exercise.id)?.passedAt;
    if (!passed && !options?.skipConfirmation) {
      // The spoiling choice is never the default button: the first one (Enter) gives a hint instead.
      const choice = await vscode.window.showWarningMessage(`Show the reference solution of "${exercise.title}"? You learn most by getting there yourself; hints come one at a time.`, { modal: true }, 'Show a Hint Instead', 'Show Solution');
      if (choice === 'Show a Hint Instead') return this.hint(exercise.id);
      if (choice !== 'Show Solution') return;
    }
    await this.deps.progress.updateExercise(exercise.id, { solutionViewed: true });
    const dir = this.exerciseDir(exercise.id);
    const root = this.exercisesRoot();
    for (const rel of await solutionFiles(exercise)) {
      // Read-only, from a virtual document: never a file in the extension's install folder.
      const solution = solutionUri(exercise.id, rel);
      let mine = dir ? vscode.Uri.file(join(dir, rel)) : undefined;
      // Your file is opened beside the solution only if no link leads it out of the workspace (it is editable there).
      if (mine && root && !(await assertNoLinks(workspaceOf(root), mine.fsPath, 'Show Solution').then(() => true, (e: unknown) => {
        this.deps.output.warn(`Show Solution: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }))) mine = undefined;
      if (mine && existsSync(mine.fsPath)) await vscode.commands.executeCommand('vscode.diff', mine, solution, `${rel}: yours ↔ reference solution`, { preview: false });
      else await vscode.window.showTextDocument(solution, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    }
  }

  async reset(arg?: unknown, options?: ConfirmOptions): Promise<string | undefined> {
    const exercise = this.exerciseFromArg(arg) ?? (await this.pick('Reset which exercise?', true));
    if (!exercise) return undefined;
    const dir = this.exerciseDir(exercise.id);
    const root = this.exercisesRoot();
    if (!dir || !root || !existsSync(dir)) {
      void vscode.window.showInformationMessage(`"${exercise.title}" has not been started in this workspace.`);
      return undefined;
    }
    if (!options?.skipConfirmation) {
      const links = await linksIn(dir);
      const linkNote = links.length ? ` It contains links (${links.slice(0, 3).join(', ')}${links.length > 3 ? '…' : ''}): they are backed up as links and never written through.` : '';
      const choice = await vscode.window.showWarningMessage(`Reset "${exercise.title}" to its starter files? Your current files are first copied to ${vscode.workspace.asRelativePath(join(root, '.backups'))}.${linkNote}`, { modal: true }, 'Reset Exercise');
      if (choice !== 'Reset Exercise') return undefined;
    }
    // Save unsaved edits first so they go into the backup, not into the void.
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.isDirty && doc.uri.fsPath.startsWith(dir + sep)) await doc.save();
    }
    let backup: string;
    try {
      ({ backup } = await resetExercise(exercise, dir, join(root, '.backups'), { workspace: workspaceOf(root) }));
    } catch (e) {
      if (e instanceof UnsafePathError) {
        void vscode.window.showErrorMessage(`Reset Exercise refused, nothing was changed: ${e.message}`);
        return undefined;
      }
      throw e;
    }
    void vscode.window.showInformationMessage(`"${exercise.title}" is back to its starter files. Your previous files are in ${vscode.workspace.asRelativePath(backup)}.`);
    return backup;
  }

  /** For this window; the next change of `roadmapCoach.exercises.watch` wins again. */
  toggleWatch(): void {
    this.watchOverride = !this.watching;
    this.updateWatchContext();
    void vscode.window.setStatusBarMessage(this.watching ? '$(eye) Roadmap Coach: exercises are re-checked on save' : '$(eye-closed) Roadmap Coach: exercise watch mode off', 4000);
  }

  private updateWatchContext(): void {
    void vscode.commands.executeCommand('setContext', 'roadmapCoach.exerciseWatch', this.watching);
  }

  private onSave(doc: vscode.TextDocument): void {
    if (!this.watching || !vscode.workspace.isTrusted) return;
    const exercise = this.exerciseFromArg(doc.uri);
    if (!exercise) return;
    clearTimeout(this.saveTimers.get(exercise.id));
    this.saveTimers.set(exercise.id, setTimeout(() => void this.check(exercise.id), 300));
  }
}

function* iterate(items: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const all: vscode.TestItem[] = [];
  items.forEach((i) => all.push(i));
  yield* all;
}

const EXERCISE_ICONS = { 'not-started': '$(circle-large-outline)', started: '$(beaker)', passed: '$(pass-filled)' } as const;

/** The editor group for code: not the one showing a lesson (the lesson stays visible beside the code). */
function codeColumn(): vscode.ViewColumn {
  const lesson = vscode.window.tabGroups.all.find((g) => g.activeTab?.input instanceof vscode.TabInputWebview && g.activeTab.input.viewType.endsWith('roadmapCoach.lesson'));
  if (!lesson) return vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One;
  return lesson.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
}
