import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContentService } from '../core/content/service';

/** `roadmap-solution:/<exercise-id>/<file>`: an exercise's reference solution as a read-only virtual document. */
const SOLUTION_SCHEME = 'roadmap-solution';

export function solutionUri(exerciseId: string, rel: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SOLUTION_SCHEME, path: `/${exerciseId}/${rel.replace(/\\/g, '/')}` });
}

/**
 * Serves solution files from the extension's content without opening them as files: the editor shows
 * them read-only, and no language server picks up the extension's own tsconfig.json.
 */
export function registerSolutionDocuments(content: ContentService): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, {
    async provideTextDocumentContent(uri) {
      const [, id, ...rest] = uri.path.split('/');
      const exercise = id ? content.exercise(id) : undefined;
      if (!exercise || !rest.length || rest.some((p) => p === '..' || p === '')) return `No solution file at ${uri.path}.`;
      return readFile(join(exercise.dir, 'solution', ...rest), 'utf8');
    },
  });
}
