import * as vscode from 'vscode';
import type { Exercise } from '../core/exercises/catalogue';
import type { BugResult, CheckReport, CheckResult } from '../core/exercises/runner';
import { Commands } from './commands';
import { Disposable } from './dispose';

interface Entry {
  exercise: Exercise;
  report?: CheckReport;
  /** Why no check ran (Restricted Mode, no Node). */
  notRun?: string;
  hint?: { index: number; text: string };
}

/** `parent`: the part ("Your tests", "Bugs caught") a node sits under, for a write-tests exercise. */
export type ResultNode =
  | { kind: 'exercise'; entry: Entry }
  | { kind: 'check'; entry: Entry; result: CheckResult; parent?: ResultNode }
  | { kind: 'passed'; entry: Entry; count: number; parent?: ResultNode }
  | { kind: 'part'; entry: Entry; part: 'tests' | 'bugs'; parent: ResultNode }
  | { kind: 'bug'; entry: Entry; bug: BugResult; parent: ResultNode }
  | { kind: 'caught'; entry: Entry; count: number; parent: ResultNode }
  | { kind: 'hint'; entry: Entry }
  | { kind: 'message'; entry: Entry; text: string };

/** One sentence that says what a failed check wanted, in words. */
function describeFailure(r: CheckResult): string {
  const message = (r.message ?? '').split('\n')[0]!.trim();
  const generic = !message || /^(expected|the input|values are not|assertionerror|should (loosely )?(deep-)?equal)/i.test(message);
  if (r.expected !== undefined && r.actual !== undefined) {
    const wanted = `The check expected ${r.expected.trim()} but got ${r.actual.trim()}.`;
    return generic ? wanted : `${message} (${wanted.slice(0, -1).replace(/^The check e/, 'e')})`;
  }
  return message || 'This check failed.';
}

function summary(entry: Entry): string {
  if (entry.notRun) return 'not checked';
  const r = entry.report!;
  const total = r.results.length;
  if (r.bugs && (r.status === 'passed' || r.status === 'failed')) {
    return `your tests: ${r.passed} of ${total} pass · bugs caught: ${r.bugs.filter((b) => b.caught).length} of ${r.bugs.length}`;
  }
  switch (r.status) {
    case 'passed': return `all ${r.passed} checks pass`;
    case 'failed': return `${r.passed} of ${total} checks pass`;
    case 'timed-out': return 'stopped: did not finish in time';
    case 'cancelled': return 'cancelled';
    default: return 'the tests could not run';
  }
}

/**
 * "Exercise Results" in the Roadmap Coach sidebar: the last check of each exercise, its failed checks in
 * words, and the current hint. Revealed after every check, and it stays until the next one.
 */
export class ExerciseResults extends Disposable implements vscode.TreeDataProvider<ResultNode> {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = this._register(new vscode.EventEmitter<ResultNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view = this._register(vscode.window.createTreeView('roadmapCoach.results', { treeDataProvider: this }));
  private readonly roots = new Map<string, ResultNode>();

  async show(exercise: Exercise, report: CheckReport, hint?: { index: number; text: string }): Promise<void> {
    await this.update({ exercise, report, ...(hint ? { hint } : {}) });
  }

  async notRun(exercise: Exercise, reason: string): Promise<void> {
    await this.update({ exercise, notRun: reason });
  }

  setHint(exercise: Exercise, hint: { index: number; text: string }): void {
    const entry = this.entries.get(exercise.id);
    if (!entry) return;
    entry.hint = hint;
    this.changed.fire(undefined);
  }

  private async update(entry: Entry): Promise<void> {
    // The latest check first.
    this.entries.delete(entry.exercise.id);
    const rest = [...this.entries];
    this.entries.clear();
    this.entries.set(entry.exercise.id, entry);
    for (const [k, v] of rest) this.entries.set(k, v);
    this.roots.clear();
    this.changed.fire(undefined);
    const root = this.getChildren()[0];
    if (root) await this.view.reveal(root, { focus: false, select: false, expand: true }).then(undefined, () => undefined);
  }

  getChildren(node?: ResultNode): ResultNode[] {
    if (!node) {
      return [...this.entries.values()].map((entry) => {
        const n: ResultNode = { kind: 'exercise', entry };
        this.roots.set(entry.exercise.id, n);
        return n;
      });
    }
    const { entry } = node;
    if (node.kind === 'part') {
      const report = entry.report!;
      const parent = node;
      if (node.part === 'tests') return this.checks(entry, parent);
      const bugs = report.bugs ?? [];
      const caught = bugs.filter((b) => b.caught).length;
      return [
        ...bugs.filter((b) => !b.caught).map((bug): ResultNode => ({ kind: 'bug', entry, bug, parent })),
        ...(caught ? [{ kind: 'caught', entry, count: caught, parent } as const] : []),
      ];
    }
    if (node.kind !== 'exercise') return [];
    if (entry.notRun) return [{ kind: 'message', entry, text: entry.notRun }];
    const report = entry.report!;
    // A write-tests exercise shows two parts: the learner's own tests, and the hidden bugs they caught.
    const children: ResultNode[] = report.bugs
      ? [{ kind: 'part', entry, part: 'tests', parent: node }, { kind: 'part', entry, part: 'bugs', parent: node }]
      : this.checks(entry);
    if (report.status !== 'passed' && report.status !== 'failed') {
      const first = report.output.split('\n').find((l) => l.trim());
      if (first) children.push({ kind: 'message', entry, text: first.trim() });
    }
    if (entry.hint && report.status !== 'passed') children.push({ kind: 'hint', entry });
    return children;
  }

  /** The failed checks, then how many passed. */
  private checks(entry: Entry, parent?: ResultNode): ResultNode[] {
    const report = entry.report!;
    const children: ResultNode[] = report.results.filter((r) => !r.ok).map((result) => ({ kind: 'check', entry, result, ...(parent ? { parent } : {}) }));
    if (report.passed) children.push({ kind: 'passed', entry, count: report.passed, ...(parent ? { parent } : {}) });
    return children;
  }

  getParent(node: ResultNode): ResultNode | undefined {
    if (node.kind === 'exercise') return undefined;
    return ('parent' in node ? node.parent : undefined) ?? this.roots.get(node.entry.exercise.id);
  }

  getTreeItem(node: ResultNode): vscode.TreeItem {
    const { entry } = node;
    switch (node.kind) {
      case 'exercise': {
        const item = new vscode.TreeItem(entry.exercise.title, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `result:${entry.exercise.id}`;
        item.description = summary(entry);
        const status = entry.notRun ? 'not-run' : entry.report!.status;
        item.iconPath = status === 'passed'
          ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
          : status === 'failed' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')) : new vscode.ThemeIcon('warning');
        item.tooltip = `${entry.exercise.title}: ${summary(entry)}`;
        item.contextValue = 'result.exercise';
        return item;
      }
      case 'check': {
        const r = node.result;
        const item = new vscode.TreeItem([...r.suite, r.name].join(' › '), vscode.TreeItemCollapsibleState.None);
        item.description = describeFailure(r);
        item.tooltip = new vscode.MarkdownString().appendText(`${describeFailure(r)}\n\n${r.message ?? ''}`);
        item.iconPath = new vscode.ThemeIcon('close', new vscode.ThemeColor('testing.iconFailed'));
        if (r.file && r.line) {
          const uri = r.file.startsWith('file:') ? vscode.Uri.parse(r.file) : vscode.Uri.file(r.file);
          item.command = { command: 'vscode.open', title: 'Open the check', arguments: [uri, { selection: new vscode.Range(r.line - 1, 0, r.line - 1, 0) }] };
        }
        return item;
      }
      case 'passed': {
        const item = new vscode.TreeItem(`${node.count} check${node.count === 1 ? '' : 's'} pass`, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
        return item;
      }
      case 'hint': {
        const hint = entry.hint!;
        const item = new vscode.TreeItem(`Hint ${hint.index + 1} of ${entry.exercise.hints.length}`, vscode.TreeItemCollapsibleState.None);
        item.description = hint.text.replace(/\[([^\]]*)\]\(lesson:[^)]*\)/g, '$1');
        item.tooltip = hintTooltip(hint.text);
        item.iconPath = new vscode.ThemeIcon('lightbulb');
        if (hint.index + 1 < entry.exercise.hints.length) item.command = { command: Commands.showHint, title: 'Next Hint', arguments: [entry.exercise.id] };
        return item;
      }
      case 'part': {
        const report = entry.report!;
        const bugs = report.bugs ?? [];
        const caught = bugs.filter((b) => b.caught).length;
        const tests = node.part === 'tests';
        const item = new vscode.TreeItem(tests ? 'Your tests' : `Bugs caught: ${caught} of ${bugs.length}`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `result:${entry.exercise.id}:${node.part}`;
        item.description = tests ? `${report.passed} of ${report.results.length} pass against the correct implementation` : caught === bugs.length ? 'every hidden bug makes your tests fail' : 'hidden bugs your tests still pass with';
        const ok = tests ? report.failed === 0 && report.results.length > 0 : caught === bugs.length;
        item.iconPath = ok ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
        return item;
      }
      case 'bug': {
        const item = new vscode.TreeItem(node.bug.description, vscode.TreeItemCollapsibleState.None);
        item.description = 'not caught';
        item.tooltip = `Your tests still pass when the implementation has this bug: ${node.bug.description}`;
        item.iconPath = new vscode.ThemeIcon('bug', new vscode.ThemeColor('testing.iconFailed'));
        return item;
      }
      case 'caught': {
        const item = new vscode.TreeItem(`${node.count} bug${node.count === 1 ? '' : 's'} caught`, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.tooltip = node.text;
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }
}

/** A hint's text with its `lesson:<phase>#<topic>` links made clickable (they open the lesson panel). */
function hintTooltip(text: string): vscode.MarkdownString {
  const escape = (t: string) => t.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
  const link = /\[([^\]]*)\]\(lesson:([a-z0-9-]+)(?:#([a-z0-9-]+))?\)/g;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(link)) {
    const args = m[3] ? [m[2], m[3]] : [m[2]];
    out += `${escape(text.slice(last, m.index))}[${escape(m[1]!)}](command:${Commands.openLesson}?${encodeURIComponent(JSON.stringify(args))})`;
    last = m.index + m[0].length;
  }
  const md = new vscode.MarkdownString(out + escape(text.slice(last)));
  md.isTrusted = { enabledCommands: [Commands.openLesson] };
  return md;
}
