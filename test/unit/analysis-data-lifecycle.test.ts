/**
 * n-plus-one and no-graceful-shutdown (issue #15): message shape, quick fixes, and the editor's
 * incremental re-analysis when a SIGTERM handler is added or removed inside a function body.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { RuleId } from '../../src/core/analysis/rules';
import { analyzeIn, applyFix, check, fixNamed, workspace } from '../fixtures/analysis/helpers';

const FIXTURES = join(__dirname, '../../../test/fixtures/analysis');

function fixtureFiles(rule: string): Record<string, string> {
  const dir = join(FIXTURES, rule);
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  return Object.fromEntries(walk(dir).map((f) => [relative(dir, f).split(sep).join('/'), readFileSync(f, 'utf8')]));
}

const only = (rule: RuleId) => ({ rules: [rule] });

describe('analysis: n-plus-one and no-graceful-shutdown', () => {
  for (const rule of ['n-plus-one', 'no-graceful-shutdown'] as const) {
    it(`${rule}: every message opens with one sentence under 90 characters that says the point`, () => {
      const files = fixtureFiles(rule);
      const analyzer = workspace(files);
      let seen = 0;
      for (const path of Object.keys(files)) {
        for (const f of analyzeIn(analyzer, path, files[path]!).filter((x) => x.rule === rule)) {
          seen++;
          const end = f.message.search(/[.!?](\s|$)/);
          assert.ok(end > 20, `${path}: no first sentence in: ${f.message}`);
          const sentence = f.message.slice(0, end + 1);
          assert.ok(sentence.length < 90, `${path}: first sentence is ${sentence.length} characters: ${sentence}`);
          assert.ok(f.message.length > sentence.length + 40, `${path}: the detail after the first sentence is missing: ${f.message}`);
        }
      }
      assert.ok(seen >= 8, `${rule}: ${seen} findings in the fixtures`);
    });
  }

  it('n-plus-one names the loop, the call and a fix for the library in use, and offers no quick fix', () => {
    const [f] = check({
      'src/services/a.service.ts': `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  const posts = await prisma.post.findMany();
  for (const p of posts) await prisma.user.findUnique({ where: { id: p.authorId } }); // expect: n-plus-one
}
`,
    }, undefined, { rules: ['n-plus-one'] });
    assert.match(f!.message, /^`findUnique` per row of `posts`: N\+1 sequential queries\./);
    assert.match(f!.message, /include/);
    assert.deepEqual(f!.fixes.map((x) => x.title), ['Ignore n-plus-one on this line', 'Ignore n-plus-one in this file']);
  });

  it('n-plus-one: an ignore comment silences it', () => {
    check({
      'src/services/a.service.ts': `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  const posts = await prisma.post.findMany();
  for (const p of posts) {
    // roadmap-coach-ignore-next-line n-plus-one -- ten rows at most, by contract
    await prisma.user.findUnique({ where: { id: p.authorId } });
  }
}
`,
    });
  });

  it('no-graceful-shutdown: the NestJS fix calls enableShutdownHooks() before listen, and silences the rule', () => {
    const text = `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(3000); // expect: no-graceful-shutdown
}
bootstrap();
`;
    const [f] = check({ 'src/main.ts': text }, undefined, only('no-graceful-shutdown'));
    const fixed = applyFix(text, fixNamed(f!, /enableShutdownHooks/));
    assert.match(fixed, /\n {2}app\.enableShutdownHooks\(\);\n {2}await app\.listen\(3000\);/);
    check({ 'src/main.ts': fixed.replace(' // expect: no-graceful-shutdown', '') }, undefined, only('no-graceful-shutdown'));
  });

  it('no-graceful-shutdown: the Express fix keeps the server handle and closes it on SIGTERM', () => {
    const text = `import express from 'express';
const app = express();
app.listen(3000); // expect: no-graceful-shutdown
`;
    const [f] = check({ 'src/server.ts': text }, undefined, only('no-graceful-shutdown'));
    const fixed = applyFix(text, fixNamed(f!, /Close the server on SIGTERM/));
    assert.equal(fixed, `import express from 'express';
const app = express();
const server = app.listen(3000); // expect: no-graceful-shutdown

process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
});
`);
    check({ 'src/server.ts': fixed.replace(' // expect: no-graceful-shutdown', '') }, undefined, only('no-graceful-shutdown'));
  });

  it('no-graceful-shutdown: the Fastify fix awaits app.close(); no fix when the server handle is out of reach', () => {
    const text = `import Fastify from 'fastify';
const app = Fastify();
await app.listen({ port: 3000 }); // expect: no-graceful-shutdown
`;
    const [f] = check({ 'src/index.ts': text }, undefined, only('no-graceful-shutdown'));
    assert.match(applyFix(text, fixNamed(f!, /SIGTERM/)), /process\.once\('SIGTERM', \(\) => \{\n {2}app\.close\(\)\.then\(/);
    const [g] = check({ 'src/index.ts': `import http from 'node:http';\nhttp.createServer((_q, s) => s.end()).listen(process.env.PORT); // expect: no-graceful-shutdown\n` }, undefined, only('no-graceful-shutdown'));
    assert.equal(g!.fixes.filter((x) => !/^Ignore/.test(x.title)).length, 0);
  });

  it('no-graceful-shutdown: adding or removing a SIGTERM handler inside a function body re-analyses the whole file', () => {
    const path = 'src/server.ts';
    const base = `import express from 'express';
const app = express();
async function main() {
  const server = app.listen(3000);
  await warmUp();
  return server;
}
async function warmUp() {
  await Promise.resolve();
}
void main();
`;
    const editor = workspace({});
    const count = (text: string) => analyzeIn(editor, path, text).filter((f) => f.rule === 'no-graceful-shutdown').length;
    assert.equal(count(base), 1);
    const handled = base.replace('  await Promise.resolve();\n', "  await Promise.resolve();\n  process.once('SIGTERM', () => process.exitCode = 0);\n");
    assert.equal(count(handled), 0, 'a SIGTERM handler typed into another function body clears the finding');
    const full = editor.stats.full;
    assert.equal(count(base), 1, 'deleting it brings the finding back');
    assert.equal(editor.stats.full, full + 1, 'through a whole-file analysis');
    const typed = base.replace('  await Promise.resolve();\n', '  await Promise.resolve();\n  const t = 1;\n');
    assert.equal(count(typed), 1);
    assert.ok(editor.stats.partial >= 1, 'other edits inside a body are still analysed incrementally');
  });
});
