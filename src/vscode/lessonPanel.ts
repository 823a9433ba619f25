import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { ContentService } from '../core/content/service';
import { topicKey, type Phase } from '../core/content/loader';
import { renderMarkdown } from '../core/content/render';
import { feedbackView, grade, isValidAnswer, questionView } from '../core/content/quiz';
import { exerciseStatus } from '../core/exercises/status';
import type { ProgressStore } from '../core/progress/store';
import { WebviewToHostSchema, WebviewStateSchema, ReadingPositionSchema, type HostToWebview, type LessonMessage, type ReadingPosition, type ReviewItem } from '../shared/protocol';
import { Commands, LESSON_LINK_COMMANDS } from './commands';
import { Disposable } from './dispose';

export interface LessonPanelDeps {
  extensionUri: vscode.Uri;
  content: ContentService;
  progress: ProgressStore;
  /** Where reading positions are kept (globalState: they follow the learner across windows and restarts). */
  memento: vscode.Memento;
  hasNotes(phaseId: string): boolean;
  openNotes(phaseId: string): Thenable<unknown>;
}

const POSITIONS_KEY = 'roadmapCoach.readingPositions';

/** The one lesson panel: created on demand, reused, revived after a reload by a serializer. */
export class LessonPanel extends Disposable {
  static readonly viewType = 'roadmapCoach.lesson';
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private ready = false;
  private pending: HostToWebview | undefined;
  private phaseId: string | undefined;
  /** The panel shows a review session rather than a lesson. */
  private reviewing = false;

  constructor(private readonly deps: LessonPanelDeps) {
    super();
    this._register(deps.progress.onDidChange(() => this.postProgress()));
    this._register(vscode.window.registerWebviewPanelSerializer(LessonPanel.viewType, {
      deserializeWebviewPanel: async (panel, state) => {
        const parsed = WebviewStateSchema.safeParse(state);
        this.attach(panel);
        await this.show(parsed.success ? parsed.data.phaseId : (deps.content.current.phases[0]?.id ?? ''));
      },
    }));
  }

  get currentPhaseId(): string | undefined {
    return this.panel ? this.phaseId : undefined;
  }

  /**
   * Opens (or reuses) the panel on a phase: at a topic when one is given, otherwise where the learner left
   * this lesson. The panel opens beside the code, never over the file being edited.
   */
  async show(phaseId: string, topicId?: string): Promise<void> {
    const phase = this.deps.content.phase(phaseId);
    if (!phase) {
      void vscode.window.showErrorMessage(`Roadmap Coach: there is no phase "${phaseId}".`);
      return;
    }
    this.revealBesideCode(phase.title);
    if (this.phaseId === phaseId && topicId && this.ready) {
      this.post({ type: 'scrollTo', topicId });
      return;
    }
    this.phaseId = phaseId;
    this.reviewing = false;
    this.panel!.title = `${phase.number} · ${phase.title}`;
    this.post(await this.lessonMessage(phase, topicId));
  }

  /** Creates the panel beside the code, or shows it again (moved beside the code if it shares the editor's group). */
  private revealBesideCode(title: string): void {
    const editor = vscode.window.activeTextEditor;
    if (!this.panel) {
      const column = editor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
      this.attach(vscode.window.createWebviewPanel(LessonPanel.viewType, title, { viewColumn: column, preserveFocus: false }, webviewOptions(this.deps.extensionUri)));
    } else if (!this.panel.visible || (editor && editor.viewColumn === this.panel.viewColumn)) {
      this.panel.reveal(editor && editor.viewColumn === this.panel.viewColumn ? vscode.ViewColumn.Beside : undefined, false);
    }
  }

  private positions(): Record<string, ReadingPosition> {
    return this.deps.memento.get<Record<string, ReadingPosition>>(POSITIONS_KEY) ?? {};
  }

  private position(phaseId: string): ReadingPosition | undefined {
    const parsed = ReadingPositionSchema.safeParse(this.positions()[phaseId]);
    return parsed.success ? parsed.data : undefined;
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.detach();
    this.panel = panel;
    this.ready = false;
    panel.webview.options = webviewOptions(this.deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'lesson-tab.svg');
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables = [
      panel.onDidDispose(() => this.detach(false)),
      // A hidden webview is torn down (no retainContextWhenHidden); when shown it loads again and says 'ready'.
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.handleMessage(raw)),
    ];
  }

  private detach(disposePanel = true): void {
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    if (disposePanel) this.panel?.dispose();
    this.panel = undefined;
    this.ready = false;
  }

  override dispose(): void {
    this.detach();
    super.dispose();
  }

  private post(message: HostToWebview): void {
    if (!this.panel) return;
    if (!this.ready) {
      if (message.type === 'lesson' || !this.pending) this.pending = message;
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  /** Every message from the webview comes through here and is validated before anything acts on it. */
  private handleMessage(raw: unknown): void {
    const parsed = WebviewToHostSchema.safeParse(raw);
    if (!parsed.success) return; // a message we did not define is ignored, never acted on
    const msg = parsed.data;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        if (this.pending?.type === 'lesson') {
          const p = this.pending;
          this.pending = undefined;
          this.post(p);
        } else if (this.reviewing) {
          this.pending = undefined;
          void this.startReview();
        } else if (this.phaseId) {
          // The webview came back after being hidden: render the current lesson again.
          this.pending = undefined;
          const phase = this.deps.content.phase(this.phaseId);
          if (phase) void this.lessonMessage(phase).then((m) => this.post(m));
        }
        break;
      case 'openLesson':
        void this.show(msg.phaseId, msg.topicId);
        break;
      case 'setTopicDone':
        void this.deps.progress.setTopicDone(topicKey(msg.phaseId, msg.topicId), msg.done);
        break;
      case 'answer':
        void this.answer(msg.phaseId, msg.questionId, msg.answer, msg.mode);
        break;
      case 'startReview':
        void this.startReview();
        break;
      case 'startExercise':
        void vscode.commands.executeCommand(Commands.startExercise, msg.exerciseId);
        break;
      case 'openNotes':
        void this.deps.openNotes(msg.phaseId);
        break;
      case 'runCommand':
        if (LESSON_LINK_COMMANDS.includes(msg.command)) void vscode.commands.executeCommand(msg.command);
        break;
      case 'copyText':
        void vscode.env.clipboard.writeText(msg.text);
        break;
      case 'readingPosition':
        if (this.deps.content.phase(msg.phaseId)) void this.deps.memento.update(POSITIONS_KEY, { ...this.positions(), [msg.phaseId]: msg.position });
        break;
    }
  }

  /** Grades an answer from the panel and records it: in a lesson the first answer is the score, in a review it moves the schedule. */
  private async answer(phaseId: string, questionId: string, answer: number[], mode: 'lesson' | 'review'): Promise<void> {
    const question = await this.deps.content.question(phaseId, questionId);
    if (!question || !isValidAnswer(question, answer)) return;
    const feedback = grade(question, answer);
    let scored = true;
    if (mode === 'review') {
      if (!(await this.deps.progress.recordReview(phaseId, questionId, answer, feedback.correct))) return;
    } else {
      const recorded = await this.deps.progress.recordAnswer(phaseId, questionId, answer, feedback.correct);
      if (!recorded) return;
      scored = recorded.scored;
    }
    this.post({ type: 'answerResult', questionId, mode, scored, feedback: feedbackView(feedback) });
  }

  /** Opens a review session in the panel: the questions due across all phases, oldest first, at most ten. */
  async startReview(): Promise<number> {
    const due = this.deps.progress.dueReviews(REVIEW_SESSION_SIZE);
    const items: ReviewItem[] = [];
    for (const d of due) {
      const question = await this.deps.content.question(d.phaseId, d.questionId);
      const phase = this.deps.content.phase(d.phaseId);
      if (question && phase) items.push({ phaseId: phase.id, phaseTitle: `Phase ${phase.number} · ${phase.title}`, question: questionView(question) });
    }
    this.revealBesideCode('Review');
    this.panel!.title = 'Review';
    const next = this.deps.progress.nextReviewDue();
    this.reviewing = true;
    this.post({ type: 'review', items, dueTotal: this.deps.progress.dueReviews().length, ...(next ? { nextDue: next.toISOString() } : {}) });
    return items.length;
  }

  private postProgress(): void {
    const phase = this.phaseId ? this.deps.content.phase(this.phaseId) : undefined;
    if (!phase || !this.panel) return;
    this.post({
      type: 'progress',
      topics: Object.fromEntries(phase.topics.map((t) => [t.id, this.deps.progress.isTopicDone(topicKey(phase.id, t.id))])),
      exercises: Object.fromEntries(this.deps.content.exercisesOf(phase).map((e) => [e.id, exerciseStatus(this.deps.progress.exercise(e.id))])),
      hasNotes: this.deps.hasNotes(phase.id),
    });
  }

  private render(markdown: string, topics?: ReadonlyMap<string, { objectives: readonly string[]; keyPoints: readonly string[] }>) {
    const webview = this.panel?.webview;
    return renderMarkdown(markdown, {
      allowedCommands: LESSON_LINK_COMMANDS,
      resolveImage: (path) => (webview ? webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, path)).toString() : undefined),
      readSvg: (path) => readBundledFile(this.deps.extensionUri.fsPath, path),
      topics,
    });
  }

  private async lessonMessage(phase: Phase, scrollTo?: string): Promise<LessonMessage> {
    const { content, progress } = this.deps;
    const [{ lesson, problems }, { quiz, problems: quizProblems }] = await Promise.all([content.lesson(phase), content.quiz(phase)]);
    const markdown = lesson?.markdown ?? `# ${phase.title}\n\nThis lesson could not be loaded: ${problems.map((p) => p.message).join('; ')}.`;
    const { html, headings } = this.render(markdown, new Map(phase.topics.map((t) => [t.id, t])));
    const phases = content.current.phases;
    const index = phases.findIndex((p) => p.id === phase.id);
    const prev = phases[index - 1];
    const next = phases[index + 1];
    const position = this.position(phase.id);
    return {
      type: 'lesson',
      phase: { id: phase.id, number: phase.number, title: phase.title, summary: phase.summary, outcome: phase.outcome },
      html,
      headings,
      topics: phase.topics.map((t) => ({ id: t.id, title: t.title, done: progress.isTopicDone(topicKey(phase.id, t.id)) })),
      exercises: content.exercisesOf(phase).map((e) => ({ id: e.id, title: e.title, minutes: e.minutes, difficulty: e.difficulty, status: exerciseStatus(progress.exercise(e.id)) })),
      quiz: quiz && {
        questions: quiz.questions.map(questionView),
        answers: Object.fromEntries(
          quiz.questions.flatMap((q) => {
            const a = progress.answer(phase.id, q.id);
            if (!a || !isValidAnswer(q, a.answer)) return [];
            // The first answer is the score whatever grading says today; the feedback shows what is right.
            const first = { ...feedbackView(grade(q, a.answer)), correct: a.correct };
            const last = a.last && isValidAnswer(q, a.last.answer) ? feedbackView(grade(q, a.last.answer)) : undefined;
            return [[q.id, { first, ...(last ? { last } : {}) }]];
          }),
        ),
      },
      reviewDue: progress.dueReviews().length,
      problems: [...problems, ...quizProblems].map((p) => `${p.file}: ${p.message}`),
      ...(prev ? { prev: { id: prev.id, number: prev.number, title: prev.title } } : {}),
      ...(next ? { next: { id: next.id, number: next.number, title: next.title } } : {}),
      ...(scrollTo ? { scrollTo } : position ? { position } : {}),
      hasNotes: this.deps.hasNotes(phase.id),
    };
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...p)).toString();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'lesson.css')}">
<link rel="stylesheet" href="${asset('media', 'learning.css')}">
<title>Lesson</title>
</head>
<body>
<div id="root" aria-live="polite"><p>Loading lesson…</p></div>
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
  }
}

const REVIEW_SESSION_SIZE = 10;

/** Reads a file shipped with the extension (a lesson diagram), refusing anything that resolves outside it. */
function readBundledFile(extensionRoot: string, relativePath: string): string | undefined {
  try {
    const root = realpathSync(extensionRoot);
    const file = realpathSync(join(root, relativePath));
    if (!file.startsWith(root + sep)) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
    enableFindWidget: true,
  };
}
