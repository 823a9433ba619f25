import * as vscode from 'vscode';
import type { ContentService } from '../core/content/service';
import type { ProgressStore } from '../core/progress/store';
import { Commands } from './commands';
import { Disposable } from './dispose';

/** "Roadmap 23%": runs Continue. */
export class ProgressStatusBar extends Disposable {
  readonly item = this._register(vscode.window.createStatusBarItem('roadmapCoach.progress', vscode.StatusBarAlignment.Left, 10));

  constructor(private readonly content: ContentService, private readonly progress: ProgressStore) {
    super();
    this.item.name = 'Roadmap Coach progress';
    this.item.command = Commands.continueLearning;
    this._register(progress.onDidChange(() => this.update()));
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
  }
}
