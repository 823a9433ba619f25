// Generates a synthetic but realistic backend workspace for the benchmarks: NestJS-style and Express
// modules (entities, repositories on Prisma/TypeORM/Knex/Mongoose, services with constructor
// injection, controllers, routes, HTTP clients, jobs, CommonJS legacy code, tests, barrels) that
// import each other through relative paths and a tsconfig `paths` alias. Deterministic (seeded).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** mulberry32: small, fast, deterministic. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAINS = ['order', 'customer', 'invoice', 'product', 'payment', 'shipment', 'review', 'account', 'session', 'coupon', 'warehouse', 'supplier', 'ticket', 'report', 'audit', 'notification', 'subscription', 'refund', 'catalog', 'inventory'];
const FIELDS = ['id', 'name', 'status', 'createdAt', 'updatedAt', 'ownerId', 'amountCents', 'currency', 'email', 'notes', 'version', 'region', 'priority', 'tags', 'archived'];

const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** Doc comments as real code has them (on about half of the members): one summary line, sometimes tags. */
function doc(rnd, indent, summary, tags = []) {
  if (rnd() < 0.45) return '';
  const lines = [`${indent}/**`, `${indent} * ${summary}`];
  if (tags.length && rnd() < 0.6) lines.push(`${indent} *`, ...tags.map((t) => `${indent} * ${t}`));
  lines.push(`${indent} */`);
  return lines.join('\n') + '\n';
}

function entity(d, D, rnd) {
  const n = 6 + Math.floor(rnd() * 8);
  const fields = FIELDS.slice(0, n);
  return `import { Column, Entity, PrimaryGeneratedColumn, CreateDateColumn } from 'typeorm';

export type ${D}Status = 'draft' | 'active' | 'archived';

@Entity({ name: '${d}s' })
export class ${D}Entity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;
${fields.slice(1).map((f) => `
  @Column({ nullable: ${rnd() < 0.3} })
  ${f}!: ${f.endsWith('At') ? 'Date' : f.endsWith('Cents') || f === 'version' || f === 'priority' ? 'number' : f === 'archived' ? 'boolean' : 'string'};
`).join('')}
  @CreateDateColumn()
  insertedAt!: Date;
}

export function is${D}Active(e: ${D}Entity): boolean {
  return (e as unknown as { status?: string }).status === 'active';
}
`;
}

function types(d, D, rnd) {
  const extra = Array.from({ length: 3 + Math.floor(rnd() * 6) }, (_, i) => `  field${i}?: string;`).join('\n');
  return `export interface ${D} {
  id: string;
  name: string;
  status: 'draft' | 'active' | 'archived';
  createdAt: Date;
${extra}
}

export interface ${D}Page {
  items: ${D}[];
  nextCursor?: string;
}

export interface I${D}Repository {
  findById(id: string): Promise<${D} | undefined>;
  save(item: ${D}): Promise<${D}>;
  list(cursor?: string, take?: number): Promise<${D}Page>;
}

export type ${D}Event = { type: '${d}.created'; id: string } | { type: '${d}.deleted'; id: string };
`;
}

function dto(d, D) {
  return `import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** Query parameters of GET /${d}s. A DTO field named skip is not a query. */
export class List${D}Query {
  @IsOptional() @IsInt() @Min(0)
  skip?: number;

  @IsOptional() @IsInt() @Min(1) @Max(100)
  take?: number;

  @IsOptional() @IsString()
  cursor?: string;
}

export class Create${D}Dto {
  @IsString()
  name!: string;

  @IsOptional() @IsString()
  notes?: string;
}

export function toPaging(q: List${D}Query): { take: number; cursor?: string } {
  return { take: Math.min(q.take ?? 20, 100), ...(q.cursor ? { cursor: q.cursor } : {}) };
}
`;
}

function repository(d, D, kind, rnd) {
  const methods = [];
  const n = 4 + Math.floor(rnd() * 8);
  for (let i = 0; i < n; i++) {
    if (kind === 'prisma') {
      methods.push(`
${doc(rnd, '  ', `Finds ${d}s by name in region r${i}, newest first.`, ['@param name - exact name', `@returns at most ${10 + i} ${d}s`])}  async findByName${i}(name: string): Promise<${D}[]> {
    const rows = await this.prisma.${d}.findMany({ where: { name, region: 'r${i}' }, orderBy: { createdAt: 'desc' }, take: ${10 + i} });
    return rows.map((r: ${D}) => ({ ...r }));
  }`);
    } else if (kind === 'typeorm') {
      methods.push(`
${doc(rnd, '  ', `Lists ${d}s with a status, newest first.`, ['@param status - one of draft, active, archived'])}  async findByStatus${i}(status: string): Promise<${D}Entity[]> {
    return this.repo.find({ where: { status } as never, order: { insertedAt: 'DESC' }, take: ${20 + i} });
  }`);
    } else if (kind === 'knex') {
      methods.push(`
${doc(rnd, '  ', `The latest ${d}s of an owner in bucket ${i}.`, ['@param ownerId - the owner'])}  async byOwner${i}(ownerId: string) {
    return db('${d}s').where({ owner_id: ownerId, bucket: ${i} }).orderBy('created_at', 'desc').limit(50);
  }`);
    } else {
      methods.push(`
${doc(rnd, '  ', `Recent ${d}s of an owner, as plain objects.`, ['@param ownerId - the owner'])}  async recent${i}(ownerId: string) {
    return ${D}Model.find({ ownerId, bucket: ${i} }).sort({ createdAt: -1 }).limit(25).lean();
  }`);
    }
  }
  const offsetMethod = rnd() < 0.25;
  const header = {
    prisma: `import { PrismaClient } from '@prisma/client';
import type { ${D}, ${D}Page, I${D}Repository } from './${d}.types';

export class ${D}Repository implements I${D}Repository {
  constructor(private readonly prisma: PrismaClient) {}

  async findById(id: string): Promise<${D} | undefined> {
    return (await this.prisma.${d}.findUnique({ where: { id } })) ?? undefined;
  }

  async save(item: ${D}): Promise<${D}> {
    return this.prisma.${d}.upsert({ where: { id: item.id }, create: item, update: item });
  }

  async list(cursor?: string, take = 20): Promise<${D}Page> {
    const items = await this.prisma.${d}.findMany({ take, skip: cursor ? 1 : 0, ...(cursor ? { cursor: { id: cursor } } : {}), orderBy: { id: 'asc' } });
    return { items, nextCursor: items.at(-1)?.id };
  }
${offsetMethod ? `
  async page(page: number, size: number): Promise<${D}[]> {
    return this.prisma.${d}.findMany({ skip: (page - 1) * size, take: size, orderBy: { id: 'asc' } });
  }
` : ''}`,
    typeorm: `import { DataSource, Repository } from 'typeorm';
import { ${D}Entity } from './${d}.entity';

export class ${D}Repository {
  private readonly repo: Repository<${D}Entity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(${D}Entity);
  }

  async findById(id: string): Promise<${D}Entity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Synchronous on purpose: builds an entity, does not write it. */
  save(input: Partial<${D}Entity>): ${D}Entity {
    return this.repo.create(input);
  }

  async persist(e: ${D}Entity): Promise<${D}Entity> {
    return this.repo.save(e);
  }
${offsetMethod ? `
  async page(page: number, size: number) {
    return this.repo.createQueryBuilder('e').orderBy('e.id').skip((page - 1) * size).take(size).getMany();
  }
` : ''}`,
    knex: `import { db } from '@app/lib/knex';
import type { ${D} } from './${d}.types';

export class ${D}Repository {
  async findById(id: string): Promise<${D} | undefined> {
    return db('${d}s').where({ id }).first();
  }

  async save(item: ${D}): Promise<${D}> {
    const [row] = await db('${d}s').insert(item).onConflict('id').merge().returning('*');
    return row;
  }
${offsetMethod ? `
  async page(page: number, size: number) {
    return db('${d}s').orderBy('id').limit(size).offset((page - 1) * size);
  }
` : ''}`,
    mongoose: `import mongoose, { Schema } from 'mongoose';
import type { ${D} } from './${d}.types';

const schema = new Schema({ name: String, status: String, ownerId: String, bucket: Number }, { timestamps: true });
export const ${D}Model = mongoose.model('${D}', schema);

export class ${D}Repository {
  async findById(id: string): Promise<${D} | null> {
    return ${D}Model.findById(id).lean<${D}>();
  }

  async save(item: ${D}): Promise<void> {
    await ${D}Model.updateOne({ _id: item.id }, item, { upsert: true });
  }
${offsetMethod ? `
  async page(page: number, size: number) {
    return ${D}Model.find({}).sort({ _id: 1 }).skip((page - 1) * size).limit(size);
  }
` : ''}`,
  }[kind];
  return `${header}${methods.join('\n')}
}
`;
}

function service(d, D, kind, rnd, other) {
  const n = 5 + Math.floor(rnd() * 11);
  const methods = [];
  for (let i = 0; i < n; i++) {
    const body = [];
    body.push(`    const started = Date.now();`);
    if (rnd() < 0.15) body.push(`    console.log('${d} step ${i}', id);`);
    else body.push(`    this.logger.info({ id, step: ${i} }, '${d} step');`);
    body.push(`    const item = await this.repo.findById(id);`);
    body.push(`    if (!item) throw new NotFoundError('${d} ' + id);`);
    if (rnd() < 0.1) body.push(`    this.audit.record('${d}.step${i}', id);`);
    else body.push(`    await this.audit.record('${d}.step${i}', id);`);
    if (rnd() < 0.3) body.push(`    const values = [1, 2, 3].map((x) => x * ${i + 1}).filter((x) => x % 2 === 0);\n    for (const v of values) total += v;`);
    body.push(`    this.metrics.observe('${d}_step_${i}_ms', Date.now() - started);`);
    methods.push(`
${doc(rnd, '  ', `Runs step ${i} of the ${d} workflow and records it in the audit log.`, ['@param id - the ' + d + ' id', '@returns a checksum of the step', '@throws NotFoundError when the ' + d + ' does not exist'])}  async step${i}(id: string): Promise<number> {
    let total = 0;
${body.join('\n')}
    return total;
  }`);
  }
  const save = kind === 'typeorm' ? `
  create(input: { name: string }) {
    // ${D}Repository.save is synchronous in this module: not a floating promise.
    return this.repo.save(input);
  }` : `
  async create(input: ${D}) {
    ${rnd() < 0.2 ? '' : 'return await '}this.repo.save(input);
  }`;
  return `import { Injectable, Logger } from '@nestjs/common';
import { ${D}Repository } from './${d}.repository';
import { AuditService } from '@app/modules/${other}/${other}.audit';
import { metrics } from '@app/lib/metrics';
import { NotFoundError } from '@app/lib/errors';
${kind === 'typeorm' ? '' : `import type { ${D} } from './${d}.types';\n`}
@Injectable()
export class ${D}Service {
  private readonly logger = new Logger(${D}Service.name);
  private readonly metrics = metrics;

  constructor(
    private readonly repo: ${D}Repository,
    private readonly audit: AuditService,
  ) {}
${save}
${methods.join('\n')}

  async refreshAll(ids: string[]): Promise<void> {
    ${rnd() < 0.2 ? `ids.forEach(async (id) => {\n      await this.step0(id);\n    });` : `await Promise.all(ids.map((id) => this.step0(id)));`}
  }
}
`;
}

function audit(d, D) {
  return `import { logger } from '@app/lib/logger';

export class AuditService {
  private readonly seen = new Map<string, number>();

  async record(event: string, id: string): Promise<void> {
    this.seen.set(event, (this.seen.get(event) ?? 0) + 1);
    logger.debug({ event, id, module: '${d}' }, 'audit');
  }

  count(event: string): number {
    return this.seen.get(event) ?? 0;
  }
}

export const ${d}Audit = new AuditService();
export type ${D}AuditEvent = string;
`;
}

function controller(d, D, rnd) {
  const n = 4 + Math.floor(rnd() * 7);
  const extra = Array.from({ length: n }, (_, i) => `
${doc(rnd, '  ', `POST /${d}s/:id/step${i}: runs step ${i}.`, ['@param id - the ' + d + ' id'])}  @Post(':id/step${i}')
  async step${i}(@Param('id') id: string) {
    return { total: await this.service.step${i}(id) };
  }`).join('\n');
  return `import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ${D}Service } from './${d}.service';
import { Create${D}Dto, List${D}Query, toPaging } from './${d}.dto';

@Controller('${d}s')
export class ${D}Controller {
  constructor(private readonly service: ${D}Service) {}

  @Get()
  async list(@Query() q: List${D}Query) {
    const paging = toPaging(q);
    return { paging, skip: q.skip };
  }

  @Post()
  async create(@Body() body: Create${D}Dto) {
    return this.service.create(body as never);
  }
${extra}
}
`;
}

function routes(d, D, rnd) {
  const offset = rnd() < 0.2;
  return `import { Router, type Request, type Response, type NextFunction } from 'express';
import { pool } from '@app/lib/pg';
import { logger } from '@app/lib/logger';

export const ${d}Router = Router();

${d}Router.get('/', async (req: Request, res: Response, next: NextFunction) => {
  try {
    const limit = Math.min(Number(req.query.limit ?? 20), 100);
${offset ? `    const offset = Number(req.query.offset ?? 0);
    const { rows } = await pool.query('SELECT * FROM ${d}s ORDER BY id LIMIT $1 OFFSET $2', [limit, offset]);` : `    const after = String(req.query.after ?? '');
    const { rows } = await pool.query('SELECT * FROM ${d}s WHERE id > $1 ORDER BY id LIMIT $2', [after, limit]);`}
    res.json({ items: rows });
  } catch (err) {
    next(err);
  }
});

${d}Router.get('/:id', async (req: Request, res: Response, next: NextFunction) => {
  try {
    const { rows } = await pool.query('SELECT * FROM ${d}s WHERE id = $1', [req.params.id]);
    if (!rows[0]) return res.status(404).end();
    res.json(rows[0]);
  } catch (err) {
    logger.error({ err }, '${d} lookup failed');
    next(err);
  }
});

${d}Router.delete('/:id', async (req: Request, res: Response) => {
  await pool.query('DELETE FROM ${d}s WHERE id = $1', [req.params.id]);
  res.status(204).end();
});
`;
}

function client(d, D, rnd) {
  const noTimeout = rnd() < 0.2;
  const fetchNoSignal = rnd() < 0.2;
  return `import axios from 'axios';
import { http } from '@app/lib/http';

const BASE = process.env.${d.toUpperCase()}_URL ?? 'https://${d}.internal.example.com';

export interface Remote${D} {
  id: string;
  status: string;
}

export async function fetchRemote${D}(id: string): Promise<Remote${D}> {
  const res = await http.get<Remote${D}>(\`/${d}s/\${id}\`);
  return res.data;
}

export async function pushRemote${D}(item: Remote${D}): Promise<void> {
  await axios.post(\`\${BASE}/${d}s\`, item${noTimeout ? '' : ', { timeout: 3000 }'});
}

export async function ping${D}(): Promise<boolean> {
  const res = await fetch(\`\${BASE}/health\`${fetchNoSignal ? '' : ', { signal: AbortSignal.timeout(1000) }'});
  return res.ok;
}

export async function localDebug${D}(): Promise<unknown> {
  const res = await fetch('http://localhost:9229/json');
  return res.json();
}
`;
}

function job(d, D, rnd) {
  const floating = rnd() < 0.3;
  return `import { ${D}Service } from './${d}.service';
import { logger } from '@app/lib/logger';
import { EventEmitter } from 'node:events';

export const ${d}Events = new EventEmitter();

export function start${D}Jobs(service: ${D}Service): () => void {
  const timer = setInterval(${floating ? 'async () => {\n    await service.refreshAll([]);\n  }' : '() => {\n    service.refreshAll([]).catch((err) => logger.error({ err }, \'refresh failed\'));\n  }'}, 60_000);
  ${d}Events.on('${d}.created', (id: string) => {
    void service.step0(id);
  });
  ${d}Events.on('${d}.deleted', async (id: string) => {
    try {
      await service.step0(id);
    } catch (err) {
      logger.error({ err, id }, 'cleanup failed');
    }
  });
  return () => clearInterval(timer);
}

export async function drain${D}(ids: string[], service: ${D}Service): Promise<number> {
  let n = 0;
  for (const id of ids) {
    n += await service.step0(id);
  }
  ${floating ? 'service.refreshAll(ids);' : 'await service.refreshAll(ids);'}
  return n;
}
`;
}

function legacy(d, D, rnd) {
  const n = 3 + Math.floor(rnd() * 6);
  const fns = Array.from({ length: n }, (_, i) => `
${doc(rnd, '', `GET /${d}/${i}: rows of bucket ${i}.`, ['@param {import("express").Request} req', '@param {import("express").Response} res'])}async function handler${i}(req, res) {
  const started = Date.now();
  const rows = await knex('${d}s').where({ bucket: ${i} }).select('id', 'name');
  ${rnd() < 0.15 ? `console.info('handler${i}', rows.length);` : `log.info({ n: rows.length }, 'handler${i}');`}
  res.json({ rows, ms: Date.now() - started });
}`).join('\n');
  return `'use strict';
const express = require('express');
const { readFile } = require('fs/promises');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const log = require('pino')();

const router = express.Router();
${fns}

async function loadTemplate() {
  return readFile(__dirname + '/${d}.tpl', 'utf8');
}

function warmUp() {
  ${rnd() < 0.2 ? 'loadTemplate();' : 'loadTemplate().catch((err) => log.error({ err }, \'warm-up failed\'));'}
}

${Array.from({ length: n }, (_, i) => `router.get('/${d}/${i}', handler${i});`).join('\n')}

module.exports = { router, warmUp, loadTemplate };
`;
}

function utils(d, D, rnd) {
  const n = 4 + Math.floor(rnd() * 10);
  return `'use strict';

${Array.from({ length: n }, (_, i) => `${doc(rnd, '', `Formats a ${d} value (variant ${i}).`, ['@param {string} value', '@param {{ upper?: boolean, sep?: string }} [opts]', '@returns {string}'])}function format${D}${i}(value, opts) {
  const parts = String(value).split('-');
  const out = [];
  for (let j = 0; j < parts.length; j++) {
    if (opts && opts.upper) out.push(parts[j].toUpperCase());
    else out.push(parts[j].trim());
  }
  return out.join(opts && opts.sep ? opts.sep : '-') + '${i}';
}
`).join('\n')}
module.exports = { ${Array.from({ length: n }, (_, i) => `format${D}${i}`).join(', ')} };
`;
}

function mapper(d, D, rnd) {
  const n = 3 + Math.floor(rnd() * 6);
  return `import type { ${D} } from './${d}.types';
import { ${D}Entity } from './${d}.entity';

${Array.from({ length: n }, (_, i) => `${doc(rnd, '', `Maps a ${d} entity to view ${i}.`)}export function to${D}View${i}(e: ${D}Entity): Partial<${D}> & { view: number } {
  const base: Partial<${D}> = { id: e.id, name: String((e as unknown as Record<string, unknown>).name ?? '') };
  const offset = new Date().getTimezoneOffset();
  const buf = Buffer.from(e.id);
  const n = buf.length >= 4 ? buf.readUInt32BE(0) : offset;
  return { ...base, view: n + ${i} };
}
`).join('\n')}`;
}

function validator(d, D) {
  return `import { z } from 'zod';

export const ${D}Schema = z.object({
  name: z.string().min(1).max(200),
  notes: z.string().max(2000).optional(),
  skip: z.number().int().min(0).optional(),
  take: z.number().int().min(1).max(100).default(20),
});

export type ${D}Input = z.infer<typeof ${D}Schema>;

export function validate${D}(input: unknown): ${D}Input {
  const parsed = ${D}Schema.safeParse(input);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}
`;
}

function spec(d, D) {
  return `import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { ${D}Service } from '../src/modules/${d}/${d}.service';

describe('${D}Service', () => {
  let service: ${D}Service;
  beforeEach(() => {
    const repo = { findById: async (id: string) => ({ id, name: 'x' }), save: async (x: unknown) => x };
    const audit = { record: async () => undefined };
    service = new ${D}Service(repo as never, audit as never);
  });

  it('steps', async () => {
    console.log('debugging test');
    assert.equal(typeof (await service.step0('a')), 'number');
  });
});
`;
}

function barrel(d) {
  return `export * from './${d}.service';
export * from './${d}.repository';
export { ${cap(d)}Controller } from './${d}.controller';
export type * from './${d}.types';
`;
}

const LIB = {
  'src/lib/logger.ts': `import pino from 'pino';

export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
`,
  'src/lib/metrics.ts': `export const metrics = {
  observe(name: string, value: number): void {
    void name;
    void value;
  },
};
`,
  'src/lib/errors.ts': `export class NotFoundError extends Error {
  readonly status = 404;
}
`,
  'src/lib/knex.ts': `import knex from 'knex';

export const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 10 } });
`,
  'src/lib/pg.ts': `import { Pool } from 'pg';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 5000 });
`,
  'src/lib/http.ts': `import axios from 'axios';

export const http = axios.create({ baseURL: process.env.API_URL, timeout: 5000 });
`,
  'src/main.ts': `import express from 'express';
import { logger } from './lib/logger';

const app = express();
app.listen(3000, () => logger.info('listening'));
`,
};

/** Writes the workspace into `dir` (wiped first); returns the list of source files written. */
export function generateCorpus(dir, { modules = 100, seed = 42 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  const rnd = prng(seed);
  const files = new Map(Object.entries(LIB));
  const kinds = ['prisma', 'typeorm', 'knex', 'mongoose'];
  for (let m = 0; m < modules; m++) {
    const d = `${DOMAINS[m % DOMAINS.length]}${m >= DOMAINS.length ? Math.floor(m / DOMAINS.length) : ''}`;
    const D = cap(d);
    const kind = kinds[m % kinds.length];
    const other = `${DOMAINS[(m + 7) % DOMAINS.length]}${(m + 7) >= DOMAINS.length && m >= DOMAINS.length ? Math.floor(m / DOMAINS.length) : ''}`;
    const base = `src/modules/${d}`;
    files.set(`${base}/${d}.entity.ts`, entity(d, D, rnd));
    files.set(`${base}/${d}.types.ts`, types(d, D, rnd));
    files.set(`${base}/${d}.dto.ts`, dto(d, D));
    files.set(`${base}/${d}.repository.ts`, repository(d, D, kind, rnd));
    files.set(`${base}/${d}.service.ts`, service(d, D, kind, rnd, other));
    files.set(`${base}/${d}.audit.ts`, audit(d, D));
    files.set(`${base}/${d}.controller.ts`, controller(d, D, rnd));
    files.set(`${base}/${d}.routes.ts`, routes(d, D, rnd));
    files.set(`${base}/${d}.client.ts`, client(d, D, rnd));
    files.set(`${base}/${d}.job.ts`, job(d, D, rnd));
    files.set(`${base}/${d}.legacy.js`, legacy(d, D, rnd));
    files.set(`${base}/${d}.utils.js`, utils(d, D, rnd));
    files.set(`${base}/${d}.mapper.ts`, mapper(d, D, rnd));
    files.set(`${base}/${d}.validator.ts`, validator(d, D));
    files.set(`${base}/index.ts`, barrel(d));
    files.set(`test/${d}.service.spec.ts`, spec(d, D));
  }
  for (const [rel, text] of files) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-corpus', private: true, type: 'commonjs' }, null, 2));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, experimentalDecorators: true,
      allowJs: true, checkJs: false, noEmit: true, skipLibCheck: true, baseUrl: '.', paths: { '@app/*': ['src/*'] }, types: [],
    },
    include: ['src/**/*', 'test/**/*'],
  }, null, 2));
  return [...files.keys()].map((rel) => join(dir, rel));
}
