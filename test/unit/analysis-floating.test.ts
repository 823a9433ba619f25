import assert from 'node:assert/strict';
import { analyzeIn, applyFix, check, fixNamed, lineOf, workspace } from '../fixtures/analysis/helpers';

const only = { rules: ['floating-promise' as const] };
const at = (path: string, text: string) => check({ [path]: text }, path, only);
const atMisused = (path: string, text: string) => check({ [path]: text }, path, { rules: ['misused-promise'] });

describe('analysis: floating-promise', () => {
  describe('calls whose promise is dropped', () => {
    it('local async functions, Promise-returning functions and async arrows', () => {
      at('src/jobs/a.ts', `async function save() {}
function load(): Promise<number> { return Promise.resolve(1); }
const send = async () => {};
function sync() { return 1; }
async function* stream() {}
export async function run() {
  save(); // expect: floating-promise@3
  load(); // expect: floating-promise
  send(); // expect: floating-promise
  sync();
  stream();
}
`);
    });

    it('async exports of other files through the index (named, default, namespace, CommonJS, barrels, aliases)', () => {
      check({
        'src/lib/mail.ts': 'export async function sendMail() {}\nexport function format() { return 1; }\nexport default async function notify() {}\n',
        'src/lib/index.ts': "export * from './mail';\nexport { default as notify } from './mail';\n",
        'src/lib/legacy.js': 'async function refresh() {}\nfunction plain() {}\nmodule.exports = { refresh, plain, async purge() {} };\nexports.touch = async () => {};\n',
        'src/jobs/run.ts': `import notifyDefault, { sendMail, format } from '../lib/mail';
import * as mail from '../lib/mail';
import { notify } from '../lib';
import { sendMail as viaAlias } from '@lib/mail';
const legacy = require('../lib/legacy');
const { refresh } = require('../lib/legacy');
export function run() {
  sendMail(); // expect: floating-promise
  format();
  notifyDefault(); // expect: floating-promise
  mail.sendMail(); // expect: floating-promise
  mail.format();
  notify(); // expect: floating-promise
  viaAlias(); // expect: floating-promise
  legacy.refresh(); // expect: floating-promise
  legacy.plain();
  legacy.purge(); // expect: floating-promise
  legacy.touch(); // expect: floating-promise
  refresh(); // expect: floating-promise
}
`,
      }, undefined, { ...only, aliases: [{ pattern: '@lib/*', targets: ['/root/src/lib/*'] }] });
    });

    it('methods of the enclosing class, inherited methods, and exported instances', () => {
      check({
        'src/base.ts': 'export class Base {\n  async flush() {}\n  close() {}\n}\n',
        'src/audit.ts': 'export class Audit {\n  async record(e: string) { void e; }\n}\nexport const audit = new Audit();\n',
        'src/services/x.service.ts': `import { Base } from '../base';
import { audit } from '../audit';
export class X extends Base {
  async load() {}
  helper() { return 1; }
  run() {
    this.load(); // expect: floating-promise
    this.helper();
    this.flush(); // expect: floating-promise
    this.close();
    audit.record('x'); // expect: floating-promise
  }
}
`,
      }, undefined, only);
    });

    it('NestJS constructor injection: this.repo.save() is flagged only when the class declares save async', () => {
      check({
        'src/orders/order.repository.ts': 'export class OrderRepository {\n  async save(o: unknown) { void o; }\n  get(id: string) { return id; }\n  close(): void {}\n}\n',
        'src/orders/sync.repository.ts': 'export class SyncRepository {\n  save(o: unknown) { return o; }\n}\n',
        'src/orders/orders.service.ts': `import { Injectable } from '@nestjs/common';
import { OrderRepository } from './order.repository';
import { SyncRepository } from './sync.repository';
import { Unknown } from 'some-package';
@Injectable()
export class OrdersService {
  private readonly cache: Unknown;
  constructor(private readonly repo: OrderRepository, private readonly sync: SyncRepository, private readonly other: Unknown, private mystery: any) {
    this.cache = other;
  }
  create(o: unknown) {
    this.repo.save(o); // expect: floating-promise
    this.repo.get('1');
    this.repo.close();
    this.sync.save(o);
    this.other.save(o);
    this.cache.save(o);
    this.mystery.save(o);
  }
}
`,
      }, undefined, only);
    });

    it('class fields typed by an interface, and parameters typed by a class', () => {
      check({
        'src/ports.ts': 'export interface Mailer {\n  send(to: string): Promise<void>;\n  preview(to: string): string;\n  push: (x: string) => Promise<void>;\n}\n',
        'src/services/m.ts': `import type { Mailer } from '../ports';
export class Notifier {
  constructor(private readonly mailer: Mailer) {}
  go(m: Mailer) {
    this.mailer.send('a'); // expect: floating-promise
    this.mailer.preview('a');
    m.send('b'); // expect: floating-promise
    m.push('c'); // expect: floating-promise
  }
}
`,
      }, undefined, only);
    });

    it('never matches a method name alone: get, send, delete, save, close on unknown receivers', () => {
      at('src/services/names.ts', `export function f(map: Map<string, number>, res: any, socket: any, form: any, db: any) {
  map.get('a');
  map.delete('a');
  res.send('ok');
  socket.close();
  form.save();
  db.query('x');
}
`);
    });

    it('fetch, fs/promises, fs.promises, timers/promises, events.once, dns/promises', () => {
      at('src/services/io.ts', `import { readFile } from 'node:fs/promises';
import fs from 'fs';
import * as fsp from 'fs/promises';
import { promises as p2 } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { once, EventEmitter } from 'node:events';
import dns from 'node:dns/promises';
export function go(e: EventEmitter) {
  fetch('https://example.com'); // expect: floating-promise
  readFile('a'); // expect: floating-promise
  fs.promises.writeFile('a', 'b'); // expect: floating-promise
  fsp.rm('a'); // expect: floating-promise
  p2.mkdir('a'); // expect: floating-promise
  sleep(10); // expect: floating-promise
  once(e, 'x'); // expect: floating-promise
  dns.lookup('example.com'); // expect: floating-promise
  fs.readFileSync('a');
  fs.writeFile('a', 'b', () => {});
  dns.getServers();
}
`);
    });

    it('well-known promise APIs keyed by their import source: axios, got, pg, ioredis, bullmq, nodemailer, bcrypt', () => {
      at('src/services/apis.ts', `import axios from 'axios';
import got from 'got';
import { Pool } from 'pg';
import Redis from 'ioredis';
import { Queue } from 'bullmq';
import nodemailer from 'nodemailer';
import bcrypt from 'bcrypt';
const pool = new Pool({ statement_timeout: 1000 });
const redis = new Redis();
const queue = new Queue('mail');
const mailer = nodemailer.createTransport({});
export function go() {
  axios.post('https://x', {}, { timeout: 1 }); // expect: floating-promise
  got('https://x', { timeout: { request: 1 } }); // expect: floating-promise
  pool.query('select 1'); // expect: floating-promise
  pool.query('select 1', (err: unknown) => void err);
  redis.set('k', 'v'); // expect: floating-promise
  redis.on('error', () => {});
  queue.add('job', {}); // expect: floating-promise
  mailer.sendMail({}); // expect: floating-promise
  bcrypt.hash('pw', 10); // expect: floating-promise
  bcrypt.hash('pw', 10, () => {});
}
`);
    });

    it('Promise.all / race / allSettled / reject, new Promise, and require()d axios', () => {
      at('src/services/p.js', `const axios = require('axios');
const ax2 = require('axios').default;
async function go(items) {
  Promise.all(items.map((i) => i)); // expect: floating-promise
  Promise.race([]); // expect: floating-promise
  Promise.allSettled([]); // expect: floating-promise
  Promise.reject(new Error('x')); // expect: floating-promise
  new Promise((resolve) => setTimeout(resolve, 10)); // expect: floating-promise
  axios.get('https://x', { timeout: 1 }); // expect: floating-promise
  ax2.get('https://x', { timeout: 1 }); // expect: floating-promise
}
module.exports = { go };
`);
    });

    it('.then() without a rejection handler, .finally(), and the handled forms', () => {
      at('src/services/t.ts', `async function job(): Promise<number> { return 1; }
const log = (e: unknown) => void e;
export function go() {
  job().then((n) => n + 1); // expect: floating-promise
  job().finally(() => {}); // expect: floating-promise
  job().catch(); // expect: floating-promise
  job().then((n) => n, undefined); // expect: floating-promise
  job().catch(log).then(() => 1); // expect: floating-promise
  job().catch(log);
  job().then((n) => n, log);
  job().catch(log).finally(() => {});
  job().then(undefined, log);
}
`);
    });

    it('conditional, logical and comma expressions drop their operands', () => {
      at('src/services/c.ts', `async function a() {}
export function go(flag: boolean) {
  flag && a(); // expect: floating-promise
  flag ? a() : undefined; // expect: floating-promise
  (a(), 1); // expect: floating-promise
}
`);
    });

    it('items.map(async …) as a statement', () => {
      const text = `export async function go(items: string[]) {
  items.map(async (i) => i); // expect: floating-promise
}
`;
      const [f] = at('src/services/m.ts', text);
      assert.equal(lineOf(applyFix(text, fixNamed(f!, /Promise\.all/)), 2), '  await Promise.all(items.map(async (i) => i));');
    });
  });

  describe('async callbacks whose promise is dropped (misused-promise, issue #14: its own rule)', () => {
    it('forEach(async …), emitter.on(…, async …), setTimeout/setInterval/setImmediate(async …), process.nextTick', () => {
      atMisused('src/jobs/cb.ts', `import { EventEmitter } from 'node:events';
import { setTimeout as later } from 'node:timers/promises';
const bus = new EventEmitter();
export function go(items: string[], socket: { on(e: string, f: unknown): void }) {
  items.forEach(async (i) => { await later(1); void i; }); // expect: misused-promise@17
  bus.on('order', async (o: unknown) => { await later(1); void o; }); // expect: misused-promise
  bus.once('ready', async function () { await later(1); }); // expect: misused-promise
  socket.on('message', async () => { await later(1); }); // expect: misused-promise
  process.on('SIGTERM', async () => { await later(1); }); // expect: misused-promise
  setTimeout(async () => { await later(1); }, 10); // expect: misused-promise
  setInterval(async () => { await later(1); }, 10); // expect: misused-promise
  setImmediate(async () => { await later(1); }); // expect: misused-promise
  process.nextTick(async () => { await later(1); }); // expect: misused-promise
  items.forEach((i) => void i);
  bus.on('x', () => {});
  later(1, async () => {}).catch(() => {});
}
`);
    });

    it('an async listener whose body is one try/catch is fine; forEach is not', () => {
      atMisused('src/jobs/cb.ts', `import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
export function go(items: string[]) {
  bus.on('order', async () => {
    try {
      await Promise.resolve();
    } catch (e) {
      void e;
    }
  });
  setTimeout(async () => { try { await Promise.resolve(); } catch { /* logged */ } }, 1);
  items.forEach(async () => { try { await Promise.resolve(); } catch { /* */ } }); // expect: misused-promise
}
`);
    });

    it('frameworks that await listeners (Telegraf) and an async Promise executor', () => {
      atMisused('src/bot.ts', `import { Telegraf } from 'telegraf';
const bot = new Telegraf('token');
bot.on('message', async (ctx: unknown) => { void ctx; });
export const p = new Promise(async (resolve) => { resolve(1); }); // expect: misused-promise
`);
    });
  });

  describe('lazy queries that never run', () => {
    it('a Prisma call, a Mongoose query and a Knex write, with a message that says so', () => {
      const findings = check({
        'src/db.ts': "import knex from 'knex';\nexport const db = knex({ client: 'pg' });\n",
        'src/models/user.ts': "import mongoose from 'mongoose';\nexport const User = mongoose.model('User', new mongoose.Schema({}));\n",
        'src/services/users.ts': `import { PrismaClient } from '@prisma/client';
import { db } from '../db';
import { User } from '../models/user';
const prisma = new PrismaClient();
export async function go(id: string) {
  prisma.user.update({ where: { id }, data: { seen: true } }); // expect: floating-promise
  User.updateOne({ _id: id }, { seen: true }); // expect: floating-promise
  db('users').where({ id }).update({ seen: true }); // expect: floating-promise
  db('audit').insert({ id }).returning('id'); // expect: floating-promise
  db('users').where({ id }).first();
  User.create({ id }); // expect: floating-promise
  prisma.$connect(); // expect: floating-promise
}
`,
      }, undefined, only);
      const [prismaF, mongooseF, knexF, knexF2, createF, connectF] = findings;
      for (const f of [prismaF, mongooseF, knexF, knexF2]) {
        assert.match(f!.message, /never runs/);
        assert.equal(f!.fixes.some((x) => /void/.test(x.title)), false, 'no void fix: it would silence a query that never runs');
      }
      assert.match(prismaF!.message, /Prisma query/);
      assert.match(mongooseF!.message, /Mongoose query/);
      assert.match(knexF!.message, /Knex query/);
      assert.doesNotMatch(createF!.message, /never runs/);
      assert.doesNotMatch(connectF!.message, /never runs/);
    });
  });

  describe('handled promises are not findings', () => {
    it('await, return, void, assignment, arrow bodies, arguments, arrays, .catch(h), .then(a, h)', () => {
      at('src/services/ok.ts', `async function job() {}
const sink = (p: unknown) => p;
export async function go() {
  await job();
  void job();
  const p = job();
  let q: Promise<void>;
  q = job();
  sink(job());
  const all = [job(), job()];
  await Promise.all(all);
  job().catch(() => {});
  job().then(() => {}, () => {});
  await p;
  await q;
  return job();
}
export const arrow = () => job();
export const handled = async () => { await job(); };
`);
    });

    it("test files: describe/it/test are not findings, other floating promises are", () => {
      check({
        'test/orders.test.ts': `import { describe, it } from 'node:test';
async function seed() {}
describe('orders', () => {
  it('works', async () => {
    seed(); // expect: floating-promise
  });
});
test('x', async () => {});
`,
      }, undefined, only);
    });
  });

  describe('fixes', () => {
    it('adds await inside an async function (preferred) or void outside one', () => {
      const text = `async function job() {}
export async function a() {
  job(); // expect: floating-promise
}
export function b() {
  job(); // expect: floating-promise
}
`;
      const [fa, fb] = at('src/services/fix.ts', text);
      const add = fixNamed(fa!, /Add await/);
      assert.equal(add.preferred, true);
      assert.equal(lineOf(applyFix(text, add), 3), '  await job();');
      assert.equal(fb!.fixes.some((f) => f.title === 'Add await'), false);
      const v = fixNamed(fb!, /void/);
      assert.equal(v.preferred, true);
      assert.equal(fixNamed(fa!, /void/).preferred, false);
      assert.equal(lineOf(applyFix(text, v), 6), '  void job();');
      // After the fix, the rule no longer fires.
      const analyzer = workspace({});
      assert.equal(analyzeIn(analyzer, 'src/services/fix.ts', applyFix(text, add)).filter((f) => f.range.start.line === 2).length, 0);
    });

    it('puts await on the dropped call inside a logical expression', () => {
      const text = 'async function job() {}\nexport async function a(x: boolean) {\n  x && job(); // expect: floating-promise\n}\n';
      const [f] = at('src/services/fix.ts', text);
      assert.equal(lineOf(applyFix(text, fixNamed(f!, /Add await/)), 3), '  x && await job();');
    });
  });
});
