import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExerciseManifestSchema, type ExerciseManifest } from './schema';
import { formatZodError } from '../content/schema';
import type { ContentProblem } from '../content/loader';

export interface Exercise extends ExerciseManifest {
  /** Absolute folder of the exercise in the content tree. */
  dir: string;
}

export interface Catalogue {
  exercises: Exercise[];
  problems: ContentProblem[];
}

/** Reads every `content/exercises/<id>/exercise.json`; a broken one is reported and skipped. */
export async function loadCatalogue(contentRoot: string): Promise<Catalogue> {
  const root = join(contentRoot, 'exercises');
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return { exercises: [], problems: [] };
  }
  const exercises: Exercise[] = [];
  const problems: ContentProblem[] = [];
  for (const name of names) {
    const file = `exercises/${name}/exercise.json`;
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(join(root, name, 'exercise.json'), 'utf8'));
    } catch (e) {
      problems.push({ file, message: e instanceof SyntaxError ? `not valid JSON: ${e.message}` : 'file not found or unreadable' });
      continue;
    }
    const parsed = ExerciseManifestSchema.safeParse(raw);
    if (!parsed.success) {
      for (const message of formatZodError(parsed.error)) problems.push({ file, message });
      continue;
    }
    if (parsed.data.id !== name) {
      problems.push({ file, message: `id: "${parsed.data.id}" must equal the folder name "${name}"` });
      continue;
    }
    exercises.push({ ...parsed.data, dir: join(root, name) });
  }
  exercises.sort((a, b) => a.phase - b.phase || a.id.localeCompare(b.id));
  return { exercises, problems };
}
