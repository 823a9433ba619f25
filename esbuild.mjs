// One build script for every bundle: the extension (Node, CommonJS, `vscode` external), the CLI,
// the analysis worker, the webview (browser IIFE) and, with --tests, the test files for mocha.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, chmodSync, existsSync, mkdirSync, copyFileSync, cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  sourcesContent: false,
  logLevel: watch ? 'silent' : 'warning',
  plugins: watch ? [problemMatcher] : [],
};

/**
 * The extension host never parses code (the analysis worker does), but it validates settings against the rule
 * registry, whose rule modules import the TypeScript parser. This keeps the 3 MB compiler out of the extension
 * bundle and its start-up: `typescript` resolves to a stand-in whose values are inert and whose functions
 * throw if the host ever tried to parse.
 */
const parserOnlyInTheWorker = {
  name: 'parser-only-in-the-worker',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: 'typescript', namespace: 'no-parser' }));
    build.onLoad({ filter: /.*/, namespace: 'no-parser' }, () => ({
      loader: 'js',
      contents: `const fail = () => { throw new Error('The TypeScript parser runs in the analysis worker, not in the extension host.'); };
module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' ? false : key === 'default' ? module.exports : new Proxy(fail, { get: () => fail })) });`,
    }));
  },
};

/**
 * The CLI and the analysis worker both parse with TypeScript: instead of a copy of the compiler in each bundle
 * (4 MB minified apiece), they share dist/typescript.js, loaded on first use, which halves the npm package.
 */
const sharedParser = {
  name: 'shared-parser',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: './typescript.js', external: true }));
  },
};

const bundles = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [...node.plugins, parserOnlyInTheWorker] },
  // dist/cli.js turns on the compile cache, then requires the CLI bundle dist/cli-main.js.
  { ...node, entryPoints: ['src/cliBin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: ['./cli-main.js'] },
  { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli-main.js', plugins: [...node.plugins, sharedParser] },
  { ...node, entryPoints: ['src/core/analysis/worker.ts'], outfile: 'dist/analysis-worker.js', plugins: [...node.plugins, sharedParser] },
  { ...node, entryPoints: ['typescript'], outfile: 'dist/typescript.js', sourcemap: false },
  { ...node, format: 'esm', entryPoints: ['src/core/exercises/reporter.ts'], outfile: 'dist/test-reporter.mjs' },
  {
    ...node,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
  },
];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' || name.startsWith('.') ? [] : walk(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

async function main() {
  if (tests) {
    // Each test file (and benchmark) becomes its own bundle, so mocha sees one file per suite and
    // ESM-only dependencies such as `marked` load in CommonJS.
    rmSync('out', { recursive: true, force: true });
    await esbuild.build({
      entryPoints: [...walk('test'), ...(existsSync('bench') ? walk('bench') : [])],
      outdir: 'out',
      outbase: '.',
      bundle: true,
      external: ['vscode', 'mocha', 'typescript'],
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      logLevel: 'warning',
    });
    return;
  }
  // The webview loads codicons from dist/ (localResourceRoots), never from node_modules: the watch build needs them too.
  mkdirSync('dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules/@vscode/codicons/dist', f), join('dist/codicons', f));
  // Node's types for the TypeScript exercises (pinned devDependency `exercise-types-node` = @types/node 24,
  // plus the undici-types it imports); Start copies them to <exercises>/.types/node (types-setup.ts).
  const types = resolve('node_modules/exercise-types-node');
  const undici = dirname(createRequire(join(types, 'package.json')).resolve('undici-types/package.json'));
  rmSync('dist/node-types', { recursive: true, force: true });
  cpSync(types, 'dist/node-types/node', { recursive: true, filter: (src) => !src.slice(types.length).includes('node_modules') });
  cpSync(undici, 'dist/node-types/undici-types', { recursive: true });
  if (watch) {
    const contexts = await Promise.all(bundles.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(bundles.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
