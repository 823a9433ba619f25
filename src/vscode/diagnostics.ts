import * as vscode from 'vscode';
import { resolveConfig } from '../core/analysis/config';
import { RULES, SOURCE_EXTENSIONS, type Finding, type FileResult, type RuleId } from '../core/analysis/types';
import { AnalysisClient } from './analysisClient';
import { Commands } from './commands';
import { DIAGNOSTIC_SOURCE, toCodeActions, toDiagnostic } from './convert';

export interface DiagnosticsDeps {
  output: vscode.LogOutputChannel;
  openLesson(phaseId: string, topicId: string): Thenable<unknown>;
}

/** From this many files on, the background scan shows a cancellable notification. */
const LARGE_WORKSPACE = 300;

function readSettings() {
  const c = vscode.workspace.getConfiguration('roadmapCoach.diagnostics');
  return {
    enabled: c.get<boolean>('enable', true),
    scanWorkspace: c.get<boolean>('scanWorkspace', true),
    ...resolveConfig({
      rules: c.get<Record<string, string>>('rules', {}),
      include: c.get<string[]>('include', []),
      exclude: c.get<string[]>('exclude', []),
      servicePaths: c.get<string[]>('servicePaths', []),
      timeoutMs: c.get<number>('timeoutMs', 5000),
      maxFileSizeKB: c.get<number>('maxFileSizeKB', 1024),
    }),
  };
}

function isSource(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && SOURCE_EXTENSIONS.some((e) => doc.uri.fsPath.endsWith(e)) && !doc.uri.fsPath.endsWith('.d.ts');
}

/** Coaching diagnostics: live as you type (debounced), on open and save, and a background scan of the workspace. */
export class CoachDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  readonly collection = vscode.languages.createDiagnosticCollection('roadmapCoach');
  private readonly findings = new Map<string, Finding[]>();
  private readonly client: AnalysisClient;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly versions = new Map<string, number>();
  private settings = readSettings();
  private scanCts: vscode.CancellationTokenSource | undefined;
  private readonly skippedReported = new Set<string>();
  /** Resolves when the current workspace scan ends (tests wait on it). */
  scanDone: Promise<void> = Promise.resolve();
  lastScan: { files: number; durationMs: number; cancelled: boolean } | undefined;

  constructor(context: vscode.ExtensionContext, private readonly deps: DiagnosticsDeps) {
    this.client = new AnalysisClient(context.asAbsolutePath('dist/analysis-worker.js'), (m) => deps.output.error(m));
    this.disposables.push(
      this.collection,
      vscode.languages.registerCodeActionsProvider(
        SOURCE_EXTENSIONS.map((e) => ({ scheme: 'file', pattern: `**/*${e}` })),
        this,
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
      ),
      vscode.commands.registerCommand(Commands.explainRule, (rule?: unknown) => this.explain(rule)),
      vscode.commands.registerCommand(Commands.scanWorkspace, () => this.scanWorkspace(true)),
      vscode.window.registerUriHandler({ handleUri: (uri) => this.handleUri(uri) }),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 300)),
      vscode.workspace.onDidSaveTextDocument((d) => this.onSave(d)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((f) => this.forget(f))),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('roadmapCoach.diagnostics')) this.reconfigure(); }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reconfigure()),
      { dispose: () => this.client.dispose() },
    );
    this.reconfigure();
  }

  private root(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  private reconfigure(): void {
    this.settings = readSettings();
    for (const p of this.settings.problems) this.deps.output.warn(`settings: roadmapCoach.diagnostics.${p}`);
    this.scanCts?.cancel();
    this.collection.clear();
    this.findings.clear();
    const root = this.root();
    if (!this.settings.enabled || !root) return;
    this.client.configure(root, this.settings.analysis);
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
    if (this.settings.scanWorkspace) this.scanDone = this.scanWorkspace(false);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!this.settings.enabled || !isSource(doc) || !this.root()) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => void this.analyzeDocument(doc), delay));
  }

  /** A save can change what a file exports (an async function, a class method): re-check the other open files too. */
  private onSave(doc: vscode.TextDocument): void {
    this.schedule(doc, 0);
    for (const other of vscode.workspace.textDocuments) if (other !== doc) this.schedule(other, 500);
  }

  private async analyzeDocument(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const version = doc.version;
    this.versions.set(key, version);
    try {
      const { result } = await this.client.analyze(doc.uri.fsPath, doc.getText());
      if (this.versions.get(key) !== version || doc.isClosed && !this.settings.scanWorkspace) return;
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
    this.collection.set(uri, result.findings.map(toDiagnostic));
  }

  private forget(uri: vscode.Uri): void {
    this.findings.delete(uri.toString());
    this.collection.delete(uri);
    this.client.remove(uri.fsPath);
  }

  async scanWorkspace(userRequested: boolean): Promise<void> {
    const root = this.root();
    if (!root) {
      if (userRequested) void vscode.window.showInformationMessage('Open a folder to scan it for the anti-patterns the roadmap teaches about.');
      return;
    }
    if (!this.settings.enabled) {
      if (userRequested) void vscode.window.showInformationMessage('Roadmap Coach diagnostics are turned off (roadmapCoach.diagnostics.enable).');
      return;
    }
    this.scanCts?.cancel();
    const cts = (this.scanCts = new vscode.CancellationTokenSource());
    const excludes = Object.entries(vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude', {})).filter(([, on]) => on).map(([g]) => g);
    const dirty = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.fsPath));
    const title = 'Roadmap Coach: scanning for anti-patterns';
    let notification: vscode.Progress<{ message?: string; increment?: number }> | undefined;
    let endNotification = () => {};
    const scan = (progress?: vscode.Progress<{ message?: string; increment?: number }>) => {
      let last = 0;
      let total = 0;
      return this.client.scan(
        { include: this.settings.include, exclude: [...this.settings.exclude, ...excludes] },
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
    let r: Awaited<ReturnType<typeof scan>>;
    try {
      r = await vscode.window.withProgress({ location, title, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => cts.cancel());
        return scan(progress);
      });
    } finally {
      endNotification();
    }
    this.lastScan = { files: r.files, durationMs: r.durationMs, cancelled: r.cancelled };
    this.deps.output.info(`workspace scan: ${r.files} files in ${Math.round(r.durationMs)} ms${r.cancelled ? ' (cancelled)' : ''}`);
  }

  findingsFor(uri: vscode.Uri): Finding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const findings = this.findingsFor(document.uri);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const rule = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
      const f = findings.find((x) => x.rule === rule && x.range.start.line === diagnostic.range.start.line && x.range.start.character === diagnostic.range.start.character);
      if (f) actions.push(...toCodeActions(document.uri, f, diagnostic, Commands.explainRule));
    }
    return actions;
  }

  private async explain(rule: unknown): Promise<void> {
    let id = typeof rule === 'string' && rule in RULES ? (rule as RuleId) : undefined;
    if (!id) {
      const pick = await vscode.window.showQuickPick(Object.values(RULES).map((r) => ({ label: r.id, detail: r.description, id: r.id })), { placeHolder: 'Explain which coaching rule?' });
      id = pick?.id;
    }
    if (!id) return;
    await this.deps.openLesson(RULES[id].lesson.phaseId, RULES[id].lesson.topicId);
  }

  private handleUri(uri: vscode.Uri): void {
    if (uri.path !== '/lesson') return;
    const q = new URLSearchParams(uri.query);
    const phase = q.get('phase');
    if (phase && /^[a-z0-9-]+$/.test(phase)) void this.deps.openLesson(phase, q.get('topic') ?? '');
  }

  dispose(): void {
    this.scanCts?.cancel();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

export function registerDiagnostics(context: vscode.ExtensionContext, deps: DiagnosticsDeps): CoachDiagnostics {
  const d = new CoachDiagnostics(context, deps);
  context.subscriptions.push(d);
  return d;
}
