import type ts from 'typescript';
import * as T from '../tsfast';
import { K } from '../tsfast';
import { esc, hasModifier, memberName, unwrap } from '../scope';
import { TYPES } from '../apis';
import type { Val } from '../values';
import type { LoggerFix, RawFix, RuleContext } from '../context';
import { defineRule } from '../rule';

const CONSOLE_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']);
/** console method → logger method, per logger flavour. */
const LOGGER_METHODS: Record<string, Record<string, string>> = {
  pino: { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug', trace: 'trace' },
  bunyan: { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug', trace: 'trace' },
  winston: { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug', trace: 'debug' },
  'NestJS Logger': { log: 'log', info: 'log', warn: 'warn', error: 'error', debug: 'debug', trace: 'verbose' },
  unknown: { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug' },
};

export default defineRule({
  meta: {
    id: 'console-in-service',
    title: 'console in service code',
    description: 'console.* in backend service code: no levels, no structure, no request context. Use the project logger.',
    lesson: { phaseId: 'observability', topicId: 'logging' },
    defaultSeverity: 'warning',
  },
  appliesTo: (ctx) => ctx.service,
  create(ctx) {
    const rule = new ConsoleInService(ctx);
    return { call: (n) => rule.consoleCall(n) };
  },
});

/** Whether `name` already appears as an identifier in the file's text (memoised per file in `seen`). */
function nameUsed(seen: Map<string, boolean>, text: string, name: string): boolean {
  let used = seen.get(name);
  if (used === undefined) seen.set(name, (used = new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text)));
  return used;
}

class ConsoleInService {
  private fileLogger: { expr: string; kind: string } | null | undefined;
  private readonly classLoggers = new Map<ts.ClassLikeDeclaration, { expr: string; kind: string; known: boolean } | null>();

  private readonly readsEnv: boolean;
  /** Per file, not per call: a file with thousands of console calls reads its text once for these. */
  private importAt: number | undefined | null = null;
  private readonly loggerFixes = new Map<string, LoggerFix | undefined>();
  private readonly namesUsed = new Map<string, boolean>();

  constructor(private readonly ctx: RuleContext) {
    this.readsEnv = ctx.sf.text.includes('process.env') || ctx.imports.some((m) => m === 'dotenv' || m === 'dotenv/config' || m === '@nestjs/config' || m === 'envalid' || m === 'env-var');
  }

  consoleCall(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    if (!T.isPropertyAccessExpression(callee) || !CONSOLE_METHODS.has(esc(callee.name))) return;
    const obj = unwrap(callee.expression);
    const isConsole = T.isIdentifier(obj) ? obj.text === 'console' && this.ctx.isGlobal(obj) : T.isPropertyAccessExpression(obj) && obj.name.text === 'console' && T.isIdentifier(obj.expression) && obj.expression.text === 'globalThis' && this.ctx.isGlobal(obj.expression);
    if (!isConsole) return;
    // Module-level code of a file that reads the environment is start-up (config loading, bootstrap): it runs once, before any request.
    if (this.readsEnv && !this.ctx.scopes.enclosingFunction(call)) return;
    const method = esc(callee.name);
    const logger = this.loggerInScope(call);
    const fixes: RawFix[] = [];
    const mapped = logger && (LOGGER_METHODS[logger.kind] ?? LOGGER_METHODS.unknown)![method];
    if (logger && mapped) {
      fixes.push({ title: `Use ${logger.expr}.${mapped}(…) instead`, preferred: logger.known, edits: [this.ctx.replaceNode(callee, `${logger.expr}.${mapped}`)] });
    }
    const base = `console.${method}() in service code: no level, no structure, no request context. It writes synchronously to files, pipes and terminals, blocking the event loop.`;
    if (logger) {
      this.ctx.report('console-in-service', callee, `${base} Use ${logger.expr} (${logger.kind === 'unknown' ? 'in scope' : logger.kind}) instead.`, fixes);
      return;
    }
    const fileHint = this.fileLoggerHint();
    if (fileHint) {
      this.ctx.report('console-in-service', callee, base + fileHint, fixes);
      return;
    }
    const raw = this.ctx.report('console-in-service', callee, base, fixes);
    raw.late = (hint) => base + hint;
    const fix = this.loggerFix(method);
    if (fix) raw.loggerFix = fix;
  }

  /** The switch to the project's logger for one console method: the same object for every call of the file. */
  private loggerFix(method: string): LoggerFix | undefined {
    if (this.loggerFixes.has(method)) return this.loggerFixes.get(method);
    const importAt = this.importPosition();
    let fix: LoggerFix | undefined;
    if (importAt !== undefined) {
      const text = this.ctx.sf.text;
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      // The closure keeps the text and a small map, never the rule or its syntax tree.
      const namesUsed = this.namesUsed;
      fix = {
        importAt,
        build: (l) => {
          const level = (LOGGER_METHODS[l.kind] ?? LOGGER_METHODS.unknown)![method];
          // The name is already used somewhere in the file: importing it could clash, so no automatic fix.
          if (!level || nameUsed(namesUsed, text, l.local)) return undefined;
          const line = `import ${l.binding} from '${l.spec}';`;
          return { title: `Use the project's ${l.kind} logger: ${l.local}.${level}(…)`, replacement: `${l.local}.${level}`, importText: importAt === 0 ? line + eol : eol + line };
        },
      };
    }
    this.loggerFixes.set(method, fix);
    return fix;
  }

  private importPosition(): number | undefined {
    if (this.importAt === null) this.importAt = this.findImportPosition();
    return this.importAt;
  }

  /** Where an import goes: after the file's last top-level import; the top of an ES module with none; nowhere in CommonJS. */
  private findImportPosition(): number | undefined {
    const sf = this.ctx.sf;
    let last: ts.ImportDeclaration | undefined;
    for (const st of sf.statements) if (T.isImportDeclaration(st)) last = st;
    if (last) return last.getEnd();
    const esm = /\.(ts|tsx|mts|mjs)$/.test(this.ctx.file) && !/\brequire\s*\(/.test(sf.text);
    return esm && !sf.text.startsWith('#!') && !/^\s*['"]use strict['"]/.test(sf.text) ? 0 : undefined;
  }

  private fileLoggerHint(): string | undefined {
    const has = (m: string) => this.ctx.imports.includes(m);
    if (has('pino') || has('nestjs-pino') || has('pino-http')) return ' This file already imports pino: log through a pino logger.';
    if (has('winston') || has('nest-winston')) return ' This file already imports winston: log through a winston logger.';
    if (has('bunyan')) return ' This file already imports bunyan: log through a bunyan logger.';
    if (this.ctx.imports.some((m) => m.startsWith('@nestjs/'))) return ' Use NestJS\'s Logger: private readonly logger = new Logger(MyService.name).';
    if (has('fastify')) return ' In a Fastify handler use request.log (pino, with the request id).';
    return undefined;
  }

  private loggerKind(v: Val | undefined): string | undefined {
    return v?.v === 'pkg' ? TYPES[v.type]?.logger : undefined;
  }

  /** A logger the fix can use: a class member, a binding in scope, or Fastify's `request.log`. */
  private loggerInScope(node: ts.Node): { expr: string; kind: string; known: boolean } | undefined {
    const cls = this.ctx.scopes.enclosingClass(node);
    if (cls) {
      let hit = this.classLoggers.get(cls);
      if (hit === undefined) this.classLoggers.set(cls, (hit = this.classLogger(cls) ?? null));
      if (hit) return hit;
    }
    for (const name of ['logger', 'log']) {
      const b = this.ctx.scopes.resolve(name, node);
      if (!b || b.kind === 'function' || b.kind === 'class') continue;
      const kind = this.loggerKind(this.bindingVal(name, node));
      if (kind) return { expr: name, kind, known: true };
      if (name === 'logger') return { expr: name, kind: 'unknown', known: false };
    }
    for (const name of ['request', 'req']) {
      const b = this.ctx.scopes.resolve(name, node);
      if (b?.kind !== 'parameter') continue;
      const typeName = b.node.type && T.isTypeReferenceNode(b.node.type) && T.isIdentifier(b.node.type.typeName) ? b.node.type.typeName.text : '';
      if (typeName === 'FastifyRequest' || this.ctx.imports.includes('fastify')) return { expr: `${name}.log`, kind: 'pino', known: true };
    }
    const fromFile = this.fileImportedLogger();
    if (fromFile) return { ...fromFile, known: true };
    return undefined;
  }

  /** A logger field or injected logger of a class (`this.logger`), by type, else by the `logger` naming convention. */
  private classLogger(cls: ts.ClassLikeDeclaration): { expr: string; kind: string; known: boolean } | undefined {
    const names: string[] = [];
    for (const m of cls.members) {
      if (T.isConstructorDeclaration(m)) {
        for (const p of m.parameters) if (T.isParameterPropertyDeclaration(p, m) && T.isIdentifier(p.name)) names.push(p.name.text);
      } else if ((T.isPropertyDeclaration(m) || T.isGetAccessorDeclaration(m)) && !hasModifier(m, K.StaticKeyword)) {
        const n = memberName(m.name);
        if (n !== undefined) names.push(n);
      }
    }
    for (const n of names) {
      const kind = this.loggerKind(this.ctx.evaluator.member({ v: 'this', cls }, n));
      if (kind) return { expr: `this.${n}`, kind, known: true };
    }
    return names.includes('logger') ? { expr: 'this.logger', kind: 'unknown', known: false } : undefined;
  }

  private bindingVal(name: string, from: ts.Node): Val | undefined {
    // Evaluate through a synthetic lookup: find the binding's declaration and evaluate its identifier there.
    const b = this.ctx.scopes.resolve(name, from);
    if (!b) return undefined;
    const declName = T.isVariableDeclaration(b.node) || T.isParameter(b.node) ? b.node.name : T.isImportSpecifier(b.node) || T.isNamespaceImport(b.node) || T.isImportClause(b.node) ? b.node.name : undefined;
    return declName && T.isIdentifier(declName) ? this.ctx.evaluator.eval(declName) : undefined;
  }

  /** A top-level import of this file that is a logger (e.g. `import { appLog } from './lib/logger'`). */
  private fileImportedLogger(): { expr: string; kind: string } | undefined {
    if (this.fileLogger === undefined) {
      this.fileLogger = null;
      for (const s of this.ctx.sf.statements) {
        if (!T.isImportDeclaration(s) || !s.importClause) continue;
        const names: ts.Identifier[] = [];
        if (s.importClause.name) names.push(s.importClause.name);
        const nb = s.importClause.namedBindings;
        if (nb && T.isNamedImports(nb)) for (const el of nb.elements) names.push(el.name);
        for (const n of names) {
          const kind = this.loggerKind(this.ctx.evaluator.eval(n));
          if (kind) {
            this.fileLogger = { expr: n.text, kind };
            break;
          }
        }
        if (this.fileLogger) break;
      }
    }
    return this.fileLogger ?? undefined;
  }
}
