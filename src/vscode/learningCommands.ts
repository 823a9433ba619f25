import * as vscode from 'vscode';
import type { ContentService } from '../core/content/service';
import { nextTopic } from '../core/content/next';
import { topicKey } from '../core/content/loader';
import type { ProgressStore } from '../core/progress/store';
import { Commands, type CommandHandlers } from './commands';
import type { LessonPanel } from './lessonPanel';
import type { Notes } from './notes';
import type { RoadmapNode, RoadmapTree } from './roadmapTree';

export interface LearningDeps {
  content: ContentService;
  progress: ProgressStore;
  panel: LessonPanel;
  tree: RoadmapTree;
  notes: Notes;
  reloadContent(): Promise<void>;
}

/** Resolves a phase id from a tree node, a string argument, the open lesson, or a quick pick. */
async function pickPhase(deps: LearningDeps, arg: unknown, placeHolder: string): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'phase' in arg) return (arg as Extract<RoadmapNode, { kind: 'phase' }>).phase.id;
  const picked = await vscode.window.showQuickPick(
    deps.content.current.phases.map((p) => ({ label: `${p.number} · ${p.title}`, description: `${deps.progress.summary(p.topicKeys).done}/${p.topicKeys.length}`, detail: p.summary, id: p.id })),
    { placeHolder, matchOnDetail: true },
  );
  return picked?.id;
}

function topicKeyOf(arg: unknown, second: unknown): string | undefined {
  if (arg && typeof arg === 'object' && (arg as RoadmapNode).kind === 'topic') {
    const node = arg as Extract<RoadmapNode, { kind: 'topic' }>;
    return topicKey(node.phase.id, node.topicId);
  }
  if (typeof arg === 'string' && typeof second === 'string') return topicKey(arg, second);
  return undefined;
}

/** Handlers of the learning commands, for the command table (`registerCommands`). */
export function learningCommands(deps: LearningDeps) {
  const { content, progress, panel } = deps;
  return {
    openRoadmap: () => vscode.commands.executeCommand('roadmapCoach.roadmap.focus'),
    openLesson: async (phaseArg?: unknown, topicId?: unknown) => {
      const phaseId = await pickPhase(deps, phaseArg, 'Open the lesson of which phase?');
      if (phaseId) await panel.show(phaseId, typeof topicId === 'string' ? topicId : undefined);
    },
    searchLessons: () => searchLessons(deps),
    continueLearning: async () => {
      const next = nextTopic(content.current.phases, (k) => progress.isTopicDone(k));
      if (!next) {
        void vscode.window.showInformationMessage('You have finished every topic of the roadmap. Revisit a phase or try its exercises.');
        return;
      }
      await panel.show(next.phaseId, next.topicId);
      await deps.tree.reveal(next.phaseId);
    },
    markTopicDone: (a?: unknown, b?: unknown) => {
      const key = topicKeyOf(a, b);
      return key && progress.setTopicDone(key, true);
    },
    markTopicNotDone: (a?: unknown, b?: unknown) => {
      const key = topicKeyOf(a, b);
      return key && progress.setTopicDone(key, false);
    },
    resetProgress: async () => {
      const answer = await vscode.window.showWarningMessage(
        'Reset all Roadmap Coach progress? Done topics, quiz answers and exercise results are cleared. Export first if you may want them back.',
        { modal: true },
        // The destructive choice is never the default button.
        'Export First…',
        'Reset Progress',
      );
      if (answer === 'Export First…') await vscode.commands.executeCommand(Commands.exportProgress);
      if (answer === 'Reset Progress') await progress.reset();
    },
    exportProgress: async () => {
      // A name that the Explorer's "Import Progress" entry recognises on the other machine.
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = await vscode.window.showSaveDialog({ filters: { JSON: ['json'] }, saveLabel: 'Export Progress', title: 'Export Roadmap Coach progress', ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'roadmap-coach-progress.json') } : {}) });
      if (!uri) return;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(progress.exportJson()));
      void vscode.window.showInformationMessage(`Progress exported to ${vscode.workspace.asRelativePath(uri)}.`);
    },
    importProgress: async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : (await vscode.window.showOpenDialog({ filters: { JSON: ['json'] }, canSelectMany: false, openLabel: 'Import Progress' }))?.[0];
      if (!uri) return;
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        const added = await progress.importJson(text);
        const ignored = added.ignored ? ` ${added.ignored} entr${added.ignored === 1 ? 'y' : 'ies'} for content this version does not have or could not read were left out.` : '';
        void vscode.window.showInformationMessage(`Progress imported and merged: ${added.topics} new topic(s) done, ${added.exercises} new exercise(s) passed, ${added.answers} new answer(s).${ignored}`);
      } catch (e) {
        void vscode.window.showErrorMessage(`Could not import progress: ${(e as Error).message}`);
      }
    },
    startReview: async () => {
      const count = await panel.startReview();
      if (count === 0) {
        const next = progress.nextReviewDue();
        void vscode.window.showInformationMessage(next ? `Nothing is due for review. The next question comes back ${next.toLocaleDateString()}.` : 'Nothing to review yet: answer the checkpoints and quizzes in the lessons, and the ones you miss come back here.');
      }
    },
    restoreProgressBackup: async () => {
      const backups = progress.backups();
      if (!backups.length) {
        void vscode.window.showInformationMessage('There are no progress backups. Roadmap Coach keeps one when saved progress cannot be fully read, and before a reset or a restore.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        backups.map((b) => ({
          label: b.date.getTime() ? b.date.toLocaleString() : b.key,
          description: `${b.topics} topic(s) done · ${b.exercises} exercise(s) passed · ${b.answers} answer(s)`,
          key: b.key,
        })),
        { placeHolder: 'Merge which backup into your progress? Nothing you have now is lost.', title: 'Restore Progress Backup' },
      );
      if (!picked) return;
      try {
        const added = await progress.restoreBackup(picked.key);
        void vscode.window.showInformationMessage(`Backup restored: ${added.topics} topic(s), ${added.exercises} exercise(s) and ${added.answers} answer(s) came back.`);
      } catch (e) {
        void vscode.window.showErrorMessage(`Could not restore the backup: ${(e as Error).message}`);
      }
    },
    openNotes: async (arg?: unknown) => {
      const phaseId = await pickPhase(deps, arg ?? panel.currentPhaseId, 'Open your notes for which phase?');
      if (phaseId) await deps.notes.open(phaseId);
    },
    reloadContent: () => deps.reloadContent(),
  } satisfies Partial<CommandHandlers>;
}

async function searchLessons(deps: LearningDeps): Promise<void> {
  type Item = vscode.QuickPickItem & { phaseId: string; topicId?: string };
  const qp = vscode.window.createQuickPick<Item>();
  qp.placeholder = 'Search phases, topics and lesson text';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  const toItems = (hits: Awaited<ReturnType<ContentService['search']>>): Item[] =>
    hits.slice(0, 50).map((h) => ({
      label: `${h.topicId ? '$(symbol-text)' : '$(book)'} ${h.label}`,
      description: h.topicId ? h.detail : '',
      // Why it matched: the lesson text around the match (the phase summary for a phase).
      detail: h.snippet ?? (h.topicId ? '' : h.detail),
      phaseId: h.phaseId,
      ...(h.topicId ? { topicId: h.topicId } : {}),
      alwaysShow: true,
    }));
  let seq = 0;
  const update = async (value: string) => {
    const mine = ++seq;
    qp.busy = true;
    const hits = await deps.content.search(value);
    if (mine === seq) {
      qp.items = toItems(hits);
      qp.busy = false;
    }
  };
  qp.onDidChangeValue((v) => void update(v));
  const done = new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.show();
  await update('');
  const chosen = await done;
  qp.dispose();
  if (chosen) await deps.panel.show(chosen.phaseId, chosen.topicId);
}
