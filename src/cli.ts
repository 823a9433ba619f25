import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { listSourceFiles } from './core/fs/walk';
import { createAnalyzer, scanFiles } from './core/analysis/scan';
import { MAX_FINDINGS_PER_FILE } from './core/analysis/engine';
import { SOURCE_EXTENSIONS, type Finding, type SeveritySetting } from './core/analysis/types';
import { resolveConfig, SEVERITY_SETTINGS } from './core/analysis/config';
import { isRuleId, RULE_IDS, RULES, type RuleId } from './core/analysis/rules';
import { lessonUri, toSarif } from './core/analysis/sarif';

const USAGE = `Usage: roadmap-coach <command> [options]

Commands:
  lint [paths…]                 Check JavaScript/TypeScript files for the roadmap's anti-patterns
      --format text|json|sarif  Output format (default: text)
      --rule <id>=<severity>    Override a rule: ${SEVERITY_SETTINGS.join(', ')} (repeatable)
      --max-warnings <n>        Exit 1 when there are more than n warnings
      --config <file>           Settings file (default: .roadmap-coach.json in the current folder)
  exercise list [--format json] List the hands-on exercises
  exercise start <id> [dir]     Copy an exercise's starter files (default dir: roadmap-exercises/<id>)
  exercise check [dir]          Run an exercise's checks (exit 0 pass, 1 fail, 3 internal error)
  help                          Show this help

Rules:
${RULE_IDS.map((id) => `  ${id.padEnd(28)}${RULES[id].title} (lesson ${RULES[id].lesson.phaseId}#${RULES[id].lesson.topicId})`).join('\n')}
Exit codes: 0 success, 1 findings over the limits or failed checks, 2 bad usage,
3 internal error of \`exercise check\` (the coach failed, not your code).`;

class UsageError extends Error {}

/** `exercise check`: the coach itself failed (not the learner's code); distinct from 1, "checks failed". */
const EXIT_INTERNAL = 3;

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);

function takeValue(args: string[], i: number, flag: string): string {
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  return v;
}

async function lint(args: string[]): Promise<number> {
  let format = 'text';
  let maxWarnings = Infinity;
  let configFile: string | undefined;
  const overrides: Partial<Record<RuleId, SeveritySetting>> = {};
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--format') { format = takeValue(args, i, a); i++; }
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a === '--max-warnings') { maxWarnings = parseCount(takeValue(args, i, a)); i++; }
    else if (a.startsWith('--max-warnings=')) maxWarnings = parseCount(a.slice(15));
    else if (a === '--rule') { addRule(overrides, takeValue(args, i, a)); i++; }
    else if (a.startsWith('--rule=')) addRule(overrides, a.slice(7));
    else if (a === '--config') { configFile = takeValue(args, i, a); i++; }
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else paths.push(a);
  }
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif (got "${format}")`);
  const cwd = process.cwd();
  const cfgPath = resolve(configFile ?? '.roadmap-coach.json');
  let raw: unknown = {};
  if (existsSync(cfgPath)) {
    try {
      raw = JSON.parse(readFileSync(cfgPath, 'utf8'));
    } catch (e) {
      throw new UsageError(`${cfgPath}: not valid JSON (${(e as Error).message})`);
    }
  } else if (configFile) throw new UsageError(`${configFile}: not found`);
  const cfg = resolveConfig(raw);
  for (const p of cfg.problems) process.stderr.write(`roadmap-coach: ${relative(cwd, cfgPath)}: ${p}\n`);
  Object.assign(cfg.analysis.rules, overrides);

  const started = performance.now();
  const targets = paths.length ? paths : ['.'];
  const found = new Set<string>(); // overlapping targets (src, src/services) list a file once
  for (const t of targets) {
    const abs = resolve(t);
    if (!existsSync(abs)) throw new UsageError(`${t}: no such file or folder`);
    if (SOURCE_EXTENSIONS.some((e) => abs.endsWith(e))) found.add(abs);
    else {
      // Globs and .gitignore are relative to the current folder (where .roadmap-coach.json lives), not the target.
      const listing = listSourceFiles(abs, cfg.include, cfg.exclude, cwd);
      for (const p of listing.problems) process.stderr.write(`roadmap-coach: ${p}\n`);
      for (const f of listing.files) found.add(f);
    }
  }
  const files = [...found];
  const analyzer = createAnalyzer(cwd, cfg.analysis);
  const { results } = await scanFiles(analyzer, files);
  const findings = results.flatMap((r) => r.findings);
  const durationMs = Math.round(performance.now() - started);
  for (const r of results) if (r.skipped) process.stderr.write(`roadmap-coach: skipped ${rel(cwd, r.file)}: ${r.skipped}\n`);
  for (const r of results) if (r.omitted) process.stderr.write(`roadmap-coach: ${rel(cwd, r.file)}: ${r.omitted} more findings not shown (at most ${MAX_FINDINGS_PER_FILE} per file)\n`);

  if (format === 'json') {
    process.stdout.write(JSON.stringify({ findings: findings.map((f) => jsonFinding(cwd, f)), filesScanned: files.length, durationMs }, null, 2) + '\n');
  } else if (format === 'sarif') {
    process.stdout.write(JSON.stringify(toSarif(findings, cwd), null, 2) + '\n');
  } else {
    process.stdout.write(stylish(cwd, findings, files.length, durationMs));
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

function parseCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-warnings needs a whole number (got "${v}")`);
  return n;
}

function addRule(into: Partial<Record<RuleId, SeveritySetting>>, spec: string): void {
  const [id = '', severity = ''] = spec.split('=', 2);
  if (!isRuleId(id) || !(SEVERITY_SETTINGS as readonly string[]).includes(severity)) throw new UsageError(`--rule takes <id>=<severity> with id one of ${RULE_IDS.join(', ')} and severity one of ${SEVERITY_SETTINGS.join(', ')} (got "${spec}")`);
  into[id] = severity as SeveritySetting;
}

function rel(cwd: string, file: string): string {
  return relative(cwd, file).split(sep).join('/') || file;
}

/** Opens the lesson topic in VS Code when the extension is installed (the same link the editor's diagnostics use). */
function lessonLink(f: Finding): string {
  return lessonUri(f.lesson.phaseId, f.lesson.topicId);
}

function jsonFinding(cwd: string, f: Finding) {
  return {
    file: rel(cwd, f.file),
    rule: f.rule,
    severity: f.severity,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    message: f.message,
    lesson: lessonLink(f),
  };
}

function stylish(cwd: string, findings: Finding[], files: number, durationMs: number): string {
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, list] of byFile) {
    out.push(paint('4', rel(cwd, file)));
    for (const f of list.sort((a, b) => a.range.start.line - b.range.start.line)) {
      const sev = f.severity === 'error' ? paint('31', 'error') : f.severity === 'warning' ? paint('33', 'warning') : paint('36', f.severity);
      out.push(`  ${paint('2', `${f.range.start.line + 1}:${f.range.start.character + 1}`.padEnd(8))} ${sev.padEnd(color ? 16 : 7)}  ${f.message}  ${paint('2', f.rule)}`);
    }
    out.push('');
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const other = findings.length - errors - warnings;
  if (findings.length) out.push(paint(errors ? '31' : '33', `✖ ${findings.length} problem${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${other ? `, ${other} other` : ''})`));
  else out.push(paint('32', '✔ no problems'));
  out.push(paint('2', `${files} file${files === 1 ? '' : 's'} scanned in ${durationMs} ms. Learn why: ${[...new Set(findings.map((f) => f.rule))].map((r) => `${r} → ${RULES[r].lesson.phaseId}#${RULES[r].lesson.topicId}`).join(', ') || 'n/a'}`));
  return out.join('\n') + '\n';
}

// The CLI runs as the bundle dist/cli.js (esbuild.mjs): the package's content/ and the test reporter bundle sit at fixed places next to it.
const CONTENT_ROOT = join(__dirname, '..', 'content');
const REPORTER = join(__dirname, 'test-reporter.mjs');
const NODE_TYPES = join(__dirname, 'node-types');

function contentRoot(): string {
  if (!existsSync(join(CONTENT_ROOT, 'roadmap.json'))) throw new Error(`cannot find the roadmap content at ${CONTENT_ROOT}`);
  return CONTENT_ROOT;
}

function reporterPath(): string {
  if (!existsSync(REPORTER)) throw new Error(`cannot find ${REPORTER}: run \`npm run build\``);
  return REPORTER;
}


async function exercise(args: string[]): Promise<number> {
  // Loaded on first use, so `lint` never pays for the exercise code (and the zod schemas it validates with).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { loadCatalogue } = require('./core/exercises/catalogue') as typeof import('./core/exercises/catalogue');
  const { startExercise, exerciseIdFromDir, UnsafePathError } = require('./core/exercises/scaffold') as typeof import('./core/exercises/scaffold');
  const { formatReport, runCheck } = require('./core/exercises/runner') as typeof import('./core/exercises/runner');
  const { checkExercise } = require('./core/exercises/check') as typeof import('./core/exercises/check');
  const { findNode } = require('./core/exercises/node') as typeof import('./core/exercises/node');
  const { describePackages, missingPackages, missingPackagesMessage } = require('./core/exercises/packages') as typeof import('./core/exercises/packages');
  const { ensureNodeTypes } = require('./core/exercises/types-setup') as typeof import('./core/exercises/types-setup');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const [sub, ...rest] = args;
  const { exercises, problems } = await loadCatalogue(contentRoot());
  for (const p of problems) process.stderr.write(`roadmap-coach: content/${p.file}: ${p.message}\n`);
  if (sub === 'list') {
    const json = rest.includes('--format=json') || (rest[0] === '--format' && rest[1] === 'json');
    if (!json && rest.length) throw new UsageError(`unknown option ${rest[0]}`);
    if (json) process.stdout.write(JSON.stringify(exercises.map((e) => ({ id: e.id, phase: e.phase, title: e.title, difficulty: e.difficulty })), null, 2) + '\n');
    else for (const e of exercises) process.stdout.write(`${String(e.phase).padStart(2)}  ${e.id.padEnd(28)} ${e.difficulty.padEnd(12)} ${e.title}\n`);
    return 0;
  }
  if (sub === 'start') {
    const [id, dir] = rest;
    if (!id) throw new UsageError('exercise start needs an exercise id (see `exercise list`)');
    const ex = exercises.find((e) => e.id === id);
    if (!ex) throw new UsageError(`no exercise "${id}" (see \`exercise list\`)`);
    const target = resolve(dir ?? join('roadmap-exercises', id));
    // No link may lead out of the current folder (or, for a target elsewhere, out of the target's parent).
    const cwd = process.cwd();
    const workspace = target.startsWith(cwd + sep) ? cwd : resolve(target, '..');
    let outcome;
    try {
      outcome = await startExercise(ex, target, { workspace });
      await ensureNodeTypes(dirname(target), NODE_TYPES);
    } catch (e) {
      if (e instanceof UnsafePathError) {
        process.stderr.write(`roadmap-coach: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
    if (outcome.kind === 'exists') {
      process.stderr.write(`roadmap-coach: ${rel(process.cwd(), target)} already exists; nothing was overwritten.\n`);
      return 1;
    }
    process.stdout.write(`Created ${rel(process.cwd(), target)} (${outcome.files.length} files). Read README.md, then run: roadmap-coach exercise check ${rel(process.cwd(), target)}\n`);
    const packages = describePackages(ex);
    if (packages.length) process.stdout.write(`This exercise needs ${packages.join(', ')} from npm: run \`npm install\` in ${rel(process.cwd(), target)} before checking it.\n`);
    return 0;
  }
  if (sub === 'check') {
    const dir = resolve(rest[0] ?? '.');
    if (!existsSync(dir)) throw new UsageError(`${rest[0]}: no such folder`);
    const node = findNode(process.env.ROADMAP_COACH_NODE ?? process.execPath);
    if (!node.ok) {
      process.stderr.write(`roadmap-coach: ${node.message} (the CLI uses the Node that runs it, or ROADMAP_COACH_NODE)\n`);
      return 1;
    }
    const id = exerciseIdFromDir(dir, resolve(dir, '..'));
    const ex = exercises.find((e) => e.id === id);
    const missing = ex ? missingPackages(ex, dir) : [];
    if (missing.length) {
      process.stderr.write(`roadmap-coach: ${missingPackagesMessage(missing, rel(process.cwd(), dir))}\n`);
      return 1;
    }
    // Exit codes: 0 passed; 1 checks failed, timed out or could not run; 3 the coach itself failed.
    try {
      const options = { node: node.node, nodeArgs: node.args, reporter: reporterPath(), timeoutMs: Number(process.env.ROADMAP_COACH_CHECK_TIMEOUT_MS ?? 60_000) };
      const report = await (ex ? checkExercise(ex, dir, options) : runCheck(dir, options));
      process.stdout.write(formatReport(report, ex?.hints[0]) + '\n');
      if (report.status === 'error') return EXIT_INTERNAL;
      return report.status === 'passed' ? 0 : 1;
    } catch (e) {
      process.stderr.write(`roadmap-coach: internal error while checking ${dir}: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      return EXIT_INTERNAL;
    }
  }
  throw new UsageError(`unknown exercise command "${sub ?? ''}"`);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(USAGE + '\n');
      return command ? 0 : 2;
    }
    if (command === 'lint') return await lint(rest);
    if (command === 'exercise') return await exercise(rest);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`roadmap-coach: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`roadmap-coach: ${(e as Error).message}\n`);
    return 2;
  }
}
