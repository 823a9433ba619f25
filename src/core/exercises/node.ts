import { spawnSync } from 'node:child_process';

/**
 * Exercises are TypeScript files that Node runs directly by stripping the types (no build, no install).
 * Node 22.18+ and 23.6+ do that by default; 22.6–22.17 and 23.0–23.5 need `--experimental-strip-types`;
 * anything older cannot run a `.ts` file at all.
 */
export interface NodeInfo {
  ok: boolean;
  /** The executable that was tried. */
  node: string;
  /** `v24.1.0`, when Node answered. */
  version?: string;
  /** Flags to put before `--test` (the type-stripping flag on Node versions that need it). */
  args: string[];
  /** Why this Node cannot run the exercises, and what to install instead. */
  message?: string;
}

export const STRIP_TYPES_FLAG = '--experimental-strip-types';
const INSTALL = 'Install Node.js 24 (LTS) from https://nodejs.org (or 22.18 or newer), or point the setting "roadmapCoach.exercises.nodePath" at one.';

/** What a given `node --version` can do with `.ts` files: run them as is, with the flag, or not at all. */
export function typeStripping(version: string): 'native' | 'flag' | 'none' {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return 'none';
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major >= 24) return 'native';
  if (major === 23) return minor >= 6 ? 'native' : 'flag';
  if (major === 22) return minor >= 18 ? 'native' : minor >= 6 ? 'flag' : 'none';
  return 'none';
}

/** Asks `node --version` and decides whether (and with which flags) it can check the TypeScript exercises. */
export function findNode(node = 'node'): NodeInfo {
  const r = spawnSync(node, ['--version'], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.error || r.status !== 0) {
    return { ok: false, node, args: [], message: `Node.js was not found (tried "${node}"). The exercises are TypeScript files that Node runs directly. ${INSTALL}` };
  }
  const version = r.stdout.trim();
  switch (typeStripping(version)) {
    case 'native':
      return { ok: true, node, version, args: [] };
    case 'flag':
      return { ok: true, node, version, args: [STRIP_TYPES_FLAG] };
    case 'none':
      return { ok: false, node, version, args: [], message: `"${node}" is Node.js ${version}, which cannot run TypeScript files. The exercises need Node.js 22.6 or newer (22.18+ or 24 run them as is). ${INSTALL}` };
  }
}
