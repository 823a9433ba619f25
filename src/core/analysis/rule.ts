/**
 * What a coaching rule is: its metadata (everything the settings, the CLI, SARIF and the editor show)
 * and a factory for its visitors over one file. Rules live in `rules/<id>.ts`; `rules/index.ts` is the
 * only list of them.
 */
import type ts from 'typescript';
import type { RuleContext } from './context';
import type { LessonRef, Severity } from './types';

export interface RuleMeta<Id extends string = string> {
  id: Id;
  /** Short name (SARIF shortDescription, settings). */
  title: string;
  /** One or two sentences: what the mistake costs and what to do instead (SARIF fullDescription, settings, CLI help). */
  description: string;
  /** The lesson topic the diagnostic links to. */
  lesson: LessonRef;
  defaultSeverity: Severity;
}

/** Callbacks for the nodes the engine collects in its one walk per file (see scope.ts `prepare`). */
export interface RuleVisitors {
  call?(node: ts.CallExpression): void;
  newExpression?(node: ts.NewExpression): void;
  expressionStatement?(node: ts.ExpressionStatement): void;
  /** String and template literals. */
  string?(node: ts.StringLiteral | ts.TemplateLiteral): void;
  propertyAssignment?(node: ts.PropertyAssignment): void;
}

export interface Rule<Id extends string = string> {
  meta: RuleMeta<Id>;
  /** Whether the rule looks at this file at all (test files, frontend code, service code…). Default: every file. */
  appliesTo?(ctx: RuleContext): boolean;
  /** Visitors for one analysis of one file; per-file state lives in the closure or object it returns. */
  create(ctx: RuleContext): RuleVisitors;
  /**
   * Text whose addition or removal inside one function body changes this rule's findings elsewhere in
   * the file (a `SIGTERM` handler, `axios.defaults.timeout =`): such an edit re-analyses the whole file
   * instead of only that body.
   */
  wholeFileText?: RegExp;
}

/** Keeps the rule id as a literal type, so the registry can derive the `RuleId` union. */
export function defineRule<const Id extends string>(rule: Rule<Id>): Rule<Id> {
  return rule;
}
