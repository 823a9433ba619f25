// Writes content/roadmap.schema.json from the zod schema (src/core/content/schema.ts), so the manifest
// gets completion and validation in VS Code through `contributes.jsonValidation`.
// A unit test fails when the committed file is out of date.
import * as esbuild from 'esbuild';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const out = await esbuild.build({ entryPoints: ['src/core/content/schema.ts'], bundle: true, platform: 'node', format: 'cjs', write: false });
const mod = { exports: {} };
new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
const schema = { ...mod.exports.roadmapJsonSchema(), title: 'Backend Roadmap Coach: roadmap manifest' };
writeFileSync('content/roadmap.schema.json', JSON.stringify(schema, null, 2) + '\n');
console.log('wrote content/roadmap.schema.json');
