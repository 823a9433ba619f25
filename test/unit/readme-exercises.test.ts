import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

describe('README exercise list', () => {
  it('lists every exercise of content/exercises with its phase (npm run gen:readme)', async () => {
    const gen = (await import(join(ROOT, 'scripts', 'gen-readme-exercises.mjs'))) as { exerciseTable(): string; withExerciseTable(readme: string): string };
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.equal(gen.withExerciseTable(readme), readme, 'README.md drifted from content/exercises: run npm run gen:readme');
    const ids = [...gen.exerciseTable().matchAll(/\(`([a-z0-9-]+)`\)/g)].map((m) => m[1]);
    assert.ok(ids.length >= 30, `${ids.length} exercises listed`);
    for (const id of ids) assert.ok(readme.includes(`(\`${id}\`)`), id);
  });
});
