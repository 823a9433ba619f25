import * as vscode from 'vscode';
import { relative } from 'node:path';
import { RULES, SOURCE_EXTENSIONS, type Finding, type FileResult, type RuleId } from '../core/analysis/types';
import { AnalysisClient } from './analysisClient';
import { DIAGNOSTIC_SOURCE, toCodeActions, toDiagnostics } from './convert';
import { Disposable } from './dispose';
import { Commands } from './commands';
import type { DiagnosticsSettings, Settings } from './settings';

export interface DiagnosticsDeps {
  output: vscode.LogOutputChannel;
  settings: Settings;
  /** dist/analysis-worker.js */
  workerScript: string;
  openLesson(phaseId: string, topicId: string): Thenable<unknown>;
}

/** From this many files on, the background scan shows a cancellable notification. */
const LARGE_WORKSPACE = 300;
/** What `npm install` (or pnpm, yarn, bun) writes when dependencies change. */
const DEPENDENCY_FILES = '**/{package.json,package-lock.json,npm-shrinkwrap.json,pnpm-lock.yaml,yarn.lock,bun.lock}';
/** An install writes several of them in a row: wait this long after the last one. */
const DEPENDENCY_SETTLE_MS = 1500;

function isSource(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && SOURCE_EXTENSIONS.some((e) => doc.uri.fsPath.endsWith(e)) && !doc.uri.fsPath.endsWith('.d.ts');
}

/** One workspace folder: its own settings (resource scope) and its own analysis worker. */
class FolderAnalysis extends Disposable {
  readonly client: AnalysisClient;
  settings: DiagnosticsSettings;
  /** Globs relative to the folder that the coach never reports on (the exercises folder: the coach's own material). */
  ownMaterial: string[] = [];
  scanCts: vscode.CancellationTokenSource | undefined;

  constructor(readonly folder: vscode.WorkspaceFolder, deps: DiagnosticsDeps) {
    super();
    this.client = new AnalysisClient(deps.workerScript, (m) => deps.output.error(m));
    this._register({ dispose: () => { this.scanCts?.cancel(); this.client.dispose(); } });
    this.settings = deps.settings.diagnostics(folder);
  }
}

/** Coaching diagnostics: live as you type (debounced), on open and save, and a background scan of each folder. */
export class CoachDiagnostics extends Disposable implements vscode.CodeActionProvider {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('roadmapCoach'));
  private readonly findings = new Map<string, Finding[]>();
  private readonly folders = new Map<string, FolderAnalysis>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly versions = new Map<string, number>();
  private readonly skippedReported = new Set<string>();

  constructor(private readonly deps: DiagnosticsDeps) {
    super();
    this._register(vscode.languages.registerCodeActionsProvider(
      SOURCE_EXTENSIONS.map((e) => ({ scheme: 'file', pattern: `**/*${e}` })),
      this,
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ));
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 300)));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.onSave(d)));
    this._register(vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((f) => this.forget(f))));
    this._register(deps.settings.onDidChange((section) => { if (section === 'diagnostics' || section === 'exercises') this.reconfigure(); }));
    // Installed or upgraded dependencies bring other type declarations (a promise a library returns): the
    // analysis reads them once per session, so it starts afresh for that folder.
    const manifests = this._register(vscode.workspace.createFileSystemWatcher(DEPENDENCY_FILES));
    for (const event of [manifests.onDidCreate, manifests.onDidChange, manifests.onDidDelete]) this._register(event((uri) => this.dependenciesChanged(uri)));
    this._register({ dispose: () => { for (const t of this.timers.values()) clearTimeout(t); for (const f of this.folders.values()) f.dispose(); } });
    this.reconfigure();
  }

  /** Re-reads every folder's settings, drops what was shown and analyses again. */
  private reconfigure(): void {
    const current = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()));
    for (const [key, f] of this.folders) if (!current.has(key)) { f.dispose(); this.folders.delete(key); }
    this.collection.clear();
    this.findings.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      let f = this.folders.get(folder.uri.toString());
      if (!f) this.folders.set(folder.uri.toString(), (f = new FolderAnalysis(folder, this.deps)));
      f.scanCts?.cancel();
      f.settings = this.deps.settings.diagnostics(folder);
      f.ownMaterial = [`${this.deps.settings.exercises(folder).folder.replace(/\\/g, '/').replace(/\/+$/, '')}/**`];
      if (f.settings.enabled) this.restart(f);
    }
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** A fresh analysis for the folder (the worker forgets what it read), then its background scan. */
  private restart(f: FolderAnalysis): void {
    f.scanCts?.cancel();
    f.client.configure(f.folder.uri.fsPath, f.settings.analysis);
    if (f.settings.scanWorkspace) void this.scanFolder(f, false);
  }

  private dependenciesChanged(uri: vscode.Uri): void {
    if (/[\\/]node_modules[\\/]/.test(uri.fsPath)) return;
    const f = this.folderFor(uri);
    if (!f || this.isOwnMaterial(f, uri)) return; // an exercise's own npm install changes nothing in the learner's code
    const key = `dependencies:${f.folder.uri.toString()}`;
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.deps.output.info(`dependencies changed (${vscode.workspace.asRelativePath(uri)}): reading ${f.folder.name}'s library types again`);
      // Results already shown stay until the new ones replace them: no flicker in the Problems view.
      this.restart(f);
      for (const doc of vscode.workspace.textDocuments) if (vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.toString() === f.folder.uri.toString()) this.schedule(doc, 0);
    }, DEPENDENCY_SETTLE_MS));
  }

  private folderFor(uri: vscode.Uri): FolderAnalysis | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const f = folder && this.folders.get(folder.uri.toString());
    return f?.settings.enabled ? f : undefined;
  }

  /** Files of the exercises folder are the coach's own teaching material: never reported on. */
  private isOwnMaterial(f: FolderAnalysis, uri: vscode.Uri): boolean {
    const rel = relative(f.folder.uri.fsPath, uri.fsPath).replace(/\\/g, '/');
    return f.ownMaterial.some((glob) => rel.startsWith(glob.slice(0, -2)));
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isSource(doc)) return;
    const f = this.folderFor(doc.uri);
    if (!f || this.isOwnMaterial(f, doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => void this.analyzeDocument(f, doc), delay));
  }

  /** A save can change what a file exports (an async function, a class method): re-check the other open files too. */
  private onSave(doc: vscode.TextDocument): void {
    this.schedule(doc, 0);
    for (const other of vscode.workspace.textDocuments) if (other !== doc) this.schedule(other, 500);
  }

  private async analyzeDocument(f: FolderAnalysis, doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const version = doc.version;
    this.versions.set(key, version);
    try {
      const { result } = await f.client.analyze(doc.uri.fsPath, doc.getText());
      if (this.versions.get(key) !== version || (doc.isClosed && !f.settings.scanWorkspace)) return;
      this.publish(doc.uri, result);
    } catch (e) {
      this.deps.output.error(`analysis of ${doc.uri.fsPath} failed: ${(e as Error).message}`);
    }
  }

  private publish(uri: vscode.Uri, result: FileResult): void {
    if (result.skipped) {
      if (!this.skippedReported.has(uri.fsPath)) this.deps.output.info(`skipped ${vscode.workspace.asRelativePath(uri)}: ${result.skipped}`);
      this.skippedReported.add(uri.fsPath);
    }
    this.findings.set(uri.toString(), result.findings);
    this.collection.set(uri, toDiagnostics(result));
  }

  private forget(uri: vscode.Uri): void {
    this.findings.delete(uri.toString());
    this.collection.delete(uri);
    this.folderFor(uri)?.client.remove(uri.fsPath);
  }

  /** "Scan Workspace for Anti-patterns": every folder, with a cancellable notification. */
  async scanWorkspace(): Promise<void> {
    if (!this.folders.size) {
      void vscode.window.showInformationMessage('Open a folder to scan it for the anti-patterns the roadmap teaches about.');
      return;
    }
    const enabled = [...this.folders.values()].filter((f) => f.settings.enabled);
    if (!enabled.length) {
      void vscode.window.showInformationMessage('Roadmap Coach diagnostics are turned off (roadmapCoach.diagnostics.enable).');
      return;
    }
    for (const f of enabled) await this.scanFolder(f, true);
  }

  private async scanFolder(f: FolderAnalysis, userRequested: boolean): Promise<void> {
    f.scanCts?.cancel();
    const cts = (f.scanCts = new vscode.CancellationTokenSource());
    const excludes = Object.entries(vscode.workspace.getConfiguration('files', f.folder).get<Record<string, boolean>>('exclude', {})).filter(([, on]) => on).map(([g]) => g);
    const dirty = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.fsPath));
    const title = `Roadmap Coach: scanning ${f.folder.name} for anti-patterns`;
    let notification: vscode.Progress<{ message?: string; increment?: number }> | undefined;
    let endNotification = () => {};
    const scan = (progress?: vscode.Progress<{ message?: string; increment?: number }>) => {
      let last = 0;
      let total = 0;
      return f.client.scan(
        { include: f.settings.include, exclude: [...f.settings.exclude, ...f.ownMaterial, ...excludes] },
        {
          listed: (files, problems) => {
            total = files;
            for (const p of problems) this.deps.output.warn(`scan: ${p}`);
            // A large workspace gets a cancellable notification even when the scan started on its own.
            if (!userRequested && files >= LARGE_WORKSPACE) {
              void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (p, token) => {
                notification = p;
                token.onCancellationRequested(() => cts.cancel());
                return new Promise<void>((resolve) => { endNotification = resolve; });
              });
            }
          },
          // Open documents with unsaved edits keep their live results.
          results: (results) => { for (const r of results) if (!dirty.has(r.file)) this.publish(vscode.Uri.file(r.file), r); },
          progress: (done, steps) => {
            const pct = Math.floor((done / Math.max(steps, 1)) * 100);
            const report = { increment: pct - last, message: `${Math.min(total, Math.ceil(done / 2))}/${total} files` };
            progress?.report(report);
            notification?.report(report);
            last = pct;
          },
        },
        { onCancel: (cb) => { cts.token.onCancellationRequested(cb); } },
      );
    };
    // Quietly in the status bar on start; a cancellable notification when asked for.
    const location = userRequested ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
    try {
      const r = await vscode.window.withProgress({ location, title, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => cts.cancel());
        return scan(progress);
      });
      this.deps.output.info(`scan of ${f.folder.name}: ${r.files} files in ${Math.round(r.durationMs)} ms${r.cancelled ? ' (cancelled)' : ''}`);
    } catch (e) {
      this.deps.output.error(`scan of ${f.folder.name} failed: ${(e as Error).message}`);
    } finally {
      endNotification();
    }
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const findings = this.findings.get(document.uri.toString()) ?? [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const rule = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
      const f = findings.find((x) => x.rule === rule && x.range.start.line === diagnostic.range.start.line && x.range.start.character === diagnostic.range.start.character);
      if (f) actions.push(...toCodeActions(document.uri, f, diagnostic, { explain: Commands.explainRule, example: Commands.showExample }));
    }
    return actions;
  }

  /** "Explain a Coaching Rule…": opens the lesson topic the rule teaches. */
  async explain(rule: unknown): Promise<void> {
    let id = typeof rule === 'string' && rule in RULES ? (rule as RuleId) : undefined;
    if (!id) {
      const pick = await vscode.window.showQuickPick(Object.values(RULES).map((r) => ({ label: r.id, detail: r.description, id: r.id })), { placeHolder: 'Explain which coaching rule?' });
      id = pick?.id;
    }
    if (!id) return;
    await this.deps.openLesson(RULES[id].lesson.phaseId, RULES[id].lesson.topicId);
  }
}
