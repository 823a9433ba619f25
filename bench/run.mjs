// Benchmarks of the analysis engine (`npm run bench`; `node bench/run.mjs --no-eslint` skips step 5):
// on a generated workspace of ≥ 1,500 files (bench/.corpus/, git-ignored),
//   1. parse only (read + ts.createSourceFile on every file),
//   2. full scan (scanFiles: read, parse, index, four rules) and the ratio scan/parse (interleaved rounds, medians),
//   3. peak memory (maxRSS) of a full scan, in a child process that then
//   4. re-analyses a 3,000-line file after 100 one-character edits (p50/p95), like the editor's worker,
//   5. ESLint + typescript-eslint no-floating-promises with type information on the same files,
//   6. the CLI's cold start on a ~50-file repository (dist/cli.js: time before analysis = wall − its durationMs),
//   7. one 1 MB file of small functions with > 20,000 findings (capped per file; must stay linear).
//   8. Biome 2's noFloatingPromises and our CLI side by side on the same corpus (bench/biome.mjs).
// `--start-only` runs 6 and 7 alone; `--biome` runs 8 alone; `--no-biome` skips it.
// Prints a markdown table and writes bench/results.json (exit 1 if a target is missed). The engine is
// bundled from src/ with esbuild, so the numbers are for the current sources.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.mjs';
import { biomeCompare, printBiome } from './biome.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const corpusDir = join(here, '.corpus');
const workspace = join(corpusDir, 'workspace');
const engineBundle = join(corpusDir, 'build', 'engine.cjs');
const require = createRequire(import.meta.url);

/** Edits timed for the re-analysis benchmark. */
const RUNS = 100;
/** Interleaved parse/scan rounds; medians are reported (and the best round, least disturbed by other processes). */
const ROUNDS = 9;
const TARGETS = { scanOverParse: 2, reanalysisP95Ms: 20, peakRssMb: 300, eslintOverScan: 10, minFiles: 1500, cliStartMs: 300, manyFindingsMs: 1000 };

async function buildEngine() {
  mkdirSync(dirname(engineBundle), { recursive: true });
  await esbuild.build({
    stdin: {
      contents: [
        "export { scanFiles, createAnalyzer } from './src/core/analysis/scan';",
        "export { readSource } from './src/core/fs/read';",
        "export { listSourceFiles } from './src/core/fs/walk';",
        "export { DEFAULT_CONFIG } from './src/core/analysis/types';",
      ].join('\n'),
      resolveDir: repo,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['typescript'],
    outfile: engineBundle,
    logLevel: 'warning',
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function loadEngine() {
  const engine = require(engineBundle);
  // The bundle requires `typescript` from the repository's node_modules.
  const ts = require('typescript');
  return { engine, ts };
}

/**
 * Child-process mode, as the editor's worker runs: one full scan (peak memory is read right after it),
 * then re-analysis of a 3,000-line file after edits, against the index the scan built.
 */
async function childScan() {
  const { engine } = loadEngine();
  const { files } = engine.listSourceFiles(workspace);
  const analyzer = engine.createAnalyzer(workspace, engine.DEFAULT_CONFIG);
  const started = performance.now();
  const { results } = await engine.scanFiles(analyzer, files);
  const durationMs = performance.now() - started;
  const maxRssKb = process.resourceUsage().maxRSS;
  const findings = results.reduce((n, r) => n + r.findings.length, 0);
  const re = reanalysis(analyzer);
  process.stdout.write(JSON.stringify({ files: files.length, findings, durationMs, maxRssKb, reanalysis: re }));
}

function parseAll(ts, files) {
  const started = performance.now();
  let statements = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    statements += ts.createSourceFile(f, text, ts.ScriptTarget.Latest).statements.length;
  }
  return { ms: performance.now() - started, statements };
}

async function scanAll(engine, files) {
  const analyzer = engine.createAnalyzer(workspace, engine.DEFAULT_CONFIG);
  const started = performance.now();
  const { results } = await engine.scanFiles(analyzer, files);
  return { ms: performance.now() - started, results, analyzer };
}

/** A 3,000-line service with imports into the corpus, for the re-analysis benchmark. */
function bigFile() {
  const lines = [
    "import { Injectable, Logger } from '@nestjs/common';",
    "import axios from 'axios';",
    "import { OrderRepository } from '../order/order.repository';",
    "import { AuditService } from '../order/order.audit';",
    "import { logger } from '@app/lib/logger';",
    "import { db } from '@app/lib/knex';",
    '',
    '@Injectable()',
    'export class BigService {',
    '  private readonly log = new Logger(BigService.name);',
    '  constructor(private readonly repo: OrderRepository, private readonly audit: AuditService) {}',
  ];
  let i = 0;
  while (lines.length < 2990) {
    lines.push(
      '',
      `  async handler${i}(id: string, input: { name: string; page: number }): Promise<number> {`,
      `    const started = Date.now();`,
      `    const item = await this.repo.findById(id);`,
      `    if (!item) throw new Error('missing ' + id);`,
      i % 7 === 0 ? `    this.audit.record('big.${i}', id);` : `    await this.audit.record('big.${i}', id);`,
      i % 11 === 0 ? `    console.log('handler${i}', id);` : `    logger.info({ id, step: ${i} }, 'handler');`,
      `    const rows = await db('items').where({ owner: id, bucket: ${i} }).orderBy('id').limit(20);`,
      i % 13 === 0 ? `    await axios.get('https://api.example.com/items/' + id);` : `    await axios.get('https://api.example.com/items/' + id, { timeout: 2000 });`,
      `    for (const row of rows) {`,
      `      if (row.name === input.name) return row.total + ${i};`,
      `    }`,
      `    this.log.debug('handler${i} took ' + (Date.now() - started));`,
      `    return rows.length;`,
      `  }`,
    );
    i++;
  }
  lines.push('}', '');
  return lines.join('\n');
}

function reanalysis(analyzer) {
  const file = join(workspace, 'src/modules/big/big.service.ts');
  let text = bigFile();
  const lineCount = text.split('\n').length;
  for (let k = 0; k < 10; k++) analyzer.analyze(file, text); // warm-up
  const times = [];
  const lines = text.split('\n');
  for (let k = 0; k < RUNS; k++) {
    // An edit like typing: one character more in a string, or a comment, somewhere in the file (always a real change).
    const at = 20 + ((k * 997) % (lines.length - 40));
    lines[at] = /'/.test(lines[at]) ? lines[at].replace(/'([^']*)'/, (_m, str) => `'${str}${k % 10}'`) : `${lines[at]} // ${k}`;
    const next = lines.join('\n');
    if (next === text) throw new Error('the edit changed nothing');
    text = next;
    const started = performance.now();
    const r = analyzer.analyze(file, text);
    times.push(performance.now() - started);
    if (r.skipped) throw new Error(`big file skipped: ${r.skipped}`);
  }
  return { lines: lineCount, runs: RUNS, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), ...analyzer.stats };
}

async function eslintRun(files) {
  // Outside the workspace (so the scans do not list it) and not named eslint.config.*: ESLint 10 looks
  // configs up per folder, and the repository's `eslint bench` must not pick this one.
  const configFile = join(corpusDir, 'bench-eslint.config.mjs');
  writeFileSync(
    configFile,
    `import tseslint from 'typescript-eslint';
export default [
  {
    files: ['workspace/**/*.ts', 'workspace/**/*.js'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: ${JSON.stringify(join(workspace, 'tsconfig.json'))}, tsconfigRootDir: ${JSON.stringify(workspace)} },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
];
`,
  );
  const { ESLint } = await import('eslint');
  const eslint = new ESLint({ cwd: corpusDir, overrideConfigFile: configFile, cache: false });
  const started = performance.now();
  const results = await eslint.lintFiles(files);
  const ms = performance.now() - started;
  const messages = results.flatMap((r) => r.messages);
  const fatal = messages.filter((m) => m.fatal);
  return { ms, findings: messages.filter((m) => m.ruleId === '@typescript-eslint/no-floating-promises').length, fatal: fatal.length, firstFatal: fatal[0]?.message };
}

/**
 * The CLI as users run it, in CPU time (wall time on a shared machine measures the neighbours):
 * `lint` in an empty folder (all start-up: nothing to parse) and on a ~50-file repository.
 */
function cliStart() {
  const dir = join(corpusDir, 'small');
  generateCorpus(dir, { modules: 3 });
  const empty = join(corpusDir, 'empty');
  mkdirSync(empty, { recursive: true });
  const cpuFile = join(corpusDir, 'cli-cpu.json');
  const preload = join(corpusDir, 'cpu-preload.cjs');
  writeFileSync(preload, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeFileSync(process.env.COACH_CPU_FILE, JSON.stringify((u.user + u.system) / 1000)); });\n");
  const cli = join(repo, 'dist', 'cli.js');
  const run = (cwd) => {
    let out;
    try {
      out = execFileSync(process.execPath, ['--require', preload, cli, 'lint', '--format', 'json', '--max-warnings', '100000'], { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, COACH_CPU_FILE: cpuFile } });
    } catch (e) {
      out = e.stdout; // exit 1 when there are errors: still a run
    }
    return { cpu: JSON.parse(readFileSync(cpuFile, 'utf8')), files: JSON.parse(out).filesScanned };
  };
  const first = run(dir); // fills Node's compile cache (Node 22.1+)
  const starts = [];
  const totals = [];
  for (let i = 0; i < 5; i++) {
    starts.push(run(empty).cpu);
    totals.push(run(dir).cpu);
  }
  return { files: first.files, firstCpuMs: round(first.cpu), startCpuMs: round(median(starts)), repoCpuMs: round(median(totals)) };
}

/** A 1 MB file of small async functions, each with a console.log and a floating call: > 20,000 findings. */
async function manyFindings(engine) {
  const dir = join(corpusDir, 'many');
  mkdirSync(join(dir, 'src', 'services'), { recursive: true });
  let text = '';
  for (let i = 0; text.length < 1 << 20; i++) text += `export async function f${i}() {\n  console.log('x');\n  g${i}();\n}\nasync function g${i}() {}\n`;
  const file = join(dir, 'src', 'services', 'big.ts');
  writeFileSync(file, text);
  const times = [];
  let result;
  for (let i = 0; i < 3; i++) {
    const analyzer = engine.createAnalyzer(dir, { ...engine.DEFAULT_CONFIG, maxFileBytes: 2 << 20 });
    const started = process.cpuUsage();
    result = (await engine.scanFiles(analyzer, [file])).results[0];
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  return { kb: Math.round(text.length / 1024), ms: round(median(times)), findings: result.findings.length, omitted: result.omitted ?? 0 };
}

async function startOnly() {
  // The corpus is generated code: keep the repository's `eslint bench` away from it.
  mkdirSync(corpusDir, { recursive: true });
  writeFileSync(join(corpusDir, 'eslint.config.mjs'), "// Generated benchmark corpus: not linted.\nexport default [{ ignores: ['**/*'] }];\n");
  await buildEngine();
  const { engine } = loadEngine();
  const start = cliStart();
  const many = await manyFindings(engine);
  const ok = (b) => (b ? '✅' : '❌');
  console.log(`\nNode ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((x) => round(x, 2)).join(' ')}\n`);
  console.log(['| Measure | Result | Target | |', '| --- | --- | --- | --- |',
    `| CLI start-up: \`lint\` with nothing to parse, CPU (median of 5) | **${start.startCpuMs} ms** | ≤ ${TARGETS.cliStartMs} ms | ${ok(start.startCpuMs <= TARGETS.cliStartMs)} |`,
    `| CLI \`lint\` on a ${start.files}-file repo, CPU (first run ${start.firstCpuMs} ms; median of 5) | ${start.repoCpuMs} ms | | |`,
    `| ${many.kb} KB file, ${many.findings + many.omitted} findings (${many.findings} kept), CPU | ${many.ms} ms | ≤ ${TARGETS.manyFindingsMs} ms | ${ok(many.ms <= TARGETS.manyFindingsMs)} |`].join('\n'));
  return { start, many };
}

async function main() {
  if (process.argv[2] === '--child-scan') return childScan();
  if (process.argv.includes('--start-only')) return void (await startOnly());
  if (process.argv.includes('--biome')) {
    generateCorpus(workspace);
    writeFileSync(join(corpusDir, 'eslint.config.mjs'), "// Generated benchmark corpus: not linted.\nexport default [{ ignores: ['**/*'] }];\n");
    return void printBiome(biomeCompare({ repo, workspace }));
  }
  const skipEslint = process.argv.includes('--no-eslint');
  console.error('bench: generating the corpus…');
  generateCorpus(workspace);
  // The corpus is generated code: keep the repository's `eslint bench` away from it.
  writeFileSync(join(corpusDir, 'eslint.config.mjs'), "// Generated benchmark corpus: not linted.\nexport default [{ ignores: ['**/*'] }];\n");
  await buildEngine();
  const { engine, ts } = loadEngine();
  const { files } = engine.listSourceFiles(workspace);
  console.error(`bench: ${files.length} files`);

  // Warm-up (JIT), then interleaved rounds; medians.
  const cold = await scanAll(engine, files);
  parseAll(ts, files);
  const parseTimes = [];
  const scanTimes = [];
  let last;
  for (let round = 0; round < ROUNDS; round++) {
    parseTimes.push(parseAll(ts, files).ms);
    last = await scanAll(engine, files);
    scanTimes.push(last.ms);
  }
  const parseMs = median(parseTimes);
  const scanMs = median(scanTimes);
  const findings = last.results.reduce((n, r) => n + r.findings.length, 0);
  const byRule = {};
  for (const r of last.results) for (const f of r.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  const skipped = last.results.filter((r) => r.skipped).length;

  console.error('bench: peak memory of a scan, then re-analysis of a 3,000-line file (child process, like the editor worker)…');
  const child = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child-scan'], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  const peakRssMb = child.maxRssKb / 1024;
  const re = child.reanalysis;

  let eslint;
  if (!skipEslint) {
    console.error('bench: ESLint + typescript-eslint no-floating-promises with type information (slow)…');
    eslint = await eslintRun(files);
  }

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    typescript: ts.version,
    cpus: cpus().length,
    loadAverage: loadavg().map((x) => round(x, 2)),
    files: files.length,
    lines: files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length, 0),
    findings,
    findingsByRule: byRule,
    skipped,
    parseMs: round(parseMs),
    scanMs: round(scanMs),
    scanColdMs: round(cold.ms),
    scanOverParse: round(scanMs / parseMs, 2),
    parseBestMs: round(Math.min(...parseTimes)),
    scanBestMs: round(Math.min(...scanTimes)),
    scanOverParseBest: round(Math.min(...scanTimes) / Math.min(...parseTimes), 2),
    reanalysis: { lines: re.lines, runs: re.runs, p50Ms: round(re.p50, 2), p95Ms: round(re.p95, 2), maxMs: round(re.max, 2), incremental: re.partial, whole: re.full - 1 },
    peakRssMb: round(peakRssMb),
    eslint: eslint && { ms: round(eslint.ms), floatingPromiseFindings: eslint.findings, fatalErrors: eslint.fatal, ...(eslint.firstFatal ? { firstFatal: eslint.firstFatal } : {}) },
    eslintOverScan: eslint ? round(eslint.ms / scanMs, 1) : undefined,
    eslintOverColdScan: eslint ? round(eslint.ms / cold.ms, 1) : undefined,
    targets: TARGETS,
  };
  results.pass = {
    files: results.files >= TARGETS.minFiles,
    scanOverParse: results.scanOverParse <= TARGETS.scanOverParse,
    reanalysisP95: results.reanalysis.p95Ms < TARGETS.reanalysisP95Ms,
    peakRss: results.peakRssMb < TARGETS.peakRssMb,
    ...(eslint ? { eslintOverScan: results.eslintOverColdScan >= TARGETS.eslintOverScan } : {}),
  };
  writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');

  const ok = (b) => (b ? '✅' : '❌');
  const rows = [
    ['Workspace', `${results.files} files, ${results.lines.toLocaleString('en')} lines`, `≥ ${TARGETS.minFiles} files`, ok(results.pass.files)],
    [`Parse only (read + ts.createSourceFile), median of ${ROUNDS}`, `${results.parseMs} ms (best ${results.parseBestMs} ms)`, '', ''],
    [`Full scan (scanFiles: read, parse, index, 4 rules), median of ${ROUNDS}`, `${results.scanMs} ms (best ${results.scanBestMs} ms, cold ${results.scanColdMs} ms), ${findings} findings`, '', ''],
    ['Scan / parse (medians; best rounds)', `${results.scanOverParse}×; ${results.scanOverParseBest}×`, `≤ ${TARGETS.scanOverParse}×`, ok(results.pass.scanOverParse)],
    [`Re-analysis after an edit, ${re.lines}-line file (${re.runs} edits)`, `p50 ${results.reanalysis.p50Ms} ms, p95 ${results.reanalysis.p95Ms} ms, max ${results.reanalysis.maxMs} ms (${re.partial} edits re-analysed one function body, ${re.full - 1} the whole file)`, `p95 < ${TARGETS.reanalysisP95Ms} ms`, ok(results.pass.reanalysisP95)],
    ['Peak memory of a full scan (child maxRSS)', `${results.peakRssMb} MB`, `< ${TARGETS.peakRssMb} MB`, ok(results.pass.peakRss)],
  ];
  if (eslint) {
    rows.push(['ESLint + typescript-eslint no-floating-promises (type info)', `${results.eslint.ms} ms, ${eslint.findings} findings${eslint.fatal ? `, ${eslint.fatal} fatal` : ''}`, '', '']);
    rows.push(['ESLint / scan (vs cold scan; vs warm median)', `${results.eslintOverColdScan}×; ${results.eslintOverScan}×`, `≥ ${TARGETS.eslintOverScan}×`, ok(results.pass.eslintOverScan)]);
  }
  const table = ['| Measure | Result | Target | |', '| --- | --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  console.log(`\nNode ${results.node}, TypeScript ${results.typescript}, ${results.cpus} CPUs, load average ${results.loadAverage.join(' ')}\n`);
  console.log(table);
  console.log(`\nFindings by rule: ${JSON.stringify(byRule)}; skipped files: ${skipped}. Written to bench/results.json.`);
  const { start, many } = await startOnly();
  results.cliStart = start;
  results.manyFindings = many;
  if (!process.argv.includes('--no-biome')) {
    console.error('bench: Biome noFloatingPromises and our CLI on the same corpus…');
    results.biome = biomeCompare({ repo, workspace });
    printBiome(results.biome);
  }
  writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  if (Object.values(results.pass).some((p) => !p)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
