import * as vscode from 'vscode';
import { resolveConfig, type ResolvedConfig } from '../core/analysis/config';
import { ExerciseSettingsSchema, NotesSettingsSchema, parseSection, type ExerciseSettings, type NotesSettings } from '../core/editorSettings';
import { Disposable } from './dispose';

/** The settings sections, each under `roadmapCoach.<section>`. */
export type SettingsSection = 'diagnostics' | 'exercises' | 'notes';
const SECTIONS: readonly SettingsSection[] = ['diagnostics', 'exercises', 'notes'];

export interface DiagnosticsSettings extends ResolvedConfig {
  enabled: boolean;
  scanWorkspace: boolean;
}

/**
 * The one place the editor reads Roadmap Coach settings. Resource-scoped sections are read for a given
 * workspace folder; every value is validated by a core schema (bad values are logged and replaced by their
 * default, the valid ones are kept). One `onDidChangeConfiguration` handler fans out per section, so every
 * setting applies live.
 */
export class Settings extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<SettingsSection>());
  /** Fires with the section that changed (and for every section when workspace folders change). */
  readonly onDidChange = this.changed.event;
  private readonly reported = new Set<string>();

  constructor(private readonly log: (message: string) => void) {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      for (const s of SECTIONS) if (e.affectsConfiguration(`roadmapCoach.${s}`)) this.changed.fire(s);
    }));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => { for (const s of SECTIONS) this.changed.fire(s); }));
  }

  diagnostics(folder: vscode.WorkspaceFolder): DiagnosticsSettings {
    const c = vscode.workspace.getConfiguration('roadmapCoach.diagnostics', folder);
    const resolved = resolveConfig({
      rules: c.get('rules'),
      include: c.get('include'),
      exclude: c.get('exclude'),
      servicePaths: c.get('servicePaths'),
      timeoutMs: c.get('timeoutMs'),
      maxFileSizeKB: c.get('maxFileSizeKB'),
    });
    this.report('diagnostics', folder, resolved.problems);
    return { ...resolved, enabled: c.get('enable') !== false, scanWorkspace: c.get('scanWorkspace') !== false };
  }

  /** Exercise settings of a folder (without one: the user and workspace values). */
  exercises(folder?: vscode.WorkspaceFolder): ExerciseSettings {
    const c = vscode.workspace.getConfiguration('roadmapCoach.exercises', folder);
    const { value, problems } = parseSection(ExerciseSettingsSchema, { folder: c.get('folder'), timeoutSeconds: c.get('timeoutSeconds'), nodePath: c.get('nodePath'), watch: c.get('watch') });
    this.report('exercises', folder, problems);
    return value;
  }

  notes(): NotesSettings {
    const c = vscode.workspace.getConfiguration('roadmapCoach.notes');
    const { value, problems } = parseSection(NotesSettingsSchema, { folder: c.get('folder') });
    this.report('notes', undefined, problems);
    return value;
  }

  /** Each problem is logged once per folder, not on every read. */
  private report(section: SettingsSection, folder: vscode.WorkspaceFolder | undefined, problems: string[]): void {
    for (const p of problems) {
      const line = `settings: roadmapCoach.${section}.${p}${folder && (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? ` (folder ${folder.name})` : ''}`;
      if (this.reported.has(line)) continue;
      this.reported.add(line);
      this.log(line);
    }
  }
}
