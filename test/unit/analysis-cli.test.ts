import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULE_IDS } from '../../src/core/analysis/rules';

/** The CLI as users run it: dist/cli.js, built by `node esbuild.mjs`. */
const CLI = join(__dirname, '../../../dist/cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonOut {
  findings: { file: string; rule: string; severity: string; line: number; column: number; endLine: number; endColumn: number; message: string; lesson: string }[];
  filesScanned: number;
  durationMs: number;
}

const json = (r: Run): JsonOut => JSON.parse(r.stdout) as JsonOut;

describe('analysis: CLI (roadmap-coach lint)', function () {
  this.timeout(120_000);
  let dir: string;

  before(function () {
    if (!existsSync(CLI)) this.skip(); // run `node esbuild.mjs` first
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coach-cli-'));
    const write = (rel: string, text: string) => {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), text);
    };
    write('src/services/orders.ts', "async function notify() {}\nexport function create() {\n  console.log('creating');\n  notify();\n}\n");
    write('src/clients/pay.ts', "import axios from 'axios';\nexport const charge = () => axios.post('https://pay.example.com', {});\n");
    write('src/repos/list.ts', "export const q = 'SELECT * FROM orders ORDER BY id LIMIT 10 OFFSET 20';\n");
    write('src/clean.ts', 'export const ok = 1;\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('text: file:line:col, severity, message and rule; summary; exit 0 with warnings only', () => {
    const r = run(dir, 'lint');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^src\/services\/orders\.ts$/m);
    assert.match(r.stdout, /^ {2}3:3 +warning +console\.log\(\) in service code.*console-in-service$/m);
    assert.match(r.stdout, /^ {2}4:3 +warning .*floating-promise$/m);
    assert.match(r.stdout, /✖ 4 problems \(0 errors, 4 warnings\)/);
    assert.match(r.stdout, /4 files scanned in \d+ ms/);
  });

  it('json: findings with 1-based positions, files relative to the cwd, filesScanned and durationMs', () => {
    const r = run(dir, 'lint', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = json(r);
    assert.equal(out.filesScanned, 4);
    assert.equal(typeof out.durationMs, 'number');
    const byRule = Object.fromEntries(out.findings.map((f) => [f.rule, f]));
    assert.deepEqual(Object.keys(byRule).sort(), ['console-in-service', 'floating-promise', 'missing-timeout', 'offset-pagination']);
    assert.deepEqual(
      { ...byRule['console-in-service'], message: '', lesson: '' },
      { file: 'src/services/orders.ts', rule: 'console-in-service', severity: 'warning', line: 3, column: 3, endLine: 3, endColumn: 14, message: '', lesson: '' },
    );
    assert.match(byRule['console-in-service']!.message, /console\.log\(\) in service code/);
    assert.match(byRule['console-in-service']!.lesson, /observability.*logging/);
    assert.equal(byRule['missing-timeout']!.file, 'src/clients/pay.ts');
    assert.equal(byRule['missing-timeout']!.line, 2);
    assert.equal(byRule['offset-pagination']!.column, 18);
  });

  it('json from a subfolder: paths stay relative to the cwd', () => {
    const out = json(run(join(dir, 'src'), 'lint', 'services', '--format=json'));
    assert.deepEqual(out.findings.map((f) => f.file), ['services/orders.ts', 'services/orders.ts']);
    assert.equal(out.filesScanned, 1);
  });

  it('sarif: SARIF 2.1.0 with rules and results', () => {
    const r = run(dir, 'lint', '--format', 'sarif');
    assert.equal(r.code, 0, r.stderr);
    const sarif = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0]!.tool.driver.name, 'roadmap-coach');
    assert.deepEqual(sarif.runs[0]!.tool.driver.rules.map((x) => x.id), [...RULE_IDS]);
    assert.equal(sarif.runs[0]!.results.length, 4);
    const c = sarif.runs[0]!.results.find((x) => x.ruleId === 'console-in-service')!;
    assert.equal(c.level, 'warning');
    assert.deepEqual([c.locations[0]!.physicalLocation.artifactLocation.uri, c.locations[0]!.physicalLocation.region.startLine], ['src/services/orders.ts', 3]);
  });

  it('--rule id=off turns a rule off; --rule id=error makes it an error and exits 1', () => {
    const off = json(run(dir, 'lint', '--format', 'json', '--rule', 'console-in-service=off', '--rule=offset-pagination=off'));
    assert.deepEqual(off.findings.map((f) => f.rule).sort(), ['floating-promise', 'missing-timeout']);
    const err = run(dir, 'lint', '--format', 'json', '--rule', 'floating-promise=error');
    assert.equal(err.code, 1);
    assert.equal(json(err).findings.find((f) => f.rule === 'floating-promise')!.severity, 'error');
  });

  it('--max-warnings: exit 1 above the limit, 0 at or under it', () => {
    assert.equal(run(dir, 'lint', '--max-warnings', '3').code, 1);
    assert.equal(run(dir, 'lint', '--max-warnings=4').code, 0);
    assert.equal(run(dir, 'lint', '--max-warnings', '0', '--rule', 'console-in-service=off', '--rule', 'floating-promise=off', '--rule', 'missing-timeout=off', '--rule', 'offset-pagination=off').code, 0);
  });

  it('exit 0 and "no problems" on a clean tree', () => {
    const r = run(dir, 'lint', 'src/clean.ts');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /✔ no problems/);
  });

  it('exit 2 on bad usage', () => {
    for (const args of [['lint', '--format', 'xml'], ['lint', '--nope'], ['lint', '--rule', 'nope=off'], ['lint', '--rule', 'floating-promise=loud'], ['lint', '--max-warnings', '-1'], ['lint', '--max-warnings'], ['lint', 'missing-folder'], ['frobnicate'], []]) {
      const r = run(dir, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr + r.stdout, /Usage: roadmap-coach/);
    }
  });

  it('reads .roadmap-coach.json from the cwd: rules, exclude, maxFileSizeKB; reports problems in it', () => {
    writeFileSync(join(dir, '.roadmap-coach.json'), JSON.stringify({ rules: { 'floating-promise': 'off', 'console-in-service': 'error', bogus: 'off' }, exclude: ['src/repos/**'] }));
    const r = run(dir, 'lint', '--format', 'json');
    assert.equal(r.code, 1, 'console-in-service is an error now');
    const out = json(r);
    assert.deepEqual(out.findings.map((f) => `${f.rule}:${f.severity}`).sort(), ['console-in-service:error', 'missing-timeout:warning']);
    assert.equal(out.filesScanned, 3);
    assert.match(r.stderr, /\.roadmap-coach\.json: rules\.bogus: unknown rule/);
    writeFileSync(join(dir, '.roadmap-coach.json'), '{ not json');
    assert.equal(run(dir, 'lint').code, 2);
  });

  it('skipped files are reported on stderr and do not fail the run', () => {
    writeFileSync(join(dir, 'src/blob.js'), Buffer.from([0x61, 0x00, 0x62]));
    writeFileSync(join(dir, '.roadmap-coach.json'), JSON.stringify({ maxFileSizeKB: 1 }));
    writeFileSync(join(dir, 'src/huge.ts'), `export const x = '${'x'.repeat(4096)}';\n`);
    const r = run(dir, 'lint', '--format', 'json');
    assert.equal(r.code, 0);
    assert.match(r.stderr, /skipped src\/blob\.js: binary content/);
    assert.match(r.stderr, /skipped src\/huge\.ts: larger than 1 KB/);
  });
});
