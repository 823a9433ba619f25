// Side by side on the same generated corpus: our CLI (dist/cli.js lint, every rule) and Biome 2's
// noFloatingPromises (nursery; Biome's own type inference, no tsc), both as users run them. Prints the
// wall-time ratio (medians of interleaved runs) and the floating-promise findings each tool has that
// the other lacks, with a few examples of each. Used by bench/run.mjs (also alone: `--biome`).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const RUNS = 3;
const EXAMPLES = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function timed(cmd, args, cwd) {
  const started = performance.now();
  let out;
  try {
    out = execFileSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    out = e.stdout; // both exit non-zero when they report errors
  }
  return { ms: performance.now() - started, out };
}

/** `relative/path.ts:line` keys of each tool's floating-promise findings. */
function ourKeys(out, workspace) {
  const json = JSON.parse(out);
  return new Set(json.findings.filter((f) => f.rule === 'floating-promise').map((f) => `${relative(workspace, join(workspace, f.file)).split(sep).join('/')}:${f.line}`));
}

function biomeKeys(out) {
  const json = JSON.parse(out);
  return new Set(json.diagnostics.filter((d) => d.category === 'lint/nursery/noFloatingPromises').map((d) => `${d.location.path.split(sep).join('/')}:${d.location.start.line}`));
}

function example(workspace, key) {
  const at = key.lastIndexOf(':');
  const file = key.slice(0, at);
  const line = Number(key.slice(at + 1));
  const text = readFileSync(join(workspace, file), 'utf8').split('\n')[line - 1]?.trim() ?? '';
  return `${key}  ${text.length > 90 ? `${text.slice(0, 87)}…` : text}`;
}

/** Runs both tools on `workspace`; `repo` holds dist/cli.js and node_modules/.bin/biome. */
export function biomeCompare({ repo, workspace }) {
  // In the corpus root: Biome's scanner (the module graph its type inference needs) starts where the config is.
  writeFileSync(join(workspace, 'biome.json'), `${JSON.stringify({
    formatter: { enabled: false },
    assist: { enabled: false },
    javascript: { parser: { unsafeParameterDecoratorsEnabled: true } },
    linter: { enabled: true, rules: { nursery: { noFloatingPromises: 'error' } } },
  }, null, 2)}\n`);
  const biomeBin = join(repo, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
  const cli = join(repo, 'dist', 'cli.js');
  const ours = () => timed(process.execPath, [cli, 'lint', '--format', 'json', '--max-warnings', '1000000'], workspace);
  const biome = () => timed(process.execPath, [biomeBin, 'lint', '--only=nursery/noFloatingPromises', '--reporter=json', '--max-diagnostics=none', '.'], workspace);
  ours(); // warm both (Node's compile cache, the file-system cache)
  biome();
  const oursMs = [];
  const biomeMs = [];
  let o;
  let b;
  for (let i = 0; i < RUNS; i++) {
    o = ours();
    oursMs.push(o.ms);
    b = biome();
    biomeMs.push(b.ms);
  }
  const ourSet = ourKeys(o.out, workspace);
  const biomeSet = biomeKeys(b.out);
  const onlyOurs = [...ourSet].filter((k) => !biomeSet.has(k)).sort();
  const onlyBiome = [...biomeSet].filter((k) => !ourSet.has(k)).sort();
  return {
    oursMs: round(median(oursMs)),
    biomeMs: round(median(biomeMs)),
    ratio: round(median(biomeMs) / median(oursMs), 2),
    ours: ourSet.size,
    biome: biomeSet.size,
    both: ourSet.size - onlyOurs.length,
    onlyOurs: onlyOurs.length,
    onlyBiome: onlyBiome.length,
    onlyOursExamples: onlyOurs.slice(0, EXAMPLES).map((k) => example(workspace, k)),
    onlyBiomeExamples: onlyBiome.slice(0, EXAMPLES).map((k) => example(workspace, k)),
  };
}

export function printBiome(r) {
  console.log([
    '',
    '| Biome 2 comparison (same corpus, wall time, median of 3) | Result |',
    '| --- | --- |',
    `| roadmap-coach lint (all rules) | ${r.oursMs} ms, ${r.ours} floating-promise findings |`,
    `| biome lint --only=nursery/noFloatingPromises | ${r.biomeMs} ms, ${r.biome} findings |`,
    `| Biome time / ours | ${r.ratio}× |`,
    `| Found by both; only by us; only by Biome | ${r.both}; ${r.onlyOurs}; ${r.onlyBiome} |`,
  ].join('\n'));
  if (r.onlyOursExamples.length) console.log(`\nOnly roadmap-coach (first ${r.onlyOursExamples.length}):\n${r.onlyOursExamples.map((x) => `  ${x}`).join('\n')}`);
  if (r.onlyBiomeExamples.length) console.log(`\nOnly Biome (first ${r.onlyBiomeExamples.length}):\n${r.onlyBiomeExamples.map((x) => `  ${x}`).join('\n')}`);
}
