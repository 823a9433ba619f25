import * as vscode from 'vscode';
import type { ContentService } from '../core/content/service';
import type { ProgressStore } from '../core/progress/store';
import { Commands } from './commands';
import { Disposable } from './dispose';

/** "Roadmap 23%": runs Continue. */
export class ProgressStatusBar extends Disposable {
  readonly item = this._register(vscode.window.createStatusBarItem('roadmapCoach.progress', vscode.StatusBarAlignment.Left, 10));
  /** Shown only while questions are due for review. */
  readonly review = this._register(vscode.window.createStatusBarItem('roadmapCoach.review', vscode.StatusBarAlignment.Left, 9));

  constructor(private readonly content: ContentService, private readonly progress: ProgressStore) {
    super();
    this.item.name = 'Roadmap Coach progress';
    this.item.command = Commands.continueLearning;
    this.review.name = 'Roadmap Coach review';
    this.review.command = Commands.startReview;
    this._register(progress.onDidChange(() => this.update()));
    // Questions fall due as time passes, not only when progress changes.
    const timer = setInterval(() => this.update(), 10 * 60 * 1000);
    this._register({ dispose: () => clearInterval(timer) });
    this.update();
  }

  update(): void {
    const phases = this.content.current.phases;
    if (!phases.length) {
      this.item.hide();
      return;
    }
    const s = this.progress.summary(phases.flatMap((p) => p.topicKeys));
    this.item.text = `$(mortar-board) Roadmap ${s.percent}%`;
    this.item.tooltip = `${s.done} of ${s.total} topics done — click to continue with the next one`;
    this.item.accessibilityInformation = { label: `Roadmap progress ${s.percent} percent. Continue learning.` };
    this.item.show();
    const due = this.progress.dueReviews().length;
    if (due) {
      this.review.text = `$(history) ${due} due`;
      this.review.tooltip = `${due} question${due === 1 ? '' : 's'} due for review — click to start a short review`;
      this.review.accessibilityInformation = { label: `${due} questions due for review. Start review.` };
      this.review.show();
    } else this.review.hide();
  }
}
