import assert from 'node:assert/strict';
import { analyzeIn, applyFix, check, fixNamed, lineOf, workspace } from '../fixtures/analysis/helpers';

const only = { rules: ['missing-timeout' as const] };
const at = (path: string, text: string, config?: object) => check({ [path]: text }, path, { ...only, ...(config ? { config } : {}) });

describe('analysis: missing-timeout', () => {
  describe('fetch', () => {
    it('flags global fetch and node-fetch without a signal; a signal or AbortSignal.timeout is fine', () => {
      at('src/clients/a.ts', `import nodeFetch from 'node-fetch';
export async function go(url: string) {
  await fetch(url); // expect: missing-timeout@9
  await fetch(url, { method: 'POST' }); // expect: missing-timeout
  await globalThis.fetch(url); // expect: missing-timeout
  await nodeFetch(url); // expect: missing-timeout
  await fetch(url, { signal: AbortSignal.timeout(1000) });
  const controller = new AbortController();
  await fetch(url, { signal: controller.signal });
  await nodeFetch(url, { timeout: 5000 });
  await fetch(url, { signal: undefined }); // expect: missing-timeout
}
`);
    });

    it("a project's own wrapper named fetch, a shadowing parameter, options from a variable or spread are not flagged", () => {
      check({
        'src/lib/http.ts': 'export async function fetch(url: string) { return url; }\n',
        'src/clients/b.ts': `import { fetch } from '../lib/http';
export async function go(url: string, init: RequestInit, extra: RequestInit) {
  await fetch(url);
  const inner = async (fetch: (u: string) => Promise<unknown>) => fetch(url);
  void inner;
}
export async function other(url: string, init: RequestInit, extra: RequestInit) {
  await globalThis.fetch(url, init);
  await globalThis.fetch(url, { ...extra });
  await globalThis.fetch(url, { method: 'GET', ...extra });
}
`,
      }, undefined, only);
    });

    it('calls to localhost / 127.0.0.1 are not flagged', () => {
      at('src/clients/c.ts', `export async function go(port: number) {
  await fetch('http://localhost:3000/health');
  await fetch(\`http://127.0.0.1:\${port}/x\`);
  await fetch(new URL('http://localhost/x'));
  await fetch('https://api.example.com/x'); // expect: missing-timeout
}
`);
    });

    it('the fix adds signal: AbortSignal.timeout(<setting>) and the rule no longer fires', () => {
      const text = "export async function go(url: string) {\n  await fetch(url); // expect: missing-timeout\n  await fetch(url, { method: 'POST' }); // expect: missing-timeout\n}\n";
      const [a, b] = at('src/clients/fix.ts', text, { timeoutMs: 2500 });
      const fa = fixNamed(a!, /signal/);
      assert.equal(fa.preferred, true);
      const once = applyFix(text, fa);
      assert.equal(lineOf(once, 2), '  await fetch(url, { signal: AbortSignal.timeout(2500) });');
      const twice = applyFix(once, fixNamed(b!, /signal/));
      assert.equal(lineOf(twice, 3), "  await fetch(url, { signal: AbortSignal.timeout(2500), method: 'POST' });");
      assert.deepEqual(analyzeIn(workspace({}), 'src/clients/fix.ts', twice).filter((f) => f.rule === 'missing-timeout'), []);
    });
  });

  describe('axios', () => {
    it('flags calls without a positive timeout or a signal (timeout: 0 means none)', () => {
      at('src/clients/ax.ts', `import axios from 'axios';
export async function go(url: string, cfg: object) {
  await axios.get(url); // expect: missing-timeout
  await axios.post(url, { a: 1 }); // expect: missing-timeout
  await axios.post(url, { a: 1 }, { headers: {} }); // expect: missing-timeout
  await axios({ url, method: 'get' }); // expect: missing-timeout
  await axios('https://api.example.com/x'); // expect: missing-timeout
  await axios(url, { method: 'get' }); // expect: missing-timeout
  await axios(cfg);
  await axios.request({ url }); // expect: missing-timeout
  await axios.get(url, { timeout: 0 }); // expect: missing-timeout
  await axios.get(url, { timeout: 5000 });
  await axios.get(url, { signal: AbortSignal.timeout(5000) });
  await axios.post(url, {}, { timeout: 1000 });
  await axios({ url, timeout: 1000 });
  await axios.get(url, cfg);
  await axios.get('http://localhost:8080/x');
  axios.isAxiosError(new Error());
}
`);
    });

    it('instances: created with a timeout → calls fine; created without → reported once, where it is created', () => {
      const findings = check({
        'src/lib/http.ts': "import axios from 'axios';\nexport const api = axios.create({ baseURL: 'https://api', timeout: 5000 });\nexport const bare = axios.create({ baseURL: 'https://b' }); // expect: missing-timeout\n",
        'src/clients/use.ts': `import { api, bare } from '../lib/http';
import axios from 'axios';
const local = axios.create(); // expect: missing-timeout
const zero = axios.create({ timeout: 0 }); // expect: missing-timeout
export async function go() {
  await api.get('/x');
  await bare.get('/x');
  await bare.post('/y', {});
  await local.get('/z');
  await zero.get('/z');
}
`,
      }, undefined, only);
      const fix = fixNamed(findings[0]!, /timeout: 5000/);
      assert.equal(fix.preferred, true);
    });

    it('require("axios") and require("axios").default', () => {
      at('src/clients/cjs.js', "const axios = require('axios');\nconst ax = require('axios').default;\nmodule.exports = async (u) => {\n  await axios.get(u); // expect: missing-timeout\n  await ax.get(u); // expect: missing-timeout\n};\n");
    });

    it('axios.defaults.timeout set in the project covers calls through the default instance', () => {
      check({
        'src/setup.ts': "import axios from 'axios';\naxios.defaults.timeout = 10_000;\n",
        'src/clients/x.ts': "import axios from 'axios';\nexport const go = (u: string) => axios.get(u);\n",
      }, undefined, only);
      at('src/clients/y.ts', "import axios from 'axios';\nexport const api = axios.create({ baseURL: 'https://x' });\napi.defaults.timeout = 2000;\n");
    });

    it('the fix inserts timeout: <setting> into the config object, or adds one', () => {
      const text = "import axios from 'axios';\nexport async function go(u: string) {\n  await axios.get(u); // expect: missing-timeout\n  await axios.get(u, { // expect: missing-timeout\n    headers: {},\n  });\n  await axios.post(u, {}); // expect: missing-timeout\n}\n";
      const [a, b, c] = at('src/clients/fix.ts', text, { timeoutMs: 3000 });
      assert.equal(lineOf(applyFix(text, fixNamed(a!, /timeout/)), 3), '  await axios.get(u, { timeout: 3000 });');
      assert.deepEqual(applyFix(text, fixNamed(b!, /timeout/)).split('\n').slice(3, 6), ['  await axios.get(u, { // expect: missing-timeout', '    timeout: 3000,', '    headers: {},']);
      assert.equal(lineOf(applyFix(text, fixNamed(c!, /timeout/)), 7), '  await axios.post(u, {}, { timeout: 3000 });');
    });
  });

  describe('got, http(s), pg', () => {
    it('flags got without a timeout', () => {
      at('src/clients/g.ts', `import got from 'got';
export async function go(u: string) {
  await got(u); // expect: missing-timeout
  await got.post(u, { json: {} }); // expect: missing-timeout
  await got(u, { timeout: { request: 5000 } });
  const client = got.extend({ prefixUrl: 'https://x' }); // expect: missing-timeout
  const fine = got.extend({ timeout: { request: 1000 } });
  await client.get('a');
  await fine.get('a');
}
`);
    });

    it('flags http(s).request/get without timeout or signal (import * as http from "node:http", named imports, require)', () => {
      at('src/clients/h.ts', `import * as http from 'node:http';
import https from 'https';
import { request } from 'node:https';
const h2 = require('http');
export function go(opts: http.RequestOptions) {
  http.get('http://api.internal/x', (res) => res.resume()); // expect: missing-timeout
  https.request({ hostname: 'api.example.com', path: '/' }); // expect: missing-timeout
  request('https://api.example.com'); // expect: missing-timeout
  h2.request({ host: 'example.com' }); // expect: missing-timeout
  https.request({ hostname: 'api.example.com', timeout: 5000 });
  https.get('https://x', { signal: AbortSignal.timeout(1000) });
  https.request(opts);
  http.get('http://localhost:3000/');
  https.request({ hostname: '127.0.0.1' });
  const req = https.request({ hostname: 'api.example.com' });
  req.setTimeout(5000);
  https.get('https://x').setTimeout(1000);
}
`);
    });

    it('flags pg Pool/Client without statement_timeout or query_timeout', () => {
      at('src/db/pool.ts', `import pg, { Pool, Client } from 'pg';
export const a = new Pool({ connectionString: process.env.DATABASE_URL }); // expect: missing-timeout
export const b = new pg.Client(); // expect: missing-timeout
export const c = new Pool({ statement_timeout: 5000 });
export const d = new Client({ query_timeout: 5000 });
export const e = new Pool({ host: 'localhost' });
export const f = new Pool(config());
export const g = new Pool({ connectionString: 'postgres://u@db/x?options=-c%20statement_timeout%3D5000' });
function config() { return {}; }
`);
    });

    it('the pg fix adds statement_timeout', () => {
      const text = "import { Pool } from 'pg';\nexport const a = new Pool({ max: 5 }); // expect: missing-timeout\nexport const b = new Pool(); // expect: missing-timeout\n";
      const [a, b] = at('src/db/pool.ts', text);
      assert.equal(lineOf(applyFix(text, fixNamed(a!, /statement_timeout/)), 2), 'export const a = new Pool({ statement_timeout: 5000, max: 5 });');
      assert.equal(lineOf(applyFix(text, fixNamed(b!, /statement_timeout/)), 3), 'export const b = new Pool({ statement_timeout: 5000 });');
    });
  });

  describe('where it does not apply', () => {
    it('tests and frontend code', () => {
      check({ 'test/api.test.ts': "import axios from 'axios';\nexport const t = () => axios.get('https://x');\nfetch('https://x');\n" }, undefined, only);
      check({ 'src/components/Users.tsx': "import axios from 'axios';\nexport function Users() { void fetch('/api/users'); void axios.get('/api'); return null; }\n" }, undefined, only);
      check({ 'src/pages/index.ts': "import { useEffect } from 'react';\nuseEffect(() => { void fetch('/api'); });\n" }, undefined, only);
    });

    it('Promise.race with a timer bounds the wait', () => {
      at('src/clients/race.ts', "const timeout = (ms: number) => new Promise((_, r) => setTimeout(r, ms));\nexport const go = (u: string) => Promise.race([fetch(u), timeout(1000)]);\n");
    });
  });
});
