import * as vscode from 'vscode';
import { LESSON_LINK_AUTHORITY, LESSON_LINK_PATH, lessonLinkQuery, parseLessonLink } from '../core/content/lessonLink';

/** A lesson link for this editor (its own URI scheme: vscode, vscode-insiders, code-oss…). */
export function lessonUri(phaseId: string, topicId?: string): vscode.Uri {
  return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: LESSON_LINK_AUTHORITY, path: LESSON_LINK_PATH, query: lessonLinkQuery(phaseId, topicId) });
}

/** Opens the lesson a link points at (diagnostic codes, the CLI's and SARIF's help links). */
export function registerLessonUriHandler(openLesson: (phaseId: string, topicId?: string) => Thenable<unknown>): vscode.Disposable {
  return vscode.window.registerUriHandler({
    handleUri(uri) {
      const link = parseLessonLink(uri.path, uri.query);
      if (link) void openLesson(link.phaseId, link.topicId);
    },
  });
}
