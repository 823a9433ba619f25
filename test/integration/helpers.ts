import * as vscode from 'vscode';
import type { CoachApi } from '../../src/extension';

export const EXTENSION_ID = 'backend-roadmap-coach.backend-roadmap-coach';

export async function api(): Promise<CoachApi> {
  const ext = vscode.extensions.getExtension<CoachApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports) throw new Error('the extension activated without an API');
  return exports;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function workspaceRoot(): vscode.Uri {
  const ws = vscode.workspace.workspaceFolders?.[0];
  if (!ws) throw new Error('the tests need a workspace folder');
  return ws.uri;
}

/** The lesson panel's tab as the user sees it in an editor group (its title is "<number> · <phase title>"). */
export function lessonTab(): vscode.Tab | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('roadmapCoach.lesson')) return tab;
    }
  }
  return undefined;
}

/** Waits until the lesson tab shows the given phase (by its number in the tab title). */
export function waitForLesson(phaseNumber: number, timeoutMs = 20_000): Promise<vscode.Tab> {
  return waitFor(`the lesson of phase ${phaseNumber} in an editor tab`, () => {
    const tab = lessonTab();
    return tab && tab.label.startsWith(`${phaseNumber} · `) ? tab : undefined;
  }, timeoutMs);
}
