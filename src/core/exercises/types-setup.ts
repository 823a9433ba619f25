import { cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertNoLinks } from './safety';

/**
 * Node's type declarations for the exercises, without an npm install: the extension ships a pinned
 * `@types/node` (and the `undici-types` it imports) in `dist/node-types/`, and Start copies them once to
 * `<exercises folder>/.types/node/`. Each exercise's tsconfig has `"typeRoots": ["../.types"]` and
 * `"types": ["node"]`, so the editor resolves `node:test`, `node:assert/strict`… with no false errors.
 */
export interface TypesSetupResult {
  /** `copied` the first time (or after an upgrade), `current` when the same version is already there. */
  kind: 'copied' | 'current' | 'unavailable';
  dir: string;
}

async function versionOf(packageDir: string): Promise<string | undefined> {
  try {
    return (JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Copies `<bundled>/node` (with `<bundled>/undici-types` as its nested dependency) to
 * `<exercisesRoot>/.types/node/` unless the same version is already there. Never touches other folders, and
 * refuses (UnsafePathError) when the exercises folder, `.types` or `.types/node` is a link.
 */
export async function ensureNodeTypes(exercisesRoot: string, bundled: string): Promise<TypesSetupResult> {
  const target = join(exercisesRoot, '.types', 'node');
  const source = join(bundled, 'node');
  const wanted = await versionOf(source);
  if (!wanted) return { kind: 'unavailable', dir: target };
  // Never through a link: a cloned repository could point `.types` anywhere.
  await assertNoLinks(dirname(exercisesRoot), target, 'Start Exercise');
  if ((await versionOf(target)) === wanted && existsSync(join(target, 'index.d.ts'))) return { kind: 'current', dir: target };
  await mkdir(join(exercisesRoot, '.types'), { recursive: true });
  // Build beside the target and swap, so an interrupted copy never leaves half the declarations.
  const temp = `${target}.partial-${process.pid}-${Date.now()}`;
  await cp(source, temp, { recursive: true });
  if (existsSync(join(bundled, 'undici-types'))) await cp(join(bundled, 'undici-types'), join(temp, 'node_modules', 'undici-types'), { recursive: true });
  await rm(target, { recursive: true, force: true });
  await rename(temp, target);
  return { kind: 'copied', dir: target };
}
