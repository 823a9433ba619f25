import assert from 'node:assert/strict';
import { analyzeIn, applyFix, check, fixNamed, lineOf, workspace } from '../fixtures/analysis/helpers';
import type { Finding } from '../../src/core/analysis/types';

const firstSentence = (f: Finding) => /^.*?[.!?](?=\s|$)/.exec(f.message)![0];

describe('analysis: blocking-call-in-request', () => {
  const only = { rules: ['blocking-call-in-request' as const] };

  it('in an async handler the fix awaits fs.promises, with parentheses where a member follows, and the finding goes away', () => {
    const path = 'src/routes/files.ts';
    const text = `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/a', async (req, res) => {
  const a = fs.readFileSync('a.json', 'utf8'); // expect: blocking-call-in-request
  const b = fs.readFileSync('b.txt').toString(); // expect: blocking-call-in-request
  res.send(a + b);
});
`;
    const [a, b] = check({ [path]: text }, path, only);
    const fa = fixNamed(a!, /fs\.promises\.readFile/);
    assert.equal(fa.preferred, true);
    const once = applyFix(text, fa);
    assert.equal(lineOf(once, 5), "  const a = await fs.promises.readFile('a.json', 'utf8');");
    const twice = applyFix(once, fixNamed(b!, /fs\.promises\.readFile/));
    assert.equal(lineOf(twice, 6), "  const b = (await fs.promises.readFile('b.txt')).toString();");
    assert.deepEqual(analyzeIn(workspace({ [path]: twice }), path, twice).filter((f) => f.rule === 'blocking-call-in-request'), []);
  });

  it('no fix in a function that is not async, for a named import, or for an API without a promise twin', () => {
    const path = 'src/routes/nofix.ts';
    const text = `import express from 'express';
import fs, { readFileSync } from 'node:fs';
const app = express();
app.get('/a', (req, res) => res.send(fs.readFileSync('a'))); // expect: blocking-call-in-request
app.get('/b', async (req, res) => res.send(readFileSync('b'))); // expect: blocking-call-in-request
app.get('/c', async (req, res) => res.send(fs.existsSync('c'))); // expect: blocking-call-in-request
`;
    for (const f of check({ [path]: text }, path, only)) {
      assert.deepEqual(f.fixes.map((x) => x.title).filter((t) => !t.startsWith('Ignore')), [], f.message);
    }
  });

  it('says the point in a first sentence under 90 characters and links the event-loop lesson', () => {
    const path = 'src/services/crypto.service.ts';
    const text = `import { Injectable } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { brotliCompressSync } from 'node:zlib';
import { generateKeyPairSync } from 'node:crypto';
@Injectable()
export class CryptoService {
  keys() { return generateKeyPairSync('rsa', { modulusLength: 4096 }); } // expect: blocking-call-in-request
  zip(b: Buffer) { return brotliCompressSync(b); } // expect: blocking-call-in-request
  git() { return execFileSync('git', ['log']); } // expect: blocking-call-in-request
}
`;
    for (const f of check({ [path]: text }, path, only)) {
      assert.ok(firstSentence(f).length < 90, firstSentence(f));
      assert.deepEqual(f.lesson, { phaseId: 'node-runtime', topicId: 'event-loop' });
    }
  });

  it('honours ignore comments and the off setting', () => {
    const path = 'src/routes/ignored.ts';
    const text = `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/a', (req, res) => {
  // roadmap-coach-ignore-next-line blocking-call-in-request -- a 200-byte file, cached by the OS
  res.send(fs.readFileSync('a'));
});
`;
    check({ [path]: text }, path, only);
    const loud = text.replace(/^ *\/\/ roadmap-coach-ignore.*\n/m, '');
    assert.equal(analyzeIn(workspace({ [path]: loud }), path, loud).filter((f) => f.rule === 'blocking-call-in-request').length, 1);
    assert.equal(analyzeIn(workspace({ [path]: loud }, { config: { rules: { 'blocking-call-in-request': 'off' } } }), path, loud).filter((f) => f.rule === 'blocking-call-in-request').length, 0);
  });
  it('re-analysing one edited function body gives the findings of a fresh analysis', () => {
    const path = 'src/services/files.service.ts';
    const text = `import { Injectable } from '@nestjs/common';
import fs from 'node:fs';
@Injectable()
export class FilesService {
  private cache?: string;
  constructor() { fs.mkdirSync('/tmp/files', { recursive: true }); }
  async list() { return fs.readdirSync('/tmp/files'); }
  load() { this.cache ??= fs.readFileSync('/tmp/files/index', 'utf8'); return this.cache; }
}
`;
    const analyzer = workspace({ [path]: text });
    analyzeIn(analyzer, path, text);
    const edited = text.replace("return fs.readdirSync('/tmp/files');", "const names = fs.readdirSync('/tmp/files'); fs.statSync('/tmp/files'); return names;");
    const partial = analyzeIn(analyzer, path, edited).filter((f) => f.rule === 'blocking-call-in-request');
    assert.equal(analyzer.stats.partial, 1, 'the edit re-analysed one function body');
    const fresh = analyzeIn(workspace({ [path]: edited }), path, edited).filter((f) => f.rule === 'blocking-call-in-request');
    const key = (fs: Finding[]) => fs.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.message}`).sort();
    assert.deepEqual(key(partial), key(fresh));
    assert.equal(fresh.length, 2);
  });
});

describe('analysis: jwt-without-expiry', () => {
  const only = { rules: ['jwt-without-expiry' as const] };

  it('the fix adds expiresIn as a new options argument or a property, is not preferred, and the finding goes away', () => {
    const path = 'src/auth/tokens.ts';
    const text = `import jwt from 'jsonwebtoken';
export function a(id: string) {
  return jwt.sign({ sub: id }, process.env.SECRET!); // expect: jwt-without-expiry
}
export function b(id: string) {
  return jwt.sign({ sub: id }, process.env.SECRET!, { audience: 'api' }); // expect: jwt-without-expiry
}
`;
    const [a, b] = check({ [path]: text }, path, only);
    const fa = fixNamed(a!, /expiresIn/);
    assert.equal(fa.preferred, false);
    const once = applyFix(text, fa);
    assert.equal(lineOf(once, 3), "  return jwt.sign({ sub: id }, process.env.SECRET!, { expiresIn: '15m' });");
    const twice = applyFix(once, fixNamed(b!, /expiresIn/));
    assert.equal(lineOf(twice, 6), "  return jwt.sign({ sub: id }, process.env.SECRET!, { audience: 'api', expiresIn: '15m' });");
    assert.deepEqual(analyzeIn(workspace({ [path]: twice }), path, twice).filter((f) => f.rule === 'jwt-without-expiry'), []);
  });

  it('adds setExpirationTime to a jose chain; no fix for options in a constant, a secret or a verify', () => {
    const path = 'src/auth/jose.ts';
    const text = `import { SignJWT } from 'jose';
import { sign, verify } from 'jsonwebtoken';
const OPTS = { issuer: 'me' };
export async function a(id: string, key: Uint8Array) {
  return new SignJWT({ sub: id }).setProtectedHeader({ alg: 'HS256' }).sign(key); // expect: jwt-without-expiry
}
export function b(id: string, t: string) {
  verify(t, process.env.SECRET!); // expect: jwt-without-expiry
  return sign({ sub: id }, 'hunter2', OPTS); // expect: jwt-without-expiry, jwt-without-expiry
}
`;
    const found = check({ [path]: text }, path, only);
    const jose = fixNamed(found[0]!, /setExpirationTime/);
    const fixed = applyFix(text, jose);
    assert.equal(lineOf(fixed, 5), "  return new SignJWT({ sub: id }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('15m').sign(key);");
    for (const f of found.slice(1)) assert.deepEqual(f.fixes.map((x) => x.title).filter((t) => !t.startsWith('Ignore')), [], f.message);
    for (const f of found) {
      assert.ok(firstSentence(f).length < 90, firstSentence(f));
      assert.deepEqual(f.lesson, { phaseId: 'security', topicId: 'authn' });
    }
  });

  it('a secret constant is reported where each call uses it, with the line of the literal; an edit inside one body re-analyses without duplicates', () => {
    const path = 'src/auth/shared.ts';
    const text = `import jwt from 'jsonwebtoken';
const SECRET = process.env.JWT_SECRET ?? 'dev-secret';
export function issue(id: string) {
  return jwt.sign({ sub: id }, SECRET, { expiresIn: '5m' }); // expect: jwt-without-expiry
}
export function check(t: string) {
  return jwt.verify(t, SECRET, { algorithms: ['HS256'] }); // expect: jwt-without-expiry
}
`;
    const [f] = check({ [path]: text }, path, only);
    assert.match(f!.message, /falls back to a literal.*The literal is on line 2\.$/s);
    const analyzer = workspace({ [path]: text });
    const before = analyzeIn(analyzer, path, text).filter((x) => x.rule === 'jwt-without-expiry');
    const edited = text.replace("{ expiresIn: '5m' }", "{ expiresIn: '10m' }");
    const after = analyzeIn(analyzer, path, edited).filter((x) => x.rule === 'jwt-without-expiry');
    assert.equal(analyzer.stats.partial, 1, 'the edit re-analysed one function body');
    assert.deepEqual(after.map((x) => x.range.start.line), before.map((x) => x.range.start.line));
  });
});
