/**
 * Monorepos: an import of another workspace package resolves to its source like a local import, and
 * a file gets the same verdict whether the analysis starts at the monorepo root or in its package.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalyzer, scanFiles } from '../../src/core/analysis/scan';
import { listSourceFiles } from '../../src/core/fs/walk';
import { pnpmPackages } from '../../src/core/analysis/monorepo';
import { DEFAULT_CONFIG } from '../../src/core/analysis/types';
import { expectations } from '../fixtures/analysis/helpers';

const MONOREPO = join(__dirname, '../../../test/fixtures/libtypes/monorepo');
const ORDERS = join('packages', 'api', 'src', 'orders.ts');

/** Findings of orders.ts when the analysis starts in `start` (of the monorepo at `root`). */
async function ordersFindings(root: string, start: string): Promise<string[]> {
  const { results } = await scanFiles(createAnalyzer(start, DEFAULT_CONFIG), listSourceFiles(start).files);
  const r = results.find((x) => x.file === join(root, ORDERS));
  assert.ok(r, `orders.ts not scanned from ${start}`);
  return r.findings.filter((f) => f.rule === 'floating-promise').map((f) => `${f.range.start.line + 1}:${f.rule}`).sort();
}

describe('analysis: monorepo packages resolve to their source', function () {
  this.timeout(60_000);
  const expected = expectations(readFileSync(join(MONOREPO, ORDERS), 'utf8')).map((e) => `${e.line}:${e.rule}`).sort();
  const tmp: string[] = [];
  after(() => {
    for (const d of tmp) rmSync(d, { recursive: true, force: true });
  });

  /** A copy of the fixture whose packages are declared another way. */
  function variant(declare: (dir: string) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'coach-monorepo-'));
    tmp.push(dir);
    cpSync(MONOREPO, dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'acme', private: true }));
    declare(dir);
    return dir;
  }

  it('npm/yarn workspaces: the same findings from the monorepo root and from the package folder', async () => {
    assert.equal(expected.length, 2);
    assert.deepEqual(await ordersFindings(MONOREPO, MONOREPO), expected);
    assert.deepEqual(await ordersFindings(MONOREPO, join(MONOREPO, 'packages', 'api')), expected);
  });

  it('pnpm-workspace.yaml', async () => {
    const dir = variant((d) => writeFileSync(join(d, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n"));
    assert.deepEqual(await ordersFindings(dir, join(dir, 'packages', 'api')), expected);
  });

  it('tsconfig references', async () => {
    const dir = variant((d) => writeFileSync(join(d, 'tsconfig.json'), JSON.stringify({ files: [], references: [{ path: './packages/shared' }, { path: './packages/api/tsconfig.json' }] })));
    assert.deepEqual(await ordersFindings(dir, dir), expected);
  });

  it('without a workspace declaration the package is unknown (nothing to resolve)', async () => {
    const dir = variant(() => undefined);
    assert.deepEqual(await ordersFindings(dir, join(dir, 'packages', 'api')), []);
  });

  it('reads the packages list of pnpm-workspace.yaml', () => {
    assert.deepEqual(pnpmPackages("packages:\n  - 'apps/*'\n  - \"libs/**\" # all libs\n  - '!**/test/**'\ncatalog:\n  react: ^18\n"), ['apps/*', 'libs/**', '!**/test/**']);
    assert.deepEqual(pnpmPackages("packages: ['a/*', 'b']\n"), ['a/*', 'b']);
  });
});

describe('analysis: a project nested in a repository gets the same verdicts from the repository root', function () {
  this.timeout(60_000);
  const DEMO = join(__dirname, '../../../examples/demo-service');
  let repo: string;
  before(() => {
    // A repository with a service under examples/ (its own package.json and tsconfig `paths`) and a tool
    // under scripts/ (its own package.json): the demo service, and a release tool that starts a server.
    repo = mkdtempSync(join(tmpdir(), 'coach-nested-'));
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'library', private: true }));
    cpSync(DEMO, join(repo, 'examples', 'demo-service'), { recursive: true });
    // The same package under apps/ is a service: the control that the tool's files do trip those rules.
    for (const pkg of [join(repo, 'scripts', 'release'), join(repo, 'apps', 'release')]) {
      cpSync(join(DEMO, 'src', 'server.ts'), join(pkg, 'src', 'server.ts'));
      cpSync(join(DEMO, 'src', 'services', 'session-service.ts'), join(pkg, 'src', 'session-service.ts'));
      writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'release-tool', private: true }));
    }
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  /** `file:line rule` of every finding under `dir`, when the analysis starts in `start`. */
  async function findingsUnder(start: string, dir: string): Promise<string[]> {
    const { results } = await scanFiles(createAnalyzer(start, DEFAULT_CONFIG), listSourceFiles(start).files);
    return results.filter((r) => r.file.startsWith(dir)).flatMap((r) => r.findings.map((f) => `${r.file.slice(dir.length + 1)}:${f.range.start.line + 1} ${f.rule}`)).sort();
  }

  it('the service under examples/ is analysed as the service it is: every demo finding from both places', async () => {
    const service = join(repo, 'examples', 'demo-service');
    const inside = await findingsUnder(service, service);
    assert.equal(new Set(inside.map((f) => f.split(' ')[1])).size, 10, `one finding per demo rule at least:\n${inside.join('\n')}`);
    assert.deepEqual(await findingsUnder(repo, service), inside);
  });

  it('a package kept under scripts/ is a tool: no server rules from either place', async () => {
    const tool = join(repo, 'scripts', 'release');
    const runtimeOnly = (fs: string[]) => fs.filter((f) => /no-graceful-shutdown|jwt-without-expiry/.test(f)).map((f) => f.split(' ')[1]).sort();
    const app = join(repo, 'apps', 'release');
    assert.deepEqual(runtimeOnly(await findingsUnder(app, app)), ['jwt-without-expiry', 'no-graceful-shutdown']);
    assert.deepEqual(runtimeOnly(await findingsUnder(repo, tool)), []);
    assert.deepEqual(runtimeOnly(await findingsUnder(tool, tool)), []);
  });
});
