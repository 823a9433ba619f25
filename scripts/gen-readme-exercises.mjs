// Writes the README's exercise list (between the `exercises:start` and `exercises:end` markers) from the
// exercise manifests and the roadmap, so adding an exercise never means editing the README by hand.
// `--check` only reports drift (exit 1); a unit test (test/unit/readme-exercises.test.ts) runs the same check.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- exercises:start (npm run gen:readme) -->';
const END = '<!-- exercises:end -->';

/** The markdown table of every exercise, by phase. */
export function exerciseTable(contentDir = join(root, 'content')) {
  const roadmap = JSON.parse(readFileSync(join(contentDir, 'roadmap.json'), 'utf8'));
  const phaseTitle = new Map(roadmap.phases.map((p) => [p.number, p.title]));
  const rows = readdirSync(join(contentDir, 'exercises'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => JSON.parse(readFileSync(join(contentDir, 'exercises', d.name, 'exercise.json'), 'utf8')))
    .sort((a, b) => a.phase - b.phase || a.id.localeCompare(b.id));
  const cell = (s) => String(s).replace(/\|/g, '\\|');
  return [
    '| Phase | Exercise | Minutes | Needs from npm |',
    '| --- | --- | --- | --- |',
    ...rows.map((e) => `| ${e.phase} · ${cell(phaseTitle.get(e.phase) ?? '')} | **${cell(e.title)}** (\`${e.id}\`) | ${e.minutes} | ${Object.keys(e.packages ?? {}).map((p) => `\`${p}\``).join(', ') || '—'} |`),
  ].join('\n');
}

/** The README with its exercise list brought up to date. */
export function withExerciseTable(readme, table = exerciseTable()) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = join(root, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const next = withExerciseTable(readme);
  if (next === readme) console.log('README.md exercise list is up to date');
  else if (process.argv.includes('--check')) {
    console.error('README.md exercise list differs from content/exercises: run npm run gen:readme');
    process.exitCode = 1;
  } else {
    writeFileSync(file, next);
    console.log('wrote the README.md exercise list');
  }
}
