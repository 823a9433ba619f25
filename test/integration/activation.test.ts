import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, waitFor } from './helpers';
import { Commands } from '../../src/vscode/commands';

describe('Activation', () => {
  it('activates on startup without an error and shows its progress in the status bar', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    // onStartupFinished: the workbench activates it; the test does not.
    await waitFor('the extension to be activated by the workbench', () => ext.isActive, 30_000);
    const coach = await api();
    assert.match(coach.statusBar.item.text, /^\$\(mortar-board\) Roadmap \d+%$/);
  });

  it('shows the 17 phases of the roadmap in order in the tree', async () => {
    const coach = await api();
    const roots = coach.tree.getChildren();
    assert.equal(roots.length, 17, 'the roadmap has phases 0–16');
    const labels = roots.map((n) => String(coach.tree.getTreeItem(n).label));
    assert.deepEqual(labels.map((l) => Number(l.split(' · ')[0])), [...Array(17).keys()], 'phases are numbered 0..16 in order');
    assert.match(labels[2]!, /^2 · Node\.js Runtime/);
  });

  it('registers every command that package.json contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'every contributed command is registered');
    assert.deepEqual([...contributed].sort(), Object.values(Commands).sort(), 'the command table matches package.json');
  });
});
