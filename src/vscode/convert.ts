import * as vscode from 'vscode';
import type { FileResult, Finding, Fix, Range, Severity } from '../core/analysis/types';
import { omittedNote, RULES } from '../core/analysis/types';
import { lessonUri } from './lessonLinks';
import { exampleById } from '../core/analysis/keyset';

/** The one place plain engine data becomes `vscode` objects. */
export const DIAGNOSTIC_SOURCE = 'Roadmap Coach';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error': return vscode.DiagnosticSeverity.Error;
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    case 'information': return vscode.DiagnosticSeverity.Information;
    case 'hint': return vscode.DiagnosticSeverity.Hint;
  }
}

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, toSeverity(f.severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.rule, target: lessonUri(f.lesson.phaseId, f.lesson.topicId) };
  if (f.severity === 'hint') d.tags = [];
  return d;
}

/** A file's diagnostics: one per finding, and an information note at the top when the per-file cap left findings out. */
export function toDiagnostics(result: FileResult): vscode.Diagnostic[] {
  const out = result.findings.map(toDiagnostic);
  const note = omittedNote(result);
  if (note) {
    const d = new vscode.Diagnostic(toRange(note.range), note.message, vscode.DiagnosticSeverity.Information);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = 'findings-omitted';
    out.unshift(d);
  }
  return out;
}

export function toWorkspaceEdit(uri: vscode.Uri, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(uri, toRange(e.range), e.newText);
  return edit;
}

export function toCodeActions(uri: vscode.Uri, finding: Finding, diagnostic: vscode.Diagnostic, commands: { explain: string; example: string }): vscode.CodeAction[] {
  const actions = finding.fixes.map((fix) => {
    const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    a.edit = toWorkspaceEdit(uri, fix);
    a.diagnostics = [diagnostic];
    a.isPreferred = fix.preferred;
    return a;
  });
  const explain = new vscode.CodeAction(`Explain: ${RULES[finding.rule].title} (open the lesson)`, vscode.CodeActionKind.QuickFix);
  explain.command = { command: commands.explain, title: 'Explain', arguments: [finding.rule] };
  explain.diagnostics = [diagnostic];
  const helpers = [explain];
  const example = finding.example && exampleById(finding.example);
  if (example) {
    const show = new vscode.CodeAction(`Show an example: ${example.title}`, vscode.CodeActionKind.QuickFix);
    show.command = { command: commands.example, title: 'Show an example', arguments: [finding.example] };
    show.diagnostics = [diagnostic];
    helpers.unshift(show);
  }
  // The example and Explain go right after the real fixes, before the ignore comments.
  const ignoreStart = actions.findIndex((a) => a.title.startsWith('Ignore '));
  actions.splice(ignoreStart < 0 ? actions.length : ignoreStart, 0, ...helpers);
  return actions;
}
