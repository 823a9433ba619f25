import * as vscode from 'vscode';
import type { ContentService } from '../core/content/service';

let shownFor = '';

/** Logs every content problem and tells the user once (per distinct set) without a modal. */
export function showContentProblems(content: ContentService, output: vscode.LogOutputChannel): void {
  const problems = content.problems;
  for (const p of problems) output.error(`content/${p.file}: ${p.message}`);
  const key = problems.map((p) => `${p.file}:${p.message}`).join('|');
  if (!problems.length || key === shownFor) return;
  shownFor = key;
  const first = problems[0]!;
  void vscode.window
    .showWarningMessage(`Roadmap Coach: content/${first.file}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}. The rest of the roadmap still works.`, 'Show Details')
    .then((choice) => { if (choice) output.show(); });
}
