import * as vscode from 'vscode';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import type { ContentService } from '../core/content/service';
import { Disposable } from './dispose';
import type { Settings } from './settings';

/** Notes per phase: one markdown file each, in global storage or a folder the user chose. */
export class Notes extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private known = new Set<string>();

  constructor(private readonly context: vscode.ExtensionContext, private readonly content: ContentService, private readonly settings: Settings) {
    super();
    this._register(settings.onDidChange((section) => { if (section === 'notes') this.scan(); }));
    this.scan();
  }

  /** `roadmapCoach.notes.folder` (relative to the first workspace folder), else the extension's global storage. */
  folder(): string {
    const configured = this.settings.notes().folder;
    if (configured) {
      const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      return isAbsolute(configured) || !ws ? configured : join(ws, configured);
    }
    return join(this.context.globalStorageUri.fsPath, 'notes');
  }

  fileFor(phaseId: string): string {
    const phase = this.content.phase(phaseId);
    const prefix = phase ? String(phase.number).padStart(2, '0') + '-' : '';
    return join(this.folder(), `${prefix}${phaseId}.md`);
  }

  has(phaseId: string): boolean {
    return this.known.has(phaseId);
  }

  /** Re-reads which phases have a notes file. */
  scan(): void {
    const dir = this.folder();
    let names: string[];
    try {
      names = existsSync(dir) ? readdirSync(dir) : [];
    } catch {
      names = [];
    }
    const next = new Set<string>();
    for (const phase of this.content.current?.phases ?? []) {
      if (names.some((n) => n.endsWith(`${phase.id}.md`))) next.add(phase.id);
    }
    const changed = next.size !== this.known.size || [...next].some((id) => !this.known.has(id));
    this.known = next;
    if (changed) this.changed.fire();
  }

  async open(phaseId: string): Promise<vscode.TextEditor | undefined> {
    const phase = this.content.phase(phaseId);
    if (!phase) return undefined;
    const file = this.fileFor(phaseId);
    const uri = vscode.Uri.file(file);
    if (!existsSync(file)) {
      mkdirSync(this.folder(), { recursive: true });
      const header = `# Notes · Phase ${phase.number} · ${phase.title}\n\n> ${phase.outcome}\n\n`;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(header));
    }
    const editor = await vscode.window.showTextDocument(uri, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    this.scan();
    return editor;
  }
}
