import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitForLesson, workspaceRoot } from './helpers';
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
    const report = await vscode.commands.executeCommand(Commands.checkExercise, 'lru-cache');
    assert.equal(report, undefined, 'no check ran');
  });
});
