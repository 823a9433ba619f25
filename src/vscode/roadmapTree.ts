import * as vscode from 'vscode';
import type { ContentService } from '../core/content/service';
import { topicKey, type Phase } from '../core/content/loader';
import type { Exercise } from '../core/exercises/catalogue';
import { exerciseStatus, type ExerciseStatus } from '../core/exercises/status';
import type { ProgressStore } from '../core/progress/store';
import { Commands } from './commands';
import { Disposable } from './dispose';

export type RoadmapNode =
  | { kind: 'review' }
  | { kind: 'phase'; phase: Phase }
  | { kind: 'topic'; phase: Phase; topicId: string; title: string }
  | { kind: 'exercise'; phase: Phase; exercise: Exercise };

export type PhaseStatus = 'not-started' | 'in-progress' | 'done' | 'mastered';

/** The "Roadmap" tree: phases → topics → exercises, with progress, checkboxes and notes markers. */
export class RoadmapTree extends Disposable implements vscode.TreeDataProvider<RoadmapNode> {
  private readonly changed = this._register(new vscode.EventEmitter<RoadmapNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<RoadmapNode>;
  private readonly phaseNodes = new Map<string, RoadmapNode>();

  constructor(
    private readonly content: ContentService,
    private readonly progress: ProgressStore,
    private readonly hasNotes: (phaseId: string) => boolean,
  ) {
    super();
    this.view = this._register(vscode.window.createTreeView('roadmapCoach.roadmap', { treeDataProvider: this, showCollapseAll: true, manageCheckboxStateManually: true }));
    this._register(this.view.onDidChangeCheckboxState((e) => this.onCheckbox(e)));
    this._register(progress.onDidChange(() => this.refresh()));
    // The Review entry's count changes as questions fall due.
    const timer = setInterval(() => this.changed.fire(undefined), 10 * 60 * 1000);
    this._register({ dispose: () => clearInterval(timer) });
  }

  refresh(): void {
    this.phaseNodes.clear();
    this.updateContext();
    this.changed.fire(undefined);
  }

  updateContext(): void {
    const roadmap = this.content.current;
    const state = roadmap.phases.length === 0 ? 'broken' : 'ready';
    void vscode.commands.executeCommand('setContext', 'roadmapCoach.contentState', state);
    const summary = this.progress.summary(roadmap.phases.flatMap((p) => p.topicKeys));
    this.view.badge = undefined;
    this.view.description = roadmap.phases.length ? `${summary.percent}%` : undefined;
  }

  /** What the learner has shown in a phase, not only what they clicked. */
  mastery(phase: Phase) {
    const topics = this.progress.summary(phase.topicKeys);
    const exercises = this.content.exercisesOf(phase);
    const passed = exercises.filter((e) => exerciseStatus(this.progress.exercise(e.id)) === 'passed').length;
    const questions = this.progress.questionStats(phase.id, this.content.questionIds(phase.id));
    return { topics, exercises: { passed, total: exercises.length }, questions };
  }

  /**
   * Mastered: every topic done, every exercise passed, and every question answered correctly again after a
   * review interval. Done: every topic done.
   */
  phaseStatus(phase: Phase): PhaseStatus {
    const m = this.mastery(phase);
    if (m.topics.done === m.topics.total && m.exercises.passed === m.exercises.total && m.questions.total > 0 && m.questions.mastered === m.questions.total) return 'mastered';
    return m.topics.done === 0 ? 'not-started' : m.topics.done === m.topics.total ? 'done' : 'in-progress';
  }

  getChildren(node?: RoadmapNode): RoadmapNode[] {
    if (!node) {
      const phases = this.content.current.phases.map((phase) => {
        const n: RoadmapNode = { kind: 'phase', phase };
        this.phaseNodes.set(phase.id, n);
        return n;
      });
      // The review queue sits on top once the learner has answered something.
      return this.progress.nextReviewDue() ? [{ kind: 'review' }, ...phases] : phases;
    }
    if (node.kind !== 'phase') return [];
    const topics: RoadmapNode[] = node.phase.topics.map((t) => ({ kind: 'topic', phase: node.phase, topicId: t.id, title: t.title }));
    const exercises: RoadmapNode[] = this.content.exercisesOf(node.phase).map((exercise) => ({ kind: 'exercise', phase: node.phase, exercise }));
    return [...topics, ...exercises];
  }

  getParent(node: RoadmapNode): RoadmapNode | undefined {
    return node.kind === 'phase' || node.kind === 'review' ? undefined : this.phaseNodes.get(node.phase.id);
  }

  getTreeItem(node: RoadmapNode): vscode.TreeItem {
    switch (node.kind) {
      case 'review':
        return this.reviewItem();
      case 'phase':
        return this.phaseItem(node.phase);
      case 'topic':
        return this.topicItem(node.phase, node.topicId, node.title);
      case 'exercise':
        return this.exerciseItem(node.exercise);
    }
  }

  private reviewItem(): vscode.TreeItem {
    const due = this.progress.dueReviews().length;
    const next = this.progress.nextReviewDue();
    const item = new vscode.TreeItem(due ? `Review · ${due} due` : 'Review', vscode.TreeItemCollapsibleState.None);
    item.id = 'review';
    item.description = due ? undefined : next ? `next ${next.toLocaleDateString()}` : undefined;
    item.iconPath = new vscode.ThemeIcon('history', due ? new vscode.ThemeColor('charts.blue') : undefined);
    item.tooltip = due
      ? `${due} question${due === 1 ? '' : 's'} you answered before ${due === 1 ? 'is' : 'are'} due again. A miss comes back the next day; a right answer later and later.`
      : 'Questions you answer in the lessons come back here for review at growing intervals.';
    item.contextValue = due ? 'review.due' : 'review';
    item.command = { command: Commands.startReview, title: 'Start Review' };
    item.accessibilityInformation = { label: due ? `Review, ${due} question${due === 1 ? '' : 's'} due` : 'Review, nothing due' };
    return item;
  }

  private phaseItem(phase: Phase): vscode.TreeItem {
    const m = this.mastery(phase);
    const { done, total } = m.topics;
    const status = this.phaseStatus(phase);
    // A short label keeps the progress in view at any sidebar width; the full title is in the tooltip.
    const item = new vscode.TreeItem(`${phase.number} · ${shortTitle(phase.title)}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `phase:${phase.id}`;
    const notes = this.hasNotes(phase.id);
    const q = m.questions;
    const checksText = q.answered ? ` · checks ${q.lastCorrect}/${q.total}` : '';
    item.description = `${done}/${total}${checksText}${notes ? ' · notes' : ''}`;
    item.iconPath = status === 'mastered'
      ? new vscode.ThemeIcon('star-full', new vscode.ThemeColor('testing.iconPassed'))
      : status === 'done'
      ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
      : status === 'in-progress'
        ? new vscode.ThemeIcon('circle-large-filled', new vscode.ThemeColor('charts.yellow'))
        : new vscode.ThemeIcon('circle-large-outline');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Phase ${phase.number} · ${escapeMd(phase.title)}**\n\n${escapeMd(phase.summary)}\n\n$(target) *Outcome:* ${escapeMd(phase.outcome)}\n\n`);
    tooltip.appendMarkdown(`- ${done} of ${total} topics done\n- ${q.lastCorrect} of ${q.total} checks right at the last attempt (${q.firstCorrect} at the first try, ${q.total - q.answered} not answered)\n`);
    if (m.exercises.total) tooltip.appendMarkdown(`- ${m.exercises.passed} of ${m.exercises.total} exercises passed\n`);
    tooltip.appendMarkdown(`- ${q.mastered} of ${q.total} checks mastered (right again after a review interval)`);
    if (status === 'mastered') tooltip.appendMarkdown('\n\n$(star-full) Mastered');
    if (notes) tooltip.appendMarkdown('\n\n$(note) You have notes for this phase');
    item.tooltip = tooltip;
    item.contextValue = notes ? 'phase.hasNotes' : 'phase';
    item.accessibilityInformation = { label: `Phase ${phase.number}, ${phase.title}, ${done} of ${total} topics done, ${q.lastCorrect} of ${q.total} checks right${status === 'mastered' ? ', mastered' : ''}${notes ? ', has notes' : ''}` };
    return item;
  }

  private topicItem(phase: Phase, topicId: string, title: string): vscode.TreeItem {
    const done = this.progress.isTopicDone(topicKey(phase.id, topicId));
    const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.None);
    item.id = `topic:${phase.id}/${topicId}`;
    item.checkboxState = done ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
    item.contextValue = done ? 'topic.done' : 'topic.todo';
    item.tooltip = `${title} — open the lesson at this topic`;
    item.command = { command: Commands.openLesson, title: 'Open Lesson', arguments: [phase.id, topicId] };
    return item;
  }

  private exerciseItem(exercise: Exercise): vscode.TreeItem {
    const status = exerciseStatus(this.progress.exercise(exercise.id));
    const item = new vscode.TreeItem(exercise.title, vscode.TreeItemCollapsibleState.None);
    item.id = `exercise:${exercise.id}`;
    item.description = status === 'passed' ? 'passed' : status === 'started' ? `started · ${exercise.minutes} min` : `${exercise.difficulty} · ${exercise.minutes} min`;
    item.iconPath = EXERCISE_ICONS[status];
    item.tooltip = new vscode.MarkdownString(`**Exercise: ${escapeMd(exercise.title)}** (${STATUS_TEXT[status]})\n\n${escapeMd(exercise.summary)}\n\n${exercise.goals.map((g) => `- ${escapeMd(g)}`).join('\n')}`);
    item.accessibilityInformation = { label: `Exercise ${exercise.title}, ${STATUS_TEXT[status]}` };
    item.contextValue = `exercise.${status}`;
    item.command = { command: Commands.startExercise, title: 'Start Exercise', arguments: [exercise.id] };
    return item;
  }

  private onCheckbox(e: vscode.TreeCheckboxChangeEvent<RoadmapNode>): void {
    for (const [node, state] of e.items) {
      if (node.kind === 'topic') void this.progress.setTopicDone(topicKey(node.phase.id, node.topicId), state === vscode.TreeItemCheckboxState.Checked);
    }
  }

  async reveal(phaseId: string): Promise<void> {
    const node = this.phaseNodes.get(phaseId);
    if (node) await this.view.reveal(node, { expand: true, focus: false, select: true });
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => `\\${c}`);
}

/** Distinct at a glance: an empty circle, a flask, a green check. */
const EXERCISE_ICONS: Record<ExerciseStatus, vscode.ThemeIcon> = {
  'not-started': new vscode.ThemeIcon('circle-large-outline'),
  started: new vscode.ThemeIcon('beaker', new vscode.ThemeColor('charts.yellow')),
  passed: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
};
const STATUS_TEXT: Record<ExerciseStatus, string> = { 'not-started': 'not started', started: 'started', passed: 'passed' };

/** The part of a phase title before its first ":" or " and " qualifier, at most ~24 characters. */
function shortTitle(title: string): string {
  const head = title.split(/:|,| and /)[0]!.trim();
  if (head.length <= 26) return head;
  const cut = head.slice(0, 25);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 10 ? cut.lastIndexOf(' ') : 25)}…`;
}
