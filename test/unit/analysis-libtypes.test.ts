/**
 * Library types without a type checker: promise results declared in the dependencies' .d.ts files
 * (test/fixtures/libtypes/app/node_modules holds small self-written stand-ins), the limits on what
 * is read, and the same workspace without node_modules (today's heuristics, nothing breaks).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalyzer, scanFiles } from '../../src/core/analysis/scan';
import { LIBRARY_LIMITS, splitSpecifier, typesCondition } from '../../src/core/analysis/libtypes';
import { DEFAULT_CONFIG, type FileResult } from '../../src/core/analysis/types';
import { expectations } from '../fixtures/analysis/helpers';

const APP = join(__dirname, '../../../test/fixtures/libtypes/app');
const RULES = new Set(['floating-promise', 'misused-promise']);

async function scan(root: string): Promise<FileResult[]> {
  const files = readdirSync(join(root, 'src')).map((f) => join(root, 'src', f));
  const { results } = await scanFiles(createAnalyzer(root, DEFAULT_CONFIG), files);
  return results;
}

const lines = (r: FileResult) => r.findings.filter((f) => RULES.has(f.rule)).map((f) => `${f.range.start.line + 1}:${f.rule}`).sort();

describe('analysis: library types from .d.ts files', function () {
  this.timeout(60_000);
  const tmp: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'coach-libtypes-'));
    tmp.push(d);
    return d;
  };
  after(() => {
    for (const d of tmp) rmSync(d, { recursive: true, force: true });
  });

  it('knows promise results declared by dependencies (Fastify, NestJS, a migration runner, a pub/sub, @types, thenables)', async () => {
    const results = await scan(APP);
    assert.equal(results.length, readdirSync(join(APP, 'src')).length);
    for (const r of results) {
      assert.equal(r.skipped, undefined, `${r.file}: ${r.skipped}`);
      const expected = expectations(readFileSync(r.file, 'utf8')).filter((e) => RULES.has(e.rule)).map((e) => `${e.line}:${e.rule}`).sort();
      assert.deepEqual(lines(r), expected, `${r.file}:\n${r.findings.map((f) => `  ${f.range.start.line + 1} ${f.rule} ${f.message}`).join('\n')}`);
    }
  });

  it('without node_modules keeps working on heuristics alone (and a broken tsconfig changes nothing)', async () => {
    const dir = tempDir();
    cpSync(join(APP, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(APP, 'package.json'), join(dir, 'package.json'));
    cpSync(join(APP, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    const results = await scan(dir);
    const byName = new Map(results.map((r) => [r.file.slice(dir.length + 5), r]));
    for (const r of results) assert.equal(r.skipped, undefined);
    // Nothing the declarations alone told is reported…
    for (const name of ['main.ts', 'migrate.ts', 'resolvers.ts', 'server.ts']) assert.deepEqual(lines(byName.get(name)!), [], name);
    // …and the async listener of an unknown bus is a misused promise again (nothing says the bus awaits it).
    assert.deepEqual(lines(byName.get('bus.ts')!), ['10:misused-promise']);
  });

  it('reads at most LIBRARY_LIMITS.files declaration files of one package', async () => {
    const dir = tempDir();
    const pkg = join(dir, 'node_modules', 'deep-chain');
    mkdirSync(pkg, { recursive: true });
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'deep-chain', version: '1.0.0', types: 'f0.d.ts' }));
    const write = (n: number, last: number) => {
      for (let i = 0; i < last; i++) writeFileSync(join(pkg, `f${i}.d.ts`), `export * from './f${i + 1}';\n`);
      writeFileSync(join(pkg, `f${last}.d.ts`), `export declare function deep${n}(): Promise<void>;\n`);
    };
    write(1, 3); // within the limit
    writeFileSync(join(dir, 'src', 'use.ts'), "import { deep1 } from 'deep-chain';\n\ndeep1();\n");
    assert.deepEqual(lines((await scan(dir))[0]!), ['3:floating-promise']);
    write(2, LIBRARY_LIMITS.files + 5); // past it: unknown, as without node_modules
    writeFileSync(join(dir, 'src', 'use.ts'), "import { deep2 } from 'deep-chain';\n\ndeep2();\n");
    assert.deepEqual(lines((await scan(dir))[0]!), []);
  });

  it('misused-promise: async Express 4 handlers without a wrapper (version from the package.json range)', async () => {
    const root = join(APP, '..', 'express4');
    const [r] = await scan(root);
    const expected = expectations(readFileSync(r!.file, 'utf8')).map((e) => `${e.line}:${e.rule}`).sort();
    assert.equal(expected.length, 2);
    assert.deepEqual(lines(r!), expected);
  });

  it('misused-promise: no finding on Express 5, which forwards rejections (version from node_modules)', async () => {
    const [r] = await scan(join(APP, '..', 'express5'));
    assert.deepEqual(lines(r!), []);
  });

  it('misused-promise: no Express 4 finding when express-async-errors is a dependency', async () => {
    const dir = tempDir();
    cpSync(join(APP, '..', 'express4', 'src'), join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { express: '4.21.2', 'express-async-errors': '^3.1.1' } }));
    assert.deepEqual(lines((await scan(dir))[0]!), []);
  });

  it('finds the types entry of a package.json', () => {
    assert.equal(typesCondition({ import: { types: './esm/index.d.mts', default: './esm/index.mjs' }, require: { types: './cjs/index.d.cts' } }), './esm/index.d.mts');
    assert.equal(typesCondition(['./index.d.ts']), './index.d.ts');
    assert.equal(typesCondition('./index.js'), undefined);
    assert.deepEqual(splitSpecifier('@nestjs/common/decorators'), ['@nestjs/common', './decorators']);
    assert.deepEqual(splitSpecifier('fastify'), ['fastify', '.']);
    assert.equal(splitSpecifier('./local'), undefined);
  });
});
