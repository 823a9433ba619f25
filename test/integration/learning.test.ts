import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor, waitForLesson } from './helpers';
import { Commands } from '../../src/vscode/commands';

describe('Roadmap sidebar, lesson panel and progress', () => {
  it('lists each phase\'s topics, then its exercises', async () => {
    const coach = await api();
    const runtime = coach.tree.getChildren().find((n) => n.kind === 'phase' && n.phase.id === 'node-runtime')!;
    const children = coach.tree.getChildren(runtime);
    const topics = children.filter((c) => c.kind === 'topic').map((c) => String(coach.tree.getTreeItem(c).label));
    assert.deepEqual(topics, runtime.phase.topics.map((t) => t.title));
    assert.ok(children.some((c) => c.kind === 'exercise'), 'exercises are listed under their phase');
    const item = coach.tree.getTreeItem(runtime);
    assert.match(String(item.description), /^\d+\/5/, 'the phase shows its progress');
  });

  it('opens a lesson at a topic in an editor tab titled with the phase', async () => {
    await vscode.commands.executeCommand(Commands.openLesson, 'api-engineering', 'pagination');
    const tab = await waitForLesson(3);
    assert.equal(tab.label, '3 · API Engineering and HTTP');
  });

  it('marking a topic done updates the tree and the status bar at once', async () => {
    const coach = await api();
    const before = coach.statusBar.item.text;
    await vscode.commands.executeCommand(Commands.markTopicDone, 'api-engineering', 'idempotency');
    const phaseNode = coach.tree.getChildren().find((n) => n.phase.id === 'api-engineering')!;
    assert.match(String(coach.tree.getTreeItem(phaseNode).description), /^1\/5/);
    const topicNode = coach.tree.getChildren(phaseNode).find((n) => n.kind === 'topic' && n.topicId === 'idempotency')!;
    assert.equal(coach.tree.getTreeItem(topicNode).checkboxState, vscode.TreeItemCheckboxState.Checked);
    assert.notEqual(coach.statusBar.item.text, before, 'the status bar percentage changed');
    assert.match(coach.statusBar.item.text, /Roadmap \d+%/);
  });

  it('Search Lessons finds topics by title and text, and Continue opens the next unfinished topic', async () => {
    const coach = await api();
    const hits = await coach.content.search('keyset cursor');
    assert.ok(hits.some((h) => h.phaseId === 'api-engineering' && h.topicId === 'pagination'), 'pagination is found by its text');
    await coach.progress.reset();
    await vscode.commands.executeCommand(Commands.continueLearning);
    await waitForLesson(0);
  });

  it('opens per-phase notes in an editor and marks the phase in the tree', async () => {
    const coach = await api();
    await vscode.commands.executeCommand(Commands.openNotes, 'databases');
    const editor = await waitFor('the notes editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath.endsWith('databases.md')));
    assert.match(editor.document.getText(), /Notes · Phase 5/);
    assert.ok(coach.notes.has('databases'));
    const item = coach.tree.getTreeItem(coach.tree.getChildren().find((n) => n.phase.id === 'databases')!);
    assert.equal(item.contextValue, 'phase.hasNotes');
  });
});
