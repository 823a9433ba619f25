import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Analyzer, parse, skipReason } from '../../src/core/analysis/engine';
import { listSourceFiles } from '../../src/core/fs/walk';
import { readSource } from '../../src/core/fs/read';
import { matchesAny } from '../../src/core/fs/glob';
import { createAnalyzer, readAliases, scanFiles } from '../../src/core/analysis/scan';
import { RULE_IDS } from '../../src/core/analysis/rules';
import { resolveConfig } from '../../src/core/analysis/config';
import { toSarif } from '../../src/core/analysis/sarif';
import { isFrontend, isLocalUrl, isServiceCode, isTestPath } from '../../src/core/analysis/classify';
import { DEFAULT_CONFIG, type FileResult } from '../../src/core/analysis/types';
import type { WorkerRequest, WorkerResponse } from '../../src/core/analysis/worker';
import { analyzeIn, applyFix, check, fixNamed, prng, ROOT, workspace } from '../fixtures/analysis/helpers';

const SERVICE = `import axios from 'axios';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
async function notify() {}
export async function handler(page: number) {
  console.log('handling', page);
  notify();
  await axios.get('https://api.example.com/x');
  const rows = await prisma.order.findMany({ skip: page * 20, take: 20 });
  await fetch('https://example.com', { method: 'POST' });
  return rows;
}
`;
const SERVICE_PATH = 'src/services/orders.service.ts';

function isolated(run: () => void, limitMs = 10_000): number {
  const t = performance.now();
  run();
  const ms = performance.now() - t;
  assert.ok(ms < limitMs, `took ${ms} ms`);
  return ms;
}

describe('analysis: engine', () => {
  describe('plain-data output', () => {
    it('reports file, rule, severity, 0-based range, message, lesson and fixes as text edits', () => {
      const findings = analyzeIn(workspace({}), SERVICE_PATH, SERVICE);
      assert.deepEqual(findings.map((f) => `${f.range.start.line}:${f.rule}`), ['5:console-in-service', '6:floating-promise', '7:missing-timeout', '8:offset-pagination', '9:missing-timeout']);
      for (const f of findings) {
        assert.equal(f.file, join(ROOT, SERVICE_PATH));
        assert.equal(f.severity, 'warning');
        assert.ok(f.message.length > 20);
        assert.ok(f.lesson.phaseId && f.lesson.topicId);
        assert.ok(f.fixes.length >= 2);
        for (const fix of f.fixes) for (const e of fix.edits) assert.equal(typeof e.newText, 'string');
        // JSON round trip: nothing but plain data
        assert.deepEqual(JSON.parse(JSON.stringify(f)), f);
      }
    });

    it('applies configured severities and turns rules off', () => {
      const a = new Analyzer(ROOT, { config: { rules: { 'console-in-service': 'error', 'floating-promise': 'off', 'offset-pagination': 'hint', 'missing-timeout': 'information' } } });
      const findings = analyzeIn(a, SERVICE_PATH, SERVICE);
      assert.deepEqual(findings.map((f) => `${f.rule}:${f.severity}`), ['console-in-service:error', 'missing-timeout:information', 'offset-pagination:hint', 'missing-timeout:information']);
    });
  });

  describe('ignore comments', () => {
    it('roadmap-coach-ignore-next-line <rule> silences that rule on the next line only', () => {
      check(`async function job() {}
export async function a() {
  // roadmap-coach-ignore-next-line floating-promise
  job(); console.log('x'); // expect: console-in-service
  job(); // expect: floating-promise
  // roadmap-coach-ignore-next-line console-in-service -- reason: startup banner
  job(); console.log('y'); // expect: floating-promise
  // roadmap-coach-ignore-next-line
  job(); console.log('z');
  /* roadmap-coach-ignore-next-line floating-promise, console-in-service */
  job(); console.log('w');
}
`);
    });

    it('/* roadmap-coach-ignore-file <rule> */ silences a rule in the whole file; without a rule, every rule', () => {
      check(`/* roadmap-coach-ignore-file floating-promise */
async function job() {}
export function a() {
  job();
  console.log('x'); // expect: console-in-service
}
`);
      check("// roadmap-coach-ignore-file\nasync function job() {}\nexport function a() { job(); console.log('x'); }\n");
    });

    it('ignore text inside strings does not count', () => {
      check("const s = 'roadmap-coach-ignore-file';\nconsole.log(s); // expect: console-in-service\n");
    });

    it('the "Ignore this line" and "Ignore in this file" fixes produce comments that work', () => {
      const text = "#!/usr/bin/env node\nasync function job() {}\nexport function a() {\n  if (true) {\n    job();\n  }\n}\n";
      const [f] = analyzeIn(workspace({}), 'src/services/x.ts', text);
      const line = applyFix(text, fixNamed(f!, /on this line/));
      assert.match(line, /\n {4}\/\/ roadmap-coach-ignore-next-line floating-promise\n {4}job\(\);/);
      assert.deepEqual(analyzeIn(workspace({}), 'src/services/x.ts', line), []);
      const file = applyFix(text, fixNamed(f!, /in this file/));
      assert.ok(file.startsWith('#!/usr/bin/env node\n/* roadmap-coach-ignore-file floating-promise */\n'));
      assert.deepEqual(analyzeIn(workspace({}), 'src/services/x.ts', file), []);
      assert.deepEqual(f!.fixes.filter((x) => x.preferred).map((x) => x.title), ['Mark as intentionally not awaited (void)'], 'outside an async function void is preferred; ignores never are');
    });

    it('"Ignore this line" extends an ignore comment already above the line instead of shadowing it', () => {
      const text = "async function job() {}\nexport function a() {\n  // roadmap-coach-ignore-next-line console-in-service -- banner\n  job(); console.log('x');\n}\n";
      const [f] = analyzeIn(workspace({}), 'src/services/x.ts', text);
      const fixed = applyFix(text, fixNamed(f!, /on this line/));
      assert.equal(fixed.split('\n')[2], '  // roadmap-coach-ignore-next-line console-in-service floating-promise -- banner');
      assert.deepEqual(analyzeIn(workspace({}), 'src/services/x.ts', fixed), []);
    });

    it('keeps CRLF line endings in the comments it inserts', () => {
      const text = 'async function job() {}\r\nexport function a() {\r\n  job();\r\n}\r\n';
      const [f] = analyzeIn(workspace({}), 'src/services/x.ts', text);
      assert.equal(f!.range.start.line, 2);
      assert.ok(applyFix(text, fixNamed(f!, /on this line/)).includes('  // roadmap-coach-ignore-next-line floating-promise\r\n  job();'));
      assert.ok(applyFix(text, fixNamed(f!, /in this file/)).startsWith('/* roadmap-coach-ignore-file floating-promise */\r\nasync'));
    });

    it('no "ignore this line" fix where a comment would land inside a template literal', () => {
      const text = 'export const q = `\nSELECT * FROM t ORDER BY id ${"LIMIT 10 OFFSET " + 5}`;\n';
      const findings = analyzeIn(workspace({}), 'src/repos/q.ts', text);
      for (const f of findings) {
        const lineFix = f.fixes.find((x) => /on this line/.test(x.title));
        if (lineFix) assert.notEqual(lineFix.edits[0]!.range.start.line, 1);
      }
    });
  });

  describe('workspace index', () => {
    it('is updated incrementally: a function turning async (or sync) changes findings in its callers', () => {
      const analyzer = workspace({ 'src/lib/a.ts': 'export function work() {}\n' });
      const caller = "import { work } from '../lib/a';\nexport function f() {\n  work();\n}\n";
      assert.equal(analyzeIn(analyzer, 'src/services/c.ts', caller).length, 0);
      analyzer.indexFile('/root/src/lib/a.ts', 'export async function work() {}\n');
      assert.deepEqual(analyzeIn(analyzer, 'src/services/c.ts', caller).map((f) => f.rule), ['floating-promise']);
      analyzer.analyze('/root/src/lib/a.ts', 'export function work() {}\n');
      assert.equal(analyzeIn(analyzer, 'src/services/c.ts', caller).length, 0);
      analyzer.index.remove('/root/src/lib/a.ts');
      assert.equal(analyzeIn(analyzer, 'src/services/c.ts', caller).length, 0);
    });

    it('resolves tsconfig paths, baseUrl and package.json imports', () => {
      const dir = mkdtempSync(join(tmpdir(), 'coach-alias-'));
      try {
        writeFileSync(join(dir, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@app/*': ['src/*'] } } }));
        writeFileSync(join(dir, 'tsconfig.json'), '{\n  // comments are fine\n  "extends": "./tsconfig.base.json",\n}\n');
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ imports: { '#db': { types: './src/db.ts', default: './dist/db.js' } } }));
        const aliases = readAliases(dir);
        assert.deepEqual(aliases.map((a) => a.pattern), ['@app/*', '#db', '*']);
        const analyzer = new Analyzer(dir, { aliases });
        analyzer.indexFile(join(dir, 'src/lib/jobs.ts'), 'export async function enqueue() {}\n');
        analyzer.indexFile(join(dir, 'src/db.ts'), 'export async function migrate() {}\n');
        const text = "import { enqueue } from '@app/lib/jobs';\nimport { migrate } from '#db';\nimport { enqueue as e2 } from 'src/lib/jobs';\nenqueue();\nmigrate();\ne2();\n";
        const r = analyzer.analyze(join(dir, 'src/services/x.ts'), text);
        assert.deepEqual(r.findings.map((f) => f.range.start.line), [3, 4, 5]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('scope resolution: shadowing, hoisting, catch and destructuring bindings', () => {
      check(`async function job() {}
export function f(items: number[]) {
  {
    const job = () => 1;
    job();
  }
  for (const job of items) void job;
  try { /* */ } catch (job) { void job; }
  const { job: renamed } = { job: () => 2 };
  renamed();
  job(); // expect: floating-promise
}
async function __private() {}
export function g() {
  __private(); // expect: floating-promise
  var __dirname = 'x';
  void __dirname;
}
`);
    });
  });

  describe('bad input never crashes the engine', () => {
    const analyzer = new Analyzer(ROOT);

    it('an unparsable file is reported and skipped', () => {
      const r = analyzer.analyze('/root/src/a.ts', '}}} const = ;; <<< @@@ ((( ]]] class { if else } )) =>\n'.repeat(20));
      assert.match(r.skipped ?? '', /could not be parsed \(line 1: /);
      assert.deepEqual(r.findings, []);
      // A file being edited (one error) is still analysed.
      const editing = analyzer.analyze('/root/src/services/a.ts', 'async function job() {}\nexport function f() {\n  job();\n  const x = \n}\n'.repeat(3));
      assert.equal(editing.skipped, undefined);
    });

    it('a file above maxFileBytes is skipped, and says so', () => {
      const small = new Analyzer(ROOT, { config: { maxFileBytes: 1024 } });
      const r = small.analyze('/root/src/big.ts', `export const x = 1;\n${'// filler\n'.repeat(200)}`);
      assert.match(r.skipped ?? '', /larger than 1 KB/);
      assert.match(skipReason('é'.repeat(600), 1024) ?? '', /larger than/, 'counts UTF-8 bytes, not characters');
    });

    it('binary, non-UTF-8 and minified content is skipped', () => {
      assert.equal(analyzer.analyze('/root/a.js', 'const a = 1;\u0000\u0001\u0002').skipped, 'binary content');
      assert.equal(analyzer.analyze('/root/a.js', 'const a = "\uFFFD\uFFFD";').skipped, 'not UTF-8 text');
      assert.equal(analyzer.analyze('/root/a.js', `var a=${'1+'.repeat(5000)}1;`).skipped, 'minified');
      assert.equal(analyzer.analyze('/root/vendor.min.js', 'var a=1;').skipped, 'minified');
    });

    for (const [name, text] of [
      ['20,000 nested parentheses', `x = ${'('.repeat(20_000)}1${')'.repeat(20_000)};`],
      ['20,000 nested arrays', `x = ${'['.repeat(20_000)}1${']'.repeat(20_000)};`],
      ['20,000 nested if blocks', `${'if (a) {'.repeat(20_000)}f();${'}'.repeat(20_000)}`],
      ['20,000 nested arrow functions', `x = ${'a => '.repeat(20_000)}1;`],
      ['20,000 nested calls', `${'f('.repeat(20_000)}${')'.repeat(20_000)};`],
      ['20,000 unclosed braces', '{'.repeat(20_000)],
      ['a 100,000-link call chain', `db${'.where(1)'.repeat(100_000)}.offset(5);`],
      ['a 100,000-term binary expression', `x = ${'f() + '.repeat(100_000)}1;`],
      ['a 50,000-term string concatenation', `q = 'SELECT * FROM t' ${"+ ' x'".repeat(50_000)} + ' LIMIT 1 OFFSET ' + n;`],
    ] as const) {
      it(`${name}: returns (analysed or skipped), no stack overflow`, () => {
        const big = new Analyzer(ROOT, { config: { maxFileBytes: 10 * 1024 * 1024 } });
        isolated(() => {
          const r = big.analyze('/root/src/services/deep.ts', text);
          assert.ok(Array.isArray(r.findings));
          if (r.skipped) assert.match(r.skipped, /nested too deeply|could not be parsed|minified/);
          big.indexFile('/root/src/services/deep2.ts', text);
        }, 20_000);
      });
    }

    it('deep nesting that parses is analysed iteratively', () => {
      const depth = 500;
      const text = `async function job() {}\n${'if (a) {\n'.repeat(depth)}job();\n${'}\n'.repeat(depth)}`;
      const r = analyzer.analyze('/root/src/services/deep.ts', text);
      assert.equal(r.skipped, undefined);
      assert.deepEqual(r.findings.map((f) => f.range.start.line), [depth + 1]);
    });

    it('parse() reports instead of throwing', () => {
      assert.ok(parse('/root/a.tsx', 'const a = <div>{x}</div>;').sf);
      assert.ok(parse('/root/a.jsx', 'const a = <div />;').sf);
      assert.ok(parse('/root/a.mjs', 'export default 1;').sf);
      assert.ok(parse('/root/a.cts', 'export = 1;').sf);
      assert.equal(parse('/root/a.ts', `x = ${'('.repeat(50_000)}`).reason, 'nested too deeply to analyse');
    });

    it('fuzz: random token soup and mutations of the fixtures always return a FileResult', function () {
      // Hundreds of analyses: on a loaded two-core CI machine this takes well over the default 20 s.
      this.timeout(120_000);
      const rnd = prng(20250601);
      const tokens = ['async', 'await', 'function', 'class', '{', '}', '(', ')', '[', ']', '=>', ';', ',', '.', 'console', 'log', 'fetch', 'new', 'Promise', 'import', 'from', "'axios'", 'require', '`SELECT * FROM t OFFSET ${n}`', '"x"', '0', '1', 'skip', 'offset', 'this', 'const', 'let', 'x', 'then', 'catch', '+', '?', ':', '/*', '*/', '//', '\n', '<div>', '</div>', '@', '#', '\\', '"', "'", '`', '${'];
      const seeds = [SERVICE, readFileSync(join(__dirname, '../../../test/fixtures/analysis/helpers.ts'), 'utf8'), 'class A { constructor(private r: R) {} async m() { this.r.save(); } }'];
      const fuzz = new Analyzer(ROOT);
      fuzz.indexFile('/root/src/lib/a.ts', 'export async function a() {}\nexport class R { async save() {} }\n');
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
      let analysed = 0;
      const reasons = new Map<string, number>();
      for (let i = 0; i < 400; i++) {
        let text: string;
        if (i % 3 === 0) text = Array.from({ length: 1 + Math.floor(rnd() * 300) }, () => pick(tokens)).join(rnd() < 0.5 ? ' ' : '');
        else {
          text = pick(seeds);
          const edits = 1 + Math.floor(rnd() * 20);
          for (let k = 0; k < edits; k++) {
            const at = Math.floor(rnd() * (text.length + 1));
            const op = rnd();
            if (op < 0.33) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 10));
            else if (op < 0.66) text = text.slice(0, at) + text.slice(at, at + Math.floor(rnd() * 40)) + text.slice(at);
            else text = text.slice(0, at) + pick(tokens) + text.slice(at);
          }
        }
        const path = pick(['/root/src/services/f.ts', '/root/src/a.js', '/root/src/c.tsx', '/root/test/f.test.ts', '/root/src/routes/r.mjs']);
        let r: FileResult | undefined;
        assert.doesNotThrow(() => {
          r = fuzz.analyze(path, text);
          fuzz.indexFile(path, text);
        }, `iteration ${i}`);
        assert.ok(r && Array.isArray(r.findings) && r.file === path, `iteration ${i}`);
        if (!r.skipped) analysed++;
        else reasons.set(r.skipped.replace(/\(.*/, ''), (reasons.get(r.skipped.replace(/\(.*/, '')) ?? 0) + 1);
        for (const f of r.findings) {
          assert.ok(f.range.start.line >= 0 && f.range.end.line >= f.range.start.line);
          for (const fix of f.fixes) assert.doesNotThrow(() => applyFix(text, fix));
        }
      }
      assert.ok(analysed > 250, `most fuzz inputs are analysed (${analysed}; skipped: ${JSON.stringify([...reasons])})`);
    });

    it('incremental analysis of edits inside function bodies gives the same findings as a fresh analysis', () => {
      const others = {
        'src/lib/repo.ts': 'export class Repo {\n  async save(x: unknown) { void x; }\n  get(id: string) { return id; }\n}\nexport async function notify() {}\n',
        'src/lib/logger.ts': "import pino from 'pino';\nexport const logger = pino();\n",
      };
      const methods = Array.from({ length: 12 }, (_, i) => `  async m${i}(id: string, items: string[]) {
    const r = await this.repo.get(id);
    ${['this.repo.save(r);', 'console.log(r);', "await axios.get('https://x/' + id);", 'items.forEach(async (x) => { await notify(); void x; });', "await this.pool.query(`SELECT * FROM t ORDER BY id LIMIT 10 OFFSET ${i}`);", 'notify().then(() => r);'][i % 6]}
    return r;
  }
`).join('\n');
      const original = `import axios from 'axios';\nimport { Pool } from 'pg';\nimport { Repo, notify } from '../lib/repo';\nexport class S {\n  private readonly pool = new Pool({ statement_timeout: 1 });\n  constructor(private readonly repo: Repo) {}\n${methods}}\n`;
      let text = original;
      const editor = workspace(others);
      const rnd = prng(42);
      // Mostly what typing inside a body produces; sometimes something that breaks the structure.
      const statements = ['notify();', 'console.log(id);', 'await notify();', 'this.repo.save(id);', 'void fetch(id);', "const q = 'SELECT * FROM t LIMIT 5 OFFSET 10';", '// note', 'items.forEach(async () => {});', 'new Promise(() => {});'];
      const breaking = ['{', '}', '`', "'", '(', '/*'];
      for (let i = 0; i < 150; i++) {
        if (i % 15 === 0) text = original;
        const lineStarts = [...text.matchAll(/\n {4}(?=\S)/g)].map((m) => m.index! + 5);
        const at = lineStarts[Math.floor(rnd() * lineStarts.length)]!;
        const r = rnd();
        if (r < 0.6) text = text.slice(0, at) + statements[Math.floor(rnd() * statements.length)] + '\n    ' + text.slice(at);
        else if (r < 0.8) text = text.slice(0, at) + 'x' + text.slice(at); // typing mid-statement
        else if (r < 0.9) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 6));
        else text = text.slice(0, at) + breaking[Math.floor(rnd() * breaking.length)] + text.slice(at);
        const incremental = editor.analyze('/root/src/services/s.ts', text);
        const fresh = workspace(others).analyze('/root/src/services/s.ts', text);
        assert.deepEqual(incremental, fresh, `edit ${i}`);
      }
      // An ignore-file comment typed inside a body silences the findings kept from the previous run too.
      const ignored = text.replace('    const r = await this.repo.get(id);', '    /* roadmap-coach-ignore-file floating-promise */ const r = await this.repo.get(id);');
      assert.deepEqual(editor.analyze('/root/src/services/s.ts', ignored), workspace(others).analyze('/root/src/services/s.ts', ignored));
      assert.ok(editor.analyze('/root/src/services/s.ts', ignored).findings.every((f) => f.rule !== 'floating-promise'));
      assert.ok(editor.stats.partial > 60, `most edits were analysed incrementally: ${JSON.stringify(editor.stats)}`);
    });

    it('incremental re-parse after edits gives the same findings as a fresh parse', () => {
      const rnd = prng(7);
      const editor = new Analyzer(ROOT);
      let text = SERVICE;
      for (let i = 0; i < 60; i++) {
        const at = Math.floor(rnd() * text.length);
        text = rnd() < 0.5 ? text.slice(0, at) + pickEdit(rnd) + text.slice(at) : text.slice(0, at) + text.slice(at + 3);
        const incremental = editor.analyze('/root/src/services/live.ts', text);
        const fresh = new Analyzer(ROOT).analyze('/root/src/services/live.ts', text);
        assert.deepEqual(incremental, fresh, `edit ${i}`);
      }
    });
  });

  describe('files and scans', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'coach-scan-'));
    });
    afterEach(() => {
      try {
        chmodSync(join(dir, 'locked'), 0o755);
      } catch {
        // not created
      }
      rmSync(dir, { recursive: true, force: true });
    });
    const write = (rel: string, text: string | Buffer) => {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), text);
    };

    it('lists sources, honours .gitignore (nested too), include/exclude; survives symlink loops and unreadable folders', () => {
      write('src/a.ts', '');
      write('src/b.d.ts', '');
      write('src/c.md', '');
      write('src/gen/g.ts', '');
      write('src/pkg/.gitignore', 'local.ts\n');
      write('src/pkg/local.ts', '');
      write('src/pkg/kept.ts', '');
      write('.gitignore', 'src/gen/\n');
      write('node_modules/x/index.js', '');
      write('dist/out.js', '');
      write('lib/x.mjs', '');
      symlinkSync(dir, join(dir, 'src', 'loop'));
      symlinkSync(join(dir, 'nowhere'), join(dir, 'src', 'dangling.ts'));
      mkdirSync(join(dir, 'locked'));
      write('locked/secret.ts', '');
      chmodSync(join(dir, 'locked'), 0o000);
      const { files, problems } = listSourceFiles(dir);
      const rel = files.map((f) => f.slice(dir.length + 1));
      const root = process.getuid?.() === 0; // root reads a chmod 000 folder anyway
      assert.deepEqual(rel, ['lib/x.mjs', ...(root ? ['locked/secret.ts'] : []), 'src/a.ts', 'src/pkg/kept.ts']);
      assert.ok(problems.some((p) => /dangling/.test(p)));
      if (!root) assert.ok(problems.some((p) => /^locked: EACCES/.test(p)), problems.join('\n'));
      assert.deepEqual(listSourceFiles(dir, ['src/**']).files.map((f) => f.slice(dir.length + 1)), ['src/a.ts', 'src/pkg/kept.ts']);
      assert.deepEqual(listSourceFiles(dir, [], ['src', 'locked']).files.map((f) => f.slice(dir.length + 1)), ['lib/x.mjs']);
      // A subfolder listed with globs and .gitignore relative to the workspace folder.
      assert.deepEqual(listSourceFiles(join(dir, 'src'), [], ['src/pkg/**'], dir).files.map((f) => f.slice(dir.length + 1)), ['src/a.ts']);
      write('src/gen/other.ts', '');
      assert.deepEqual(listSourceFiles(join(dir, 'src'), [], [], dir).files.map((f) => f.slice(dir.length + 1)), ['src/a.ts', 'src/pkg/kept.ts']);
    });

    it('reads sources: unreadable, too large, binary, UTF-16 and non-UTF-8 files are skipped with a reason', () => {
      write('ok.ts', 'export const a = "é";\n');
      write('big.ts', 'x'.repeat(3000));
      write('bin.js', Buffer.from([0x63, 0x6f, 0x00, 0x01]));
      write('latin1.js', Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]));
      write('utf16.ts', Buffer.from('\ufeffconst a = 1;', 'utf16le'));
      assert.equal(readSource(join(dir, 'ok.ts'), 2048).text, 'export const a = "é";\n');
      assert.match(readSource(join(dir, 'big.ts'), 2048).skipped!, /larger than 2 KB/);
      assert.equal(readSource(join(dir, 'bin.js'), 2048).skipped, 'binary content');
      assert.equal(readSource(join(dir, 'latin1.js'), 2048).skipped, 'not UTF-8 text');
      assert.match(readSource(join(dir, 'utf16.ts'), 2048).skipped!, /UTF-16/);
      assert.match(readSource(join(dir, 'missing.ts'), 2048).skipped!, /unreadable \(ENOENT\)/);
    });

    it('scanFiles: one pass, cross-file facts regardless of order, late project-logger hints, cancellation, progress', async () => {
      write('tsconfig.json', JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }));
      write('src/a/caller.service.ts', "import { later } from '@/z/callee';\nexport function f() {\n  later();\n  console.log('x');\n}\n");
      write('src/z/callee.ts', 'export async function later() {}\n');
      write('src/z/logger.ts', "import pino from 'pino';\nexport const logger = pino();\n");
      write('src/bin.js', Buffer.from([0, 1, 2]));
      const { files } = listSourceFiles(dir);
      const analyzer = createAnalyzer(dir, DEFAULT_CONFIG);
      const progress: number[] = [];
      const batches: FileResult[][] = [];
      const { results, cancelled } = await scanFiles(analyzer, files, { chunk: 1, onProgress: (p) => progress.push(p.done), onResults: (r) => batches.push(r) });
      assert.equal(cancelled, false);
      assert.deepEqual(results.map((r) => r.file), files, 'results in input order');
      const caller = results.find((r) => r.file.endsWith('caller.service.ts'))!;
      assert.deepEqual(caller.findings.map((f) => f.rule), ['floating-promise', 'console-in-service']);
      assert.match(caller.findings[1]!.message, /pino logger: import \{ logger \} from '\.\.\/z\/logger'/);
      assert.equal(results.find((r) => r.file.endsWith('bin.js'))!.skipped, 'binary content');
      assert.equal(progress.at(-1), files.length * 2);
      assert.ok(batches.flat().some((r) => r.file.endsWith('caller.service.ts')));
      const cancel = await scanFiles(createAnalyzer(dir, DEFAULT_CONFIG), files, { chunk: 1, isCancelled: () => true });
      assert.equal(cancel.cancelled, true);
    });

    it('scanFiles matches analysing each file with a complete index', async () => {
      for (let i = 0; i < 12; i++) {
        write(`src/m${i}/m${i}.service.ts`, `import { helper${(i + 5) % 12} } from '../m${(i + 5) % 12}/m${(i + 5) % 12}.service';\nexport async function helper${i}() {}\nexport function run${i}() {\n  helper${(i + 5) % 12}();\n}\n`);
      }
      const { files } = listSourceFiles(dir);
      const { results } = await scanFiles(createAnalyzer(dir, DEFAULT_CONFIG), files);
      const full = createAnalyzer(dir, DEFAULT_CONFIG);
      for (const f of files) full.indexFile(f, readFileSync(f, 'utf8'));
      for (const r of results) assert.deepEqual(r, full.analyze(r.file, readFileSync(r.file, 'utf8')));
      assert.equal(results.reduce((n, r) => n + r.findings.length, 0), 12);
    });
  });

  describe('worker thread (dist/analysis-worker.js)', () => {
    const script = join(__dirname, '../../../dist/analysis-worker.js');
    it('configures, scans, re-analyses, removes and answers errors with plain messages', async function () {
      if (!existsSync(script)) this.skip(); // run `node esbuild.mjs` first
      const dir = mkdtempSync(join(tmpdir(), 'coach-worker-'));
      const worker = new Worker(script);
      try {
        mkdirSync(join(dir, 'src/services'), { recursive: true });
        writeFileSync(join(dir, 'src/lib.ts'), 'export async function later() {}\n');
        writeFileSync(join(dir, 'src/services/a.ts'), "import { later } from '../lib';\nexport function f() {\n  later();\n}\n");
        const messages: WorkerResponse[] = [];
        const next = (pred: (m: WorkerResponse) => boolean) =>
          new Promise<WorkerResponse>((resolve) => {
            const hit = messages.find(pred);
            if (hit) return resolve(hit);
            const on = (m: WorkerResponse) => {
              if (pred(m)) {
                worker.off('message', on);
                resolve(m);
              }
            };
            worker.on('message', on);
          });
        worker.on('message', (m: WorkerResponse) => messages.push(m));
        const post = (m: WorkerRequest) => worker.postMessage(m);
        post({ type: 'analyze', id: 1, file: join(dir, 'x.ts'), text: '' });
        assert.deepEqual(await next((m) => m.type === 'error' && m.id === 1), { type: 'error', id: 1, message: 'not configured' });
        post({ type: 'configure', root: dir, config: DEFAULT_CONFIG });
        post({ type: 'scan', id: 2, include: [], exclude: [] });
        const listed = await next((m) => m.type === 'listed' && m.id === 2);
        assert.equal(listed.type === 'listed' && listed.files, 2);
        const done = await next((m) => m.type === 'done' && m.id === 2);
        assert.equal(done.type === 'done' && done.cancelled, false);
        const scanned = messages.filter((m): m is Extract<WorkerResponse, { type: 'results' }> => m.type === 'results' && m.id === 2).flatMap((m) => m.results);
        assert.deepEqual(scanned.find((r) => r.file.endsWith('a.ts'))!.findings.map((f) => f.rule), ['floating-promise']);
        // The index built by the scan serves re-analysis; removing the callee's file drops the finding.
        post({ type: 'analyze', id: 3, file: join(dir, 'src/services/a.ts'), text: "import { later } from '../lib';\nexport function f() {\n  later();\n  later();\n}\n" });
        const a = await next((m) => m.type === 'analyzed' && m.id === 3);
        assert.equal(a.type === 'analyzed' && a.result.findings.length, 2);
        post({ type: 'remove', file: join(dir, 'src/lib.ts') });
        post({ type: 'analyze', id: 4, file: join(dir, 'src/services/a.ts'), text: "import { later } from '../lib';\nlater();\n" });
        const b = await next((m) => m.type === 'analyzed' && m.id === 4);
        assert.equal(b.type === 'analyzed' && b.result.findings.length, 0);
      } finally {
        await worker.terminate();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('classification, config and SARIF', () => {
    it('classifies paths', () => {
      assert.equal(isTestPath('src/a.spec.ts'), true);
      assert.equal(isTestPath('cypress/e2e/a.cy.ts'), true);
      assert.equal(isTestPath('src/services/a.ts'), false);
      assert.equal(isServiceCode('src/services/a.ts', [], false), true);
      assert.equal(isServiceCode('src/utils/a.ts', ['express'], false), true);
      assert.equal(isServiceCode('src/utils/a.ts', [], false), false);
      assert.equal(isServiceCode('scripts/a.ts', ['express'], false), false);
      assert.equal(isFrontend('src/components/A.tsx', [], ''), true);
      assert.equal(isFrontend('src/api/a.ts', ['react'], ''), true);
      assert.equal(isFrontend('pages/api/users.ts', [], ''), false);
      assert.equal(isFrontend('client/src/api.ts', [], ''), true);
      assert.equal(isFrontend('src/clients/payments.ts', [], ''), false);
      assert.equal(isLocalUrl('http://localhost:3000/x'), true);
      assert.equal(isLocalUrl('127.0.0.1'), true);
      assert.equal(isLocalUrl('https://localhost.example.com'), false);
      assert.equal(matchesAny('src/gen/a.ts', ['src/gen']), true);
      assert.equal(matchesAny('a/b/c.ts', ['**/*.ts']), true);
      assert.equal(matchesAny('a/b/c.ts', ['b/{c,d}.ts']), true);
    });

    it('validates settings', () => {
      const r = resolveConfig({ rules: { 'floating-promise': 'error', nope: 'off' }, exclude: ['gen/**'], timeoutMs: -1 });
      assert.equal(r.analysis.rules['floating-promise'], 'error', 'a valid rule survives an invalid sibling');
      assert.deepEqual(r.exclude, ['gen/**'], 'a valid exclude survives an invalid sibling');
      assert.ok(r.analysis.timeoutMs > 0, 'the invalid timeout falls back to its default');
      assert.ok(r.problems.some((p) => p.startsWith('timeoutMs')), r.problems.join('; '));
      assert.equal(resolveConfig({ rules: { nope: 'off' } }).problems[0], `rules.nope: unknown rule (known: ${RULE_IDS.join(', ')})`);
      assert.equal(resolveConfig({ maxFileSizeKB: 2 }).analysis.maxFileBytes, 2048);
    });

    it('produces SARIF 2.1.0 with 1-based regions', () => {
      const findings = analyzeIn(workspace({}), SERVICE_PATH, SERVICE);
      const sarif = toSarif(findings, ROOT) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
      assert.equal(sarif.version, '2.1.0');
      const first = sarif.runs[0]!.results[0]!;
      assert.equal(first.ruleId, 'console-in-service');
      assert.deepEqual(first.locations[0]!.physicalLocation.region, { startLine: 6, startColumn: 3, endLine: 6, endColumn: 14 });
      assert.equal(first.locations[0]!.physicalLocation.artifactLocation.uri, SERVICE_PATH);
    });
  });

  // Speed targets live in `npm run bench` (bench/README.md), not in timed tests that fail on a loaded machine.
  it('analyses a 3,000-line file completely: the findings of every function, none skipped', () => {
    const body = Array.from({ length: 300 }, (_, i) => `export async function f${i}() {\n  const r = await fetch('https://x/${i}', { signal: AbortSignal.timeout(1) });\n  console.log(r);\n  f${(i + 1) % 300}();\n  return r.json();\n}\n\n`).join('').split('\n').slice(0, 3000).join('\n');
    const analyzer = new Analyzer(ROOT);
    const result = analyzer.analyze('/root/src/services/big.ts', body);
    assert.equal(result.skipped, undefined);
    const count = (rule: string) => result.findings.filter((f) => f.rule === rule).length;
    assert.equal(count('console-in-service'), 300);
    assert.equal(count('floating-promise'), 300);
    assert.equal(count('missing-timeout'), 0);
  });
});

function pickEdit(rnd: () => number): string {
  const edits = ['x', ' ', '\n', ';', 'await ', 'void ', '(', ')', '{', '}', 'console.log(1);', 'fetch(u);', '// c\n', '`', "'"];
  return edits[Math.floor(rnd() * edits.length)]!;
}
