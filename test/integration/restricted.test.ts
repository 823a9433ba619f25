import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor, waitForLesson, workspaceRoot } from './helpers';
import { Commands } from '../../src/vscode/commands';

describe('@restricted Restricted Mode', () => {
  it('the workspace is untrusted in this run', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('lessons still work', async () => {
    await vscode.commands.executeCommand(Commands.openLesson, 'testing');
    await waitForLesson(9);
  });

  it('checking an exercise runs no code and explains why', async () => {
    await vscode.commands.executeCommand(Commands.startExercise, 'lru-cache');
    assert.ok(existsSync(join(workspaceRoot().fsPath, 'roadmap-exercises', 'lru-cache')), 'starting only copies files, which is allowed');
    await vscode.commands.executeCommand(Commands.checkExercise, 'lru-cache');
    // What the learner sees: the results view says why nothing ran (not a missing Node, not a failure).
    const coach = await api();
    await waitFor('the results view to be visible', () => coach.results.view.visible);
    const [root] = coach.results.getChildren();
    assert.equal(coach.results.getTreeItem(root!).description, 'not checked');
    const [why] = coach.results.getChildren(root).map((n) => String(coach.results.getTreeItem(n).label));
    assert.match(why!, /Restricted Mode/);
  });
});
