import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor, waitForLesson, workspaceRoot } from './helpers';
import { Commands } from '../../src/vscode/commands';

const cases: { file: string; rule: string; line: number; error?: boolean }[] = [
  { file: 'src/services/order-service.ts', rule: 'console-in-service', line: 18 },
  { file: 'src/routes/orders.ts', rule: 'offset-pagination', line: 15 },
  { file: 'src/services/order-service.ts', rule: 'floating-promise', line: 25 },
  { file: 'src/clients/payments-client.ts', rule: 'missing-timeout', line: 13 },
  { file: 'src/services/order-service.ts', rule: 'sql-injection', line: 36, error: true },
  { file: 'src/services/customer-service.ts', rule: 'weak-password-hash', line: 12, error: true },
  { file: 'src/services/session-service.ts', rule: 'jwt-without-expiry', line: 13 },
  { file: 'src/services/receipt-service.ts', rule: 'blocking-call-in-request', line: 10 },
  { file: 'src/services/order-service.ts', rule: 'n-plus-one', line: 45 },
  { file: 'src/server.ts', rule: 'no-graceful-shutdown', line: 10 },
];

/** The workbench cancels a code-action request when the document changes under it (another fix, a re-analysis): ask again. */
async function retryCanceled<T>(request: () => Thenable<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (e) {
      if (attempt >= 5 || !/Canceled/i.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

const OUR_TITLES = /^(Explain:|Ignore |Add await$|Mark as intentionally|Use \S+ instead$|Add (timeout|signal|statement_timeout))/;

function coachDiagnostics(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Roadmap Coach' && (!rule || (typeof d.code === 'object' && d.code.value === rule)));
}

describe('Coaching diagnostics on examples/demo-service', () => {
  for (const c of cases) {
    it(`shows ${c.rule} in ${c.file}:${c.line}, linked to its lesson`, async () => {
      await api();
      const uri = vscode.Uri.joinPath(workspaceRoot(), c.file);
      const [d] = await waitFor(`${c.rule} diagnostics`, () => { const ds = coachDiagnostics(uri, c.rule); return ds.length ? ds : undefined; }, 30_000);
      assert.equal(d!.range.start.line + 1, c.line);
      assert.equal(d!.severity, c.error ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      const code = d!.code as { value: string; target: vscode.Uri };
      assert.equal(code.target.path, '/lesson');
      assert.match(code.target.query, /^phase=[a-z-]+&topic=[a-z-]+$/);
    });
  }

  it("offset-pagination offers a keyset example for the library it saw, opened read-only beside the code", async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'src/routes/orders.ts');
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const [d] = await waitFor('offset-pagination diagnostics', () => { const ds = coachDiagnostics(uri, 'offset-pagination'); return ds.length ? ds : undefined; }, 30_000);
    const actions = await retryCanceled(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d!.range, vscode.CodeActionKind.QuickFix.value));
    const show = actions.find((a) => a.title === 'Show an example: Keyset pagination with SQL (node-postgres)');
    assert.ok(show?.command, `the example action is offered (got: ${actions.map((a) => a.title).join(' | ')})`);
    await vscode.commands.executeCommand(show.command.command, ...(show.command.arguments ?? []));
    const example = await waitFor('the example editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'roadmap-example'));
    assert.notEqual(example.viewColumn, editor.viewColumn, 'the example opens beside the code');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString()), 'the file is still visible');
    assert.match(example.document.getText(), /\(created_at, id\) < \(\$1, \$2\)/);
    assert.doesNotMatch(example.document.getText(), /OFFSET \$/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("console-in-service switches to the project's logger: import added, level from the console method", async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'src/services/notify.service.ts');
    const text = "import { randomUUID } from 'node:crypto';\n\nexport function notify(to: string): string {\n  const id = randomUUID();\n  console.warn('notifying', to, id);\n  return id;\n}\n";
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [d] = await waitFor('console-in-service in the new file', () => { const ds = coachDiagnostics(uri, 'console-in-service'); return ds.length ? ds : undefined; }, 30_000);
    const actions = await retryCanceled(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d!.range, vscode.CodeActionKind.QuickFix.value));
    const use = actions.find((a) => a.title === "Use the project's pino logger: logger.warn(…)");
    assert.ok(use?.edit, `the logger switch is offered (got: ${actions.map((a) => a.title).join(' | ')})`);
    assert.ok(await vscode.workspace.applyEdit(use.edit));
    assert.equal(doc.getText(), "import { randomUUID } from 'node:crypto';\nimport { logger } from '../logger';\n\nexport function notify(to: string): string {\n  const id = randomUUID();\n  logger.warn('notifying', to, id);\n  return id;\n}\n");
    await waitFor('the finding to go away', () => coachDiagnostics(uri, 'console-in-service').length === 0, 30_000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  it('every quick fix that is offered as preferred makes its diagnostic go away', async () => {
    for (const c of cases) {
      const uri = vscode.Uri.joinPath(workspaceRoot(), c.file);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const [d] = await waitFor(`${c.rule} before the fix`, () => { const ds = coachDiagnostics(uri, c.rule); return ds.length ? ds : undefined; }, 30_000);
      const actions = await retryCanceled(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d!.range, vscode.CodeActionKind.QuickFix.value));
      const ours = actions.filter((a) => a.diagnostics?.some((x) => x.source === 'Roadmap Coach') || OUR_TITLES.test(a.title));
      const titles = actions.map((a) => a.title).join(' | ');
      assert.ok(ours.some((a) => a.title.startsWith('Explain')), `${c.rule}: an Explain action is offered (got: ${titles})`);
      assert.ok(ours.some((a) => a.title.startsWith('Ignore')), `${c.rule}: ignore comments are offered`);
      const fix = ours.find((a) => a.isPreferred) ?? ours.find((a) => a.title.startsWith('Ignore') && a.title.endsWith('line'));
      assert.ok(fix?.edit, `${c.rule}: a fix with an edit`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await waitFor(`${c.rule} to go away after "${fix.title}"`, () => coachDiagnostics(uri, c.rule).length === 0, 30_000);
    }
  });

  it('Explain opens the rule\'s lesson in another editor group while the file stays visible', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'src/routes/orders.ts');
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand(Commands.explainRule, 'offset-pagination');
    const tab = await waitForLesson(3);
    assert.notEqual(tab.group.viewColumn, editor.viewColumn, 'the lesson is in its own group');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString()), 'the file is still visible');
    // A second rule from the same file: the lesson switches beside it, the file stays.
    await vscode.window.showTextDocument(uri, { viewColumn: editor.viewColumn });
    await vscode.commands.executeCommand(Commands.explainRule, 'missing-timeout');
    const second = await waitForLesson(11);
    assert.notEqual(second.group.viewColumn, editor.viewColumn);
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString()), 'the file is still visible');
  });

  it('updates as the user types', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'src/services/typing.service.ts');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('export function f(): void {\n  // nothing yet\n}\n'));
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), '  console.warn("typed");\n'));
    await waitFor('a diagnostic for the typed console.warn', () => coachDiagnostics(uri, 'console-in-service').length === 1, 30_000);
  });

  it('after an install, a library\'s declared promise is seen: the un-awaited call becomes a floating-promise', async () => {
    // `tiny-jobs` declares `enqueue(): Promise<void>` in its .d.ts (a self-written stand-in from the unit fixtures).
    const root = workspaceRoot();
    const uri = vscode.Uri.joinPath(root, 'src/services/reindex.service.ts');
    const lock = vscode.Uri.joinPath(root, 'package-lock.json');
    const installed = vscode.Uri.joinPath(root, 'node_modules/tiny-jobs');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode("import { enqueue } from 'tiny-jobs';\n\nexport function reindex(): void {\n  console.warn('reindexing');\n  enqueue('orders');\n}\n"));
    try {
      await vscode.window.showTextDocument(uri);
      // Not installed: nothing says what enqueue returns, so nothing is reported (no guessing from the name).
      await waitFor('the file to be analysed (its console.warn is reported)', () => coachDiagnostics(uri, 'console-in-service')[0], 30_000);
      assert.deepEqual(coachDiagnostics(uri, 'floating-promise'), []);
      // What `npm install tiny-jobs` leaves behind: the package, and a changed lockfile.
      await vscode.workspace.fs.copy(vscode.Uri.file(join(__dirname, '../../../test/fixtures/libtypes/app/node_modules/tiny-jobs')), installed, { overwrite: true });
      await vscode.workspace.fs.writeFile(lock, new TextEncoder().encode(JSON.stringify({ name: 'demo-service', lockfileVersion: 3, packages: { 'node_modules/tiny-jobs': { version: '1.0.0' } } }, null, 2)));
      const found = await waitFor('floating-promise on the enqueue call', () => coachDiagnostics(uri, 'floating-promise')[0], 30_000);
      assert.equal(found.range.start.line, 4);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      for (const u of [uri, lock, vscode.Uri.joinPath(root, 'node_modules')]) await vscode.workspace.fs.delete(u, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
  });

  it('says at the top of a file when the per-file cap left findings out', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'src/services/noisy.service.ts');
    const body = Array.from({ length: 1010 }, (_, i) => `  console.warn('step ${i}');`).join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`export function noisy(): void {\n${body}\n}\n`));
    try {
      await vscode.window.showTextDocument(uri);
      const note = await waitFor('the omitted-findings note', () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Roadmap Coach' && d.code === 'findings-omitted'), 60_000);
      assert.equal(note.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(note.range.start.line, 0);
      assert.match(note.message, /10 more findings are not shown/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
