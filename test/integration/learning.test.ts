import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';
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

  it('opens a lesson at a topic: the webview reports the heading it rendered', async () => {
    const coach = await api();
    await vscode.commands.executeCommand(Commands.openLesson, 'api-engineering', 'pagination');
    const rendered = await waitFor('the lesson to render', () => coach.panel.lastRendered?.phaseId === 'api-engineering' ? coach.panel.lastRendered : undefined);
    assert.match(rendered.heading, /API Engineering/);
    assert.equal(rendered.topicCount, 5, 'every topic heading is in the page');
    assert.deepEqual(rendered.security, { scripts: 0, inlineHandlers: 0, unsafeLinks: 0, executed: false });
  });

  it('marking a topic done updates the tree, the status bar and the open panel at once', async () => {
    const coach = await api();
    await vscode.commands.executeCommand(Commands.openLesson, 'api-engineering');
    await waitFor('the lesson', () => coach.panel.lastRendered?.phaseId === 'api-engineering');
    const before = coach.statusBar.item.text;
    await vscode.commands.executeCommand(Commands.markTopicDone, 'api-engineering', 'idempotency');
    const phaseNode = coach.tree.getChildren().find((n) => n.phase.id === 'api-engineering')!;
    assert.match(String(coach.tree.getTreeItem(phaseNode).description), /^1\/5/);
    const topicNode = coach.tree.getChildren(phaseNode).find((n) => n.kind === 'topic' && n.topicId === 'idempotency')!;
    assert.equal(coach.tree.getTreeItem(topicNode).checkboxState, vscode.TreeItemCheckboxState.Checked);
    assert.notEqual(coach.statusBar.item.text, before, 'the status bar percentage changed');
    assert.match(coach.statusBar.item.text, /Roadmap \d+%/);
    const applied = await waitFor('the panel to show the topic done', () => (coach.panel.lastProgressApplied?.doneTopics.includes('idempotency') ? coach.panel.lastProgressApplied : undefined));
    assert.equal(applied.phaseId, 'api-engineering');
  });

  it('progress survives a reload of the extension', async () => {
    const coach = await api();
    await coach.progress.setTopicDone('caching/cache-invalidation', true);
    const reopened = await coach.reopenProgress();
    assert.ok(reopened.isTopicDone('caching/cache-invalidation'), 'a store opened fresh from globalState sees the change');
    assert.ok(reopened.isTopicDone('api-engineering/idempotency'));
  });

  it('saves a quiz answer received through the message protocol, and ignores malformed messages', async () => {
    const coach = await api();
    const phase = coach.content.phase('node-runtime')!;
    const { quiz } = await coach.content.quiz(phase);
    const question = quiz!.questions.find((q) => q.kind === 'single')!;
    assert.ok(question.kind === 'single');
    const correct = question.options.findIndex((o) => o.correct);
    coach.panel.handleMessage({ type: 'answerQuiz', phaseId: 'node-runtime', questionId: question.id, option: correct });
    const saved = await waitFor('the answer to be saved', () => coach.progress.snapshot.quizzes['node-runtime']?.[question.id]);
    assert.deepEqual(saved.answer, [correct]);
    assert.equal(saved.correct, true);
    coach.panel.handleMessage({ type: 'answerQuiz', phaseId: 'node-runtime', questionId: question.id, option: -1 });
    coach.panel.handleMessage({ type: 'setTopicDone', phaseId: '../../etc', topicId: 'x', done: true });
    coach.panel.handleMessage('not even an object');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(coach.progress.snapshot.quizzes['node-runtime']?.[question.id]?.answer, [correct], 'an invalid message changed nothing');
    assert.equal(coach.progress.isTopicDone('../../etc/x'), false);
    const item = coach.tree.getTreeItem(coach.tree.getChildren().find((n) => n.phase.id === 'node-runtime')!);
    assert.match(String(item.description), /quiz 1\/1/, 'the quiz result shows on the phase');
  });

  it('renders a hostile lesson without running any of its script', async () => {
    const coach = await api();
    const hostile = [
      '# Hostile lesson',
      '<script>window.__roadmapCoachInjected = true</script>',
      '<img src=x onerror="window.__roadmapCoachInjected = true">',
      '[click](javascript:window.__roadmapCoachInjected=true) [data](data:text/html,<script>alert(1)</script>)',
      '[<b onmouseover="window.__roadmapCoachInjected=true">html in link text</b>](https://example.com)',
      '<iframe src="javascript:parent.__roadmapCoachInjected=true"></iframe>',
      '![x](data:image/svg+xml,<svg onload=alert(1)>)',
    ].join('\n\n');
    const phase = coach.content.phase('security')!;
    await coach.panel.showMarkdown(phase, hostile);
    const rendered = await waitFor('the hostile lesson', () => (coach.panel.lastRendered?.heading === 'Hostile lesson' ? coach.panel.lastRendered : undefined));
    assert.deepEqual(rendered.security, { scripts: 0, inlineHandlers: 0, unsafeLinks: 0, executed: false });
  });

  it('Search Lessons finds topics by title and text, and Continue opens the next unfinished topic', async () => {
    const coach = await api();
    const hits = await coach.content.search('keyset cursor');
    assert.ok(hits.some((h) => h.phaseId === 'api-engineering' && h.topicId === 'pagination'), 'pagination is found by its text');
    await coach.progress.reset();
    await vscode.commands.executeCommand(Commands.continueLearning);
    await waitFor('Continue to open phase 0', () => coach.panel.lastRendered?.phaseId === 'backend-role');
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
