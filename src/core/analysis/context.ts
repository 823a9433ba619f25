/**
 * The per-file context every rule sees: the file's facts (path, test/frontend/service verdicts,
 * imports, scopes, the evaluator, the workspace index, the settings) and the helpers to report a
 * finding with its fixes. Findings are kept as text offsets (Raw), so the engine can reuse those of
 * unchanged code after an edit.
 */
import type ts from 'typescript';
import { K } from './tsfast';
import { hasModifier, ScopeResolver } from './scope';
import { Evaluator } from './values';
import { isFrontend, isServiceCode, isTestPath } from './classify';
import { matchesAny } from '../fs/glob';
import { moduleSpecifiers } from './syntax';
import type { AnalysisConfig } from './types';
import type { ProjectFacts } from './facts';
import type { RuleId } from './rules';

export interface RawEdit {
  start: number;
  end: number;
  newText: string;
}
export interface RawFix {
  title: string;
  preferred: boolean;
  edits: RawEdit[];
}
export interface Raw {
  rule: RuleId;
  start: number;
  end: number;
  message: string;
  fixes: RawFix[];
  /** The message ends with the project-logger hint, re-rendered when the index changes. */
  late?: (hint: string) => string;
  /** An axios call without timeout: dropped when some file sets axios.defaults.timeout. */
  axios?: boolean;
  /**
   * A fix that needs the project's logger, known only once the workspace is indexed: the engine asks for
   * the edit text when it has the logger. Replaces the reported node and inserts an import at `importAt`.
   */
  loggerFix?: LoggerFix;
  /** An example the editor can open beside the code (e.g. `keyset/prisma`). */
  example?: string;
}

/** The project's own logger module, as a file would import it. */
export interface ProjectLogger {
  /** `logger` for a default export, `{ appLog }` for a named one. */
  binding: string;
  /** The name the code uses after importing. */
  local: string;
  /** Module specifier relative to the importing file. */
  spec: string;
  kind: string;
}

export interface LoggerFix {
  importAt: number;
  build(logger: ProjectLogger): { title: string; replacement: string; importText: string } | undefined;
}

export interface ContextEnv {
  /** The file's path relative to the workspace root, with `/`. */
  rel: string;
  /** Where the file sits in its own package (see `Analyzer.packageOf`); defaults to the workspace. */
  pkg?: PackagePlace;
  config: AnalysisConfig;
  index: ProjectFacts;
}

/** The nearest folder with a package.json above a file: the project the file belongs to. */
export interface PackagePlace {
  /** The file's path relative to that folder, with `/`. */
  rel: string;
  /** A package kept in a tooling folder of its repository (`scripts/`, `tools/`…): a tool, not a service. */
  tool: boolean;
}

export class RuleContext {
  readonly raws: Raw[] = [];
  readonly scopes = new ScopeResolver();
  readonly evaluator: Evaluator;
  readonly rel: string;
  /** The file's place in its own package: the same whichever folder the analysis started from. */
  readonly pkg: PackagePlace;
  readonly config: AnalysisConfig;
  readonly index: ProjectFacts;
  /** Module specifiers of the file's top-level imports and requires. */
  readonly imports: string[];
  readonly isTest: boolean;
  readonly frontend: boolean;
  /** Backend service code (by path conventions, `servicePaths`, or imports); never tests, frontend or CLI scripts. */
  readonly service: boolean;

  constructor(readonly file: string, readonly sf: ts.SourceFile, env: ContextEnv) {
    this.rel = env.rel;
    this.pkg = env.pkg ?? { rel: env.rel, tool: false };
    this.config = env.config;
    this.index = env.index;
    this.imports = moduleSpecifiers(sf);
    this.isTest = isTestPath(this.rel);
    this.frontend = isFrontend(this.rel, this.imports, sf.text);
    // A file with a shebang is a command-line tool, not a service.
    this.service = !this.isTest && !this.frontend && !sf.text.startsWith('#!') && isServiceCode(this.rel, this.imports, matchesAny(this.rel, env.config.servicePaths), sf.text);
    this.evaluator = new Evaluator(sf, this.scopes, { index: env.index, file });
  }

  report(rule: RuleId, node: ts.Node, message: string, fixes: RawFix[] = []): Raw {
    const r: Raw = { rule, start: node.getStart(this.sf), end: node.getEnd(), message, fixes };
    this.raws.push(r);
    return r;
  }

  insertAt(offset: number, text: string): RawEdit {
    return { start: offset, end: offset, newText: text };
  }

  replaceNode(node: ts.Node, text: string): RawEdit {
    return { start: node.getStart(this.sf), end: node.getEnd(), newText: text };
  }

  /** Not declared in the file: a global (console, fetch, Promise, process…). */
  isGlobal(id: ts.Identifier): boolean {
    return this.scopes.resolveId(id) === undefined;
  }

  /** Short source text of an expression for messages. */
  describe(e: ts.Expression): string {
    const text = e.getText(this.sf).replace(/\s+/g, ' ');
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  }

  inAsyncFunction(node: ts.Node): boolean {
    const fn = this.scopes.enclosingFunction(node);
    return !!fn && hasModifier(fn, K.AsyncKeyword);
  }
}

/** What an unhandled rejection does where the file runs, for messages. */
export function unhandledRejectionEffect(ctx: RuleContext): string {
  return ctx.frontend ? 'it only surfaces as an "Uncaught (in promise)" error in the browser console' : 'it crashes Node (since v15)';
}
