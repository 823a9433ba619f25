import * as vscode from 'vscode';
import { exampleById, KEYSET_FLAVORS, keysetLibraryName } from '../core/analysis/keyset';

/** `roadmap-example:/<kind>/<library>/<file name>`: an example as a read-only virtual document. */
const EXAMPLE_SCHEME = 'roadmap-example';

export function exampleUri(id: string): vscode.Uri | undefined {
  const example = exampleById(id);
  return example && vscode.Uri.from({ scheme: EXAMPLE_SCHEME, path: `/${id}/${example.fileName}` });
}

/** Serves the examples from the extension itself: read-only, never a file in the learner's workspace. */
export function registerExampleDocuments(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(EXAMPLE_SCHEME, {
    provideTextDocumentContent(uri) {
      const id = uri.path.split('/').slice(1, -1).join('/');
      return exampleById(id)?.text ?? `No example named ${id}.`;
    },
  });
}

/**
 * Opens an example beside the code the learner is fixing. From a quick fix the finding names the example;
 * from the Command Palette the learner picks the library.
 */
export async function showExample(id?: unknown): Promise<void> {
  let chosen = typeof id === 'string' ? id : undefined;
  if (!chosen) {
    const pick = await vscode.window.showQuickPick(
      KEYSET_FLAVORS.map((f) => ({ label: keysetLibraryName(f), id: `keyset/${f}` })),
      { placeHolder: 'Keyset pagination example for which library?' },
    );
    chosen = pick?.id;
  }
  if (!chosen) return;
  const uri = exampleUri(chosen);
  if (!uri) {
    void vscode.window.showErrorMessage(`Roadmap Coach: there is no example "${chosen}".`);
    return;
  }
  const beside = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  await vscode.window.showTextDocument(uri, { viewColumn: beside, preview: true, preserveFocus: false });
}
