import * as assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor, workspaceRoot, phaseNode } from './helpers';
import { Commands } from '../../src/vscode/commands';
import type { CheckReport } from '../../src/core/exercises/runner';

const ID = 'rbac-guard';

describe('Exercises', () => {
  const dir = () => join(workspaceRoot().fsPath, 'roadmap-exercises', ID);

  it('Start creates the files and opens one main file, with the README as a preview', async () => {
    const coach = await api();
    const target = await vscode.commands.executeCommand<string>(Commands.startExercise, ID);
    assert.equal(target, dir());
    const exercise = coach.content.exercise(ID)!;
    for (const rel of exercise.open) assert.ok(existsSync(join(dir(), rel)), `${rel} exists`);
    const main = exercise.open.find((f) => !f.endsWith('.md'))!;
    await waitFor('the main file to open', () => vscode.window.activeTextEditor?.document.uri.fsPath === join(dir(), main));
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'vscode.markdown.preview.editor' && t.input.uri.fsPath === join(dir(), 'README.md')), `the README is shown as a preview (tabs: ${tabs.map((t) => t.label).join(', ')})`);
    assert.ok(!tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === join(dir(), 'README.md')), 'the README source is not opened');
    assert.ok(coach.progress.exercise(ID)?.startedAt, 'the start is recorded');
  });

  it('a freshly started exercise shows no coaching problems', async () => {
    // A file outside the exercise with a known finding: once it is reported, the exercise files were analysed too.
    const control = vscode.Uri.joinPath(workspaceRoot(), 'src/services/control.service.ts');
    await vscode.workspace.fs.writeFile(control, new TextEncoder().encode('export function f(): void {\n  console.log("x");\n}\n'));
    const exercise = (await api()).content.exercise(ID)!;
    for (const rel of exercise.open) await vscode.workspace.openTextDocument(vscode.Uri.file(join(dir(), rel)));
    await vscode.workspace.openTextDocument(control);
    await waitFor('the control file to be reported', () => vscode.languages.getDiagnostics(control).some((d) => d.source === 'Roadmap Coach'), 30_000);
    const inExercise = vscode.languages.getDiagnostics().filter(([uri]) => uri.fsPath.startsWith(join(workspaceRoot().fsPath, 'roadmap-exercises'))).flatMap(([uri, ds]) => ds.filter((d) => d.source === 'Roadmap Coach').map((d) => `${uri.fsPath}: ${d.message}`));
    assert.deepEqual(inExercise, []);
    await vscode.workspace.fs.delete(control);
  });

  it('a freshly started TypeScript exercise shows no type errors: Node\'s types resolve from the exercise\'s tsconfig', async function () {
    this.timeout(240_000);
    // A control file with one deliberate type error about a Node type: once VS Code's TypeScript server reports it
    // as a mismatch (not as an unknown name), it is checking this folder with its tsconfig and Node's types.
    const control = vscode.Uri.file(join(dir(), 'src', 'type-error-control.ts'));
    await vscode.workspace.fs.writeFile(control, new TextEncoder().encode('export const notABuffer: Buffer = 42;\n'));
    try {
      const files = readdirSync(dir(), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(dir(), f));
      assert.ok(files.some((f) => f.includes(`${sep}test${sep}`)) && files.some((f) => f.includes(`${sep}src${sep}`)), `the exercise has TypeScript sources and tests (${files.join(', ')})`);
      for (const file of files) await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false, preserveFocus: true });
      const reported = await waitFor('the TypeScript server to report the control file\'s error', () => {
        const ds = vscode.languages.getDiagnostics(control).filter((d) => d.source === 'ts' && d.severity === vscode.DiagnosticSeverity.Error);
        return ds.length > 0 ? ds : undefined;
      }, 180_000);
      assert.equal(reported.length, 1, `exactly the one deliberate error: ${reported.map((d) => d.message).join('; ')}`);
      assert.match(reported[0]!.message, /not assignable to type 'Buffer/, 'Buffer is known (Node\'s types resolve); the error is the mismatch');
      // Diagnostics of the other files arrive in the same round; wait until they have been quiet for 3 s.
      const errorsElsewhere = () => vscode.languages.getDiagnostics()
        .filter(([uri]) => uri.fsPath.startsWith(dir() + sep) && uri.fsPath !== control.fsPath)
        .flatMap(([uri, ds]) => ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => `${uri.fsPath}:${d.range.start.line + 1}: ${d.source}: ${d.message}`));
      let last = JSON.stringify(errorsElsewhere());
      let quietSince = Date.now();
      await waitFor('the diagnostics to settle', () => {
        const now = JSON.stringify(errorsElsewhere());
        if (now !== last) [last, quietSince] = [now, Date.now()];
        return Date.now() - quietSince > 3000 || undefined;
      }, 60_000);
      // Nothing at all: the tsconfig's options (`target: es2023`, `erasableSyntaxOnly`) need the TypeScript 5.8
      // that VS Code 1.99, the oldest `engines.vscode` allows, bundles.
      assert.deepEqual(errorsElsewhere(), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(control);
    }
  });

  it('starting again does not overwrite the learner\'s files', async () => {
    const file = join(dir(), 'README.md');
    writeFileSync(file, 'my own notes');
    await vscode.commands.executeCommand(Commands.startExercise, ID);
    assert.equal(readFileSync(file, 'utf8'), 'my own notes');
  });

  it('Check on the starter shows failures in the Test Explorer', async () => {
    const coach = await api();
    const report = await vscode.commands.executeCommand<CheckReport>(Commands.checkExercise, ID);
    assert.equal(report.status, 'failed');
    assert.ok(report.failed > 0);
    const item = coach.exercises.controller.items.get(ID);
    assert.ok(item, 'the exercise is a test item');
    assert.equal(item.children.size, report.results.length, 'each check is a child test item');
    assert.equal(coach.progress.exercise(ID)?.passedAt, undefined);
    // The result stays on screen: the Exercise Results view is revealed with the summary and a hint.
    await waitFor('the results view to be visible', () => coach.results.view.visible);
    const [root] = coach.results.getChildren();
    assert.equal(coach.results.getTreeItem(root!).label, coach.content.exercise(ID)!.title);
    assert.equal(coach.results.getTreeItem(root!).description, `${report.passed} of ${report.results.length} checks pass`);
    const children = coach.results.getChildren(root).map((n) => coach.results.getTreeItem(n));
    assert.equal(children.filter((c) => String(c.label).startsWith('Hint ')).length, 1, 'the current hint is shown');
  });

  it('Check after copying the solution passes and marks the exercise done in the tree', async () => {
    const coach = await api();
    const exercise = coach.content.exercise(ID)!;
    cpSync(join(exercise.dir, 'solution'), dir(), { recursive: true });
    const report = await vscode.commands.executeCommand<CheckReport>(Commands.checkExercise, ID);
    assert.equal(report.status, 'passed', JSON.stringify(report.results.filter((r) => !r.ok)));
    assert.ok(coach.progress.exercise(ID)?.passedAt);
    const phase = phaseNode(coach.tree, 'security');
    const node = coach.tree.getChildren(phase).find((n) => n.kind === 'exercise' && n.exercise.id === ID)!;
    assert.equal(coach.tree.getTreeItem(node).contextValue, 'exercise.passed');
  });

  it('the reference solution opens read-only from a virtual document, not from the extension folder', async () => {
    await vscode.commands.executeCommand(Commands.showSolution, ID, { skipConfirmation: true });
    const tab = await waitFor('the solution diff', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'roadmap-solution'));
    const input = tab.input as vscode.TabInputTextDiff;
    const doc = await vscode.workspace.openTextDocument(input.modified);
    assert.ok(doc.getText().length > 0, 'the solution has content');
    assert.equal(input.original.fsPath.startsWith(dir()), true, 'the learner\'s file is on the left');
  });

  it('Reset restores the starter and keeps a backup of the learner\'s files', async () => {
    const coach = await api();
    const exercise = coach.content.exercise(ID)!;
    const src = exercise.open.find((f) => f.startsWith('src/'))!;
    const solved = readFileSync(join(dir(), src), 'utf8');
    const backup = await vscode.commands.executeCommand<string>(Commands.resetExercise, ID, { skipConfirmation: true });
    assert.ok(backup && existsSync(backup));
    assert.equal(readFileSync(join(backup, src), 'utf8'), solved, 'the solved file is in the backup');
    assert.equal(readFileSync(join(dir(), src), 'utf8'), readFileSync(join(exercise.dir, 'starter', src), 'utf8'), 'the starter is back');
  });

  it('a write-tests exercise: Check shows the learner\'s tests apart from the hidden bugs they caught', async function () {
    this.timeout(240_000); // one check runs the learner's tests seven times: once per implementation
    const coach = await api();
    const id = 'catch-the-bugs';
    const target = await vscode.commands.executeCommand<string>(Commands.startExercise, id);
    assert.ok(!existsSync(join(target, 'hidden')), 'the hidden implementations are not copied by Start');
    const weak = await vscode.commands.executeCommand<CheckReport>(Commands.checkExercise, id);
    assert.equal(weak.status, 'failed', JSON.stringify(weak));
    assert.deepEqual([weak.passed, weak.failed, weak.bugs?.length, weak.bugs?.filter((b) => b.caught).length], [1, 0, 6, 0]);
    assert.equal(coach.exercises.controller.items.get(id)!.children.size, weak.results.length + 6, 'the learner\'s tests and one item per hidden bug');
    await waitFor('the results view to be visible', () => coach.results.view.visible);
    const [root] = coach.results.getChildren();
    assert.equal(coach.results.getTreeItem(root!).description, 'your tests: 1 of 1 pass · bugs caught: 0 of 6');
    const parts = coach.results.getChildren(root).filter((n) => n.kind === 'part');
    assert.deepEqual(parts.map((n) => coach.results.getTreeItem(n).label), ['Your tests', 'Bugs caught: 0 of 6']);
    const bugs = coach.results.getChildren(parts[1]).map((n) => coach.results.getTreeItem(n));
    assert.equal(bugs.length, 6, 'each uncaught bug is listed');
    assert.ok(bugs.every((b) => b.description === 'not caught' && !/[{};=]/.test(String(b.label))), 'described in words, without code');

    // (That the solution's tests pass and catch every bug is proven by the unit tests, without an editor.)
  });
});
