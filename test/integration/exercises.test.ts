import * as assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor, workspaceRoot } from './helpers';
import { Commands } from '../../src/vscode/commands';
import type { CheckReport } from '../../src/core/exercises/runner';

const ID = 'rbac-guard';

describe('Exercises', () => {
  const dir = () => join(workspaceRoot().fsPath, 'roadmap-exercises', ID);

  it('Start creates the files and opens them', async () => {
    const coach = await api();
    const target = await vscode.commands.executeCommand<string>(Commands.startExercise, ID);
    assert.equal(target, dir());
    const exercise = coach.content.exercise(ID)!;
    for (const rel of exercise.open) assert.ok(existsSync(join(dir(), rel)), `${rel} exists`);
    await waitFor('the exercise files to open', () => vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath.startsWith(dir())));
    assert.ok(coach.progress.exercise(ID)?.startedAt, 'the start is recorded');
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
  });

  it('Check after copying the solution passes and marks the exercise done in the tree', async () => {
    const coach = await api();
    const exercise = coach.content.exercise(ID)!;
    cpSync(join(exercise.dir, 'solution'), dir(), { recursive: true });
    const report = await vscode.commands.executeCommand<CheckReport>(Commands.checkExercise, ID);
    assert.equal(report.status, 'passed', JSON.stringify(report.results.filter((r) => !r.ok)));
    assert.ok(coach.progress.exercise(ID)?.passedAt);
    const phase = coach.tree.getChildren().find((n) => n.phase.id === 'security')!;
    const node = coach.tree.getChildren(phase).find((n) => n.kind === 'exercise' && n.exercise.id === ID)!;
    assert.equal(coach.tree.getTreeItem(node).contextValue, 'exercise.passed');
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
});
