import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, phaseNode, waitFor, waitForLesson } from './helpers';
import { Commands } from '../../src/vscode/commands';

describe('Roadmap sidebar, lesson panel and progress', () => {
  it('lists each phase\'s topics, then its exercises', async () => {
    const coach = await api();
    const runtime = phaseNode(coach.tree, 'node-runtime');
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
    const apiPhase = phaseNode(coach.tree, 'api-engineering');
    assert.match(String(coach.tree.getTreeItem(apiPhase).description), /^1\/5/);
    const topicNode = coach.tree.getChildren(apiPhase).find((n) => n.kind === 'topic' && n.topicId === 'idempotency')!;
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
    const item = coach.tree.getTreeItem(phaseNode(coach.tree, 'databases'));
    assert.equal(item.contextValue, 'phase.hasNotes');
  });
});

describe('Review queue', () => {
  it('brings back a question missed two days ago: "Review · 1 due" in the tree and the status bar, Start Review opens it, answering clears it', async () => {
    const coach = await api();
    // Progress from another machine, imported the way a learner would: two answers two days ago, one missed.
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    const at = twoDaysAgo.toISOString();
    const plus = (days: number) => new Date(twoDaysAgo.getTime() + days * 24 * 3600 * 1000).toISOString();
    const doc = {
      version: 2, topics: {}, exercises: {},
      quizzes: { caching: { 'ttl-jitter': { answer: [0], correct: false, at }, 'lock-owner-token': { answer: [1], correct: true, at } } },
      review: { 'caching/ttl-jitter': { box: 1, due: plus(1), at, reviews: 0, lapses: 1 }, 'caching/lock-owner-token': { box: 2, due: plus(3), at, reviews: 0, lapses: 0 } },
    };
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'progress-from-laptop.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(doc)));
    try {
      await vscode.commands.executeCommand(Commands.importProgress, file);
      const reviewLabel = () => {
        const node = coach.tree.getChildren().find((n) => n.kind === 'review');
        return node ? String(coach.tree.getTreeItem(node).label) : undefined;
      };
      await waitFor('the tree to show one question due', () => (reviewLabel() === 'Review · 1 due' ? true : undefined));
      assert.equal(coach.tree.getChildren()[0]!.kind, 'review', 'the Review entry is at the top of the roadmap');
      assert.equal(coach.statusBar.review.text, '$(history) 1 due');
      await vscode.commands.executeCommand(Commands.startReview);
      await waitFor('the review to open in the panel', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Review') || undefined);
      // The answer the learner gives in the panel (the webview UI suite clicks it): recorded as a review.
      const phase = coach.content.phase('caching')!;
      const question = (await coach.content.quiz(phase)).quiz!.questions.find((q) => q.id === 'ttl-jitter')!;
      assert.ok(question.kind === 'single');
      await coach.progress.recordReview('caching', 'ttl-jitter', [question.options.findIndex((o) => o.correct)], true);
      await waitFor('the count to drop', () => (reviewLabel() === 'Review' ? true : undefined));
      assert.equal(coach.progress.dueReviews().length, 0, 'nothing is due any more');
      assert.equal(coach.progress.snapshot.review['caching/ttl-jitter']!.box, 2, 'a right answer moves it up a box');
    } finally {
      await vscode.workspace.fs.delete(file);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
