/**
 * What the engine knows about packages and Node built-ins, keyed by import source and type — never
 * by a method name alone. A module namespace is a type (`axios`, `fs`); its members are methods,
 * properties of another type, or classes. Instances have their own types (`pg.Pool`, `prisma.Delegate`).
 */

/** The result of calling something: a promise (eager, or a lazy query that runs only when awaited), and/or a value of a known type. */
export interface Result {
  promise?: 'eager' | 'lazy';
  type?: string;
  /** Node-style APIs that return a promise only when no callback is passed. */
  unlessCallback?: boolean;
}

export interface ClassInfo {
  /** Type of `new X()` and of a value annotated `: X`. */
  instance?: string;
  /** Type of `X` itself (static methods). */
  statics?: string;
}

export interface TypeInfo {
  /** Calling the value itself: `axios(cfg)`, `knex('users')`, `pino()`. */
  call?: Result;
  /** `new X()` on the value itself (`import EventEmitter from 'events'`). */
  construct?: string;
  props?: Record<string, string>;
  /** Any other property not starting with `$` (Prisma model delegates). */
  anyProp?: string;
  methods?: Record<string, Result>;
  /** Every method not listed in `methods` or `except`. */
  otherMethods?: Result;
  except?: readonly string[];
  classes?: Record<string, ClassInfo>;
  /** An EventEmitter: `.on(name, async …)` drops the listener's promise. */
  emitter?: boolean;
  /** `.on(…, async …)` is awaited by the framework (Telegraf, grammY, Elysia, Hono): not a dropped promise. */
  awaitsListeners?: boolean;
  /** Builder methods that page by offset: `.skip(n)`, `.offset(n)`. */
  offsetMethods?: readonly string[];
  /** Query methods whose options object pages by offset, with the offending keys. */
  offsetOptions?: Record<string, readonly string[]>;
  /** A logger (pino, winston, NestJS, bunyan): its flavour. */
  logger?: string;
}

const eager: Result = { promise: 'eager' };
const lazy: Result = { promise: 'lazy' };
const cb: Result = { promise: 'eager', unlessCallback: true };
const t = (type: string, promise?: 'eager' | 'lazy'): Result => (promise ? { type, promise } : { type });
const all = (names: string, r: Result): Record<string, Result> => Object.fromEntries(names.split(/\s+/).filter(Boolean).map((n) => [n, r]));

const TYPEORM_ASYNC = 'save remove softRemove recover insert update upsert delete softDelete restore exist exists existsBy count countBy sum average minimum maximum find findBy findAndCount findAndCountBy findByIds findOne findOneBy findOneById findOneOrFail findOneByOrFail query clear increment decrement preload';
const TYPEORM_OFFSET = { find: ['skip'], findBy: ['skip'], findAndCount: ['skip'], findAndCountBy: ['skip'] };
const MONGOOSE_LAZY = 'find findOne findById updateOne updateMany deleteOne deleteMany findOneAndUpdate findOneAndDelete findOneAndReplace findOneAndRemove findByIdAndUpdate findByIdAndDelete findByIdAndRemove replaceOne countDocuments estimatedDocumentCount exists distinct where';
const SEQUELIZE_STATIC = 'findAll findOne findByPk findOrCreate findOrBuild findCreateFind findAndCountAll count create bulkCreate update destroy upsert max min sum increment decrement restore truncate sync drop aggregate describe';
const KNEX_WRITES = 'insert update del delete increment decrement truncate upsert';
const AXIOS_METHODS = 'get delete head options post put patch request postForm putForm patchForm';
const GOT_METHODS = 'get post put patch delete head';

export const TYPES: Record<string, TypeInfo> = {
  // ---------- Node built-ins (canonical names without `node:`) ----------
  fs: { props: { promises: 'fs.promises' } },
  'fs.promises': { otherMethods: eager, except: ['constants'] },
  timers: { props: { promises: 'timers.promises' } },
  'timers.promises': { methods: { setTimeout: eager, setImmediate: eager }, props: { scheduler: 'timers.scheduler' } },
  'timers.scheduler': { methods: { wait: eager, yield: eager } },
  dns: { props: { promises: 'dns.promises' } },
  'dns.promises': { otherMethods: eager, except: ['getServers', 'setServers', 'setDefaultResultOrder', 'getDefaultResultOrder', 'Resolver'] },
  stream: { props: { promises: 'stream.promises' } },
  'stream.promises': { methods: { pipeline: eager, finished: eager } },
  readline: { props: { promises: 'readline.promises' } },
  'readline.promises': { methods: { createInterface: t('readline.Interface') } },
  'readline.Interface': { methods: { question: eager }, emitter: true },
  events: { construct: 'events.EventEmitter', methods: { once: eager }, classes: { EventEmitter: { instance: 'events.EventEmitter' } } },
  'events.EventEmitter': { emitter: true },
  http: { methods: { createServer: t('http.Server'), request: t('events.EventEmitter'), get: t('events.EventEmitter') }, classes: { Server: { instance: 'http.Server' }, Agent: {} } },
  https: { methods: { createServer: t('http.Server'), request: t('events.EventEmitter'), get: t('events.EventEmitter') }, classes: { Server: { instance: 'http.Server' }, Agent: {} } },
  'http.Server': { emitter: true },
  net: { methods: { createServer: t('http.Server'), connect: t('http.Server'), createConnection: t('http.Server') } },
  child_process: { methods: { spawn: t('events.EventEmitter'), fork: t('events.EventEmitter') } },

  // ---------- HTTP clients ----------
  axios: { call: eager, methods: { ...all(AXIOS_METHODS, eager), all: eager, create: t('axios.Instance') } },
  'axios.Instance': { call: eager, methods: all(AXIOS_METHODS, eager) },
  got: { call: eager, methods: { ...all(GOT_METHODS, eager), extend: t('got.Instance') } },
  'got.Instance': { call: eager, methods: { ...all(GOT_METHODS, eager), extend: t('got.Instance') } },
  'node-fetch': { call: eager },
  'cross-fetch': { call: eager, methods: { fetch: eager } },
  'isomorphic-fetch': { call: eager },
  undici: { methods: { fetch: eager, request: eager, stream: cb }, classes: { Agent: { instance: 'undici.Dispatcher' }, Pool: { instance: 'undici.Dispatcher' }, Client: { instance: 'undici.Dispatcher' } } },
  'undici.Dispatcher': { methods: { request: cb, close: cb, destroy: cb } },

  // ---------- SQL ----------
  pg: { classes: { Pool: { instance: 'pg.Pool' }, Client: { instance: 'pg.Client' } } },
  'pg.Pool': { methods: { query: cb, connect: { ...cb, type: 'pg.Client' }, end: cb }, emitter: true },
  'pg.Client': { methods: { query: cb, connect: cb, end: cb }, emitter: true },
  '@prisma/client': { classes: { PrismaClient: { instance: 'prisma.Client' } } },
  'prisma.Client': {
    methods: { $connect: eager, $disconnect: eager, $transaction: eager, $queryRaw: lazy, $executeRaw: lazy, $queryRawUnsafe: lazy, $executeRawUnsafe: lazy, $extends: t('prisma.Client') },
    anyProp: 'prisma.Delegate',
  },
  'prisma.Delegate': {
    methods: all('findMany findFirst findFirstOrThrow findUnique findUniqueOrThrow create createMany createManyAndReturn update updateMany updateManyAndReturn upsert delete deleteMany count aggregate groupBy', lazy),
    offsetOptions: { findMany: ['skip'], findFirst: ['skip'], findFirstOrThrow: ['skip'], groupBy: ['skip'], aggregate: ['skip'], count: ['skip'] },
  },
  typeorm: {
    classes: {
      Repository: { instance: 'typeorm.Repository' }, TreeRepository: { instance: 'typeorm.Repository' }, MongoRepository: { instance: 'typeorm.Repository' },
      EntityManager: { instance: 'typeorm.EntityManager' }, DataSource: { instance: 'typeorm.DataSource' }, Connection: { instance: 'typeorm.DataSource' },
      SelectQueryBuilder: { instance: 'typeorm.QueryBuilder' },
    },
  },
  'typeorm.Repository': {
    methods: { ...all(TYPEORM_ASYNC, eager), create: {}, merge: {}, createQueryBuilder: t('typeorm.QueryBuilder'), extend: t('typeorm.Repository') },
    props: { manager: 'typeorm.EntityManager' },
    offsetOptions: TYPEORM_OFFSET,
  },
  'typeorm.EntityManager': {
    methods: { ...all(TYPEORM_ASYNC, eager), transaction: eager, create: {}, merge: {}, getRepository: t('typeorm.Repository'), createQueryBuilder: t('typeorm.QueryBuilder') },
    offsetOptions: TYPEORM_OFFSET,
  },
  'typeorm.DataSource': {
    methods: { ...all('initialize destroy query transaction synchronize runMigrations undoLastMigration dropDatabase', eager), getRepository: t('typeorm.Repository'), createQueryBuilder: t('typeorm.QueryBuilder') },
    props: { manager: 'typeorm.EntityManager' },
  },
  'typeorm.QueryBuilder': {
    methods: all('getMany getOne getOneOrFail getRawMany getRawOne getManyAndCount getCount getExists execute stream', eager),
    otherMethods: t('typeorm.QueryBuilder'),
    offsetMethods: ['skip', 'offset'],
  },
  sequelize: {
    construct: 'sequelize.Sequelize',
    classes: { Sequelize: { instance: 'sequelize.Sequelize' }, Model: { instance: 'sequelize.Instance', statics: 'sequelize.Model' } },
  },
  'sequelize.Sequelize': { methods: { ...all('authenticate sync query transaction close drop', eager), define: t('sequelize.Model') } },
  'sequelize.Model': { methods: { ...all(SEQUELIZE_STATIC, eager), build: t('sequelize.Instance') }, offsetOptions: { findAll: ['offset'], findAndCountAll: ['offset'] } },
  'sequelize.Instance': { methods: all('save destroy reload update increment decrement restore validate', eager) },
  knex: { call: t('knex.Knex'), methods: { knex: t('knex.Knex') } },
  'knex.Knex': {
    call: t('knex.Builder'),
    methods: { raw: t('knex.Write', 'lazy'), transaction: eager, destroy: eager, ...all(KNEX_WRITES, t('knex.Write', 'lazy')) },
    otherMethods: t('knex.Builder'),
    except: ['on', 'once', 'fn', 'ref', 'client'],
    props: { schema: 'knex.Schema' },
  },
  'knex.Builder': {
    methods: { ...all(KNEX_WRITES, t('knex.Write', 'lazy')), then: eager, catch: eager, finally: eager },
    otherMethods: t('knex.Builder'),
    offsetMethods: ['offset'],
  },
  'knex.Write': { otherMethods: t('knex.Write', 'lazy'), except: ['then', 'catch', 'finally', 'toQuery', 'toString', 'toSQL'] },
  'knex.Schema': { otherMethods: t('knex.Write', 'lazy'), except: ['hasTable', 'hasColumn'] },
  kysely: { classes: { Kysely: { instance: 'kysely.Kysely' } } },
  'kysely.Kysely': { methods: { destroy: eager }, otherMethods: t('kysely.Builder') },
  'kysely.Builder': { methods: all('execute executeTakeFirst executeTakeFirstOrThrow', eager), otherMethods: t('kysely.Builder'), except: ['stream'], offsetMethods: ['offset'] },
  'drizzle-orm': { methods: { drizzle: t('drizzle.Db') }, call: t('drizzle.Db') },
  'drizzle.Db': {
    methods: { insert: t('drizzle.Write', 'lazy'), update: t('drizzle.Write', 'lazy'), delete: t('drizzle.Write', 'lazy'), transaction: eager, execute: eager },
    otherMethods: t('drizzle.Builder'),
    props: { query: 'drizzle.Relational' },
  },
  'drizzle.Builder': { otherMethods: t('drizzle.Builder'), except: ['execute', 'then'], offsetMethods: ['offset'] },
  'drizzle.Write': { otherMethods: t('drizzle.Write', 'lazy'), except: ['then', 'catch', 'finally', 'toSQL', 'prepare'] },
  'drizzle.Relational': { anyProp: 'drizzle.Table' },
  'drizzle.Table': { methods: all('findMany findFirst', eager), offsetOptions: { findMany: ['offset'], findFirst: ['offset'] } },

  // ---------- MongoDB ----------
  mongoose: {
    methods: { connect: eager, disconnect: eager, startSession: eager, model: t('mongoose.Model'), createConnection: t('mongoose.Connection') },
    classes: { Model: { instance: 'mongoose.Model', statics: 'mongoose.Model' }, Schema: {} },
  },
  'mongoose.Connection': { methods: { model: t('mongoose.Model'), close: eager, asPromise: eager }, emitter: true },
  'mongoose.Model': {
    methods: {
      ...all(MONGOOSE_LAZY, t('mongoose.Query', 'lazy')),
      aggregate: t('mongoose.Aggregate', 'lazy'),
      ...all('create insertMany bulkWrite syncIndexes createIndexes init createCollection', eager),
    },
    offsetOptions: { find: ['skip'], findOne: ['skip'] },
  },
  'mongoose.Query': { methods: { exec: eager, then: eager, catch: eager }, otherMethods: t('mongoose.Query', 'lazy'), except: ['getFilter', 'getOptions', 'getQuery', 'getUpdate', 'cursor', 'toConstructor', 'explain'], offsetMethods: ['skip'] },
  'mongoose.Aggregate': { methods: { exec: eager, then: eager, catch: eager }, otherMethods: t('mongoose.Aggregate', 'lazy'), except: ['pipeline', 'cursor'], offsetMethods: ['skip'] },
  mongodb: { classes: { MongoClient: { instance: 'mongodb.Client' }, Db: { instance: 'mongodb.Db' }, Collection: { instance: 'mongodb.Collection' } } },
  'mongodb.Client': { methods: { connect: eager, close: eager, db: t('mongodb.Db') }, emitter: true },
  'mongodb.Db': { methods: { collection: t('mongodb.Collection'), ...all('command dropDatabase createCollection listCollections stats', eager) } },
  'mongodb.Collection': {
    methods: {
      ...all('insertOne insertMany updateOne updateMany deleteOne deleteMany replaceOne findOne findOneAndUpdate findOneAndDelete findOneAndReplace countDocuments estimatedDocumentCount bulkWrite createIndex createIndexes drop distinct', eager),
      find: t('mongodb.Cursor'), aggregate: t('mongodb.Cursor'),
    },
    offsetOptions: { find: ['skip'] },
  },
  'mongodb.Cursor': { methods: all('toArray next hasNext close count forEach', eager), otherMethods: t('mongodb.Cursor'), offsetMethods: ['skip'] },

  // ---------- Redis, queues, mail ----------
  ioredis: { construct: 'ioredis.Redis', classes: { Redis: { instance: 'ioredis.Redis' }, Cluster: { instance: 'ioredis.Redis' }, default: { instance: 'ioredis.Redis' } } },
  'ioredis.Redis': {
    otherMethods: eager,
    except: ['on', 'once', 'off', 'emit', 'addListener', 'removeListener', 'removeAllListeners', 'duplicate', 'pipeline', 'multi', 'disconnect', 'defineCommand', 'status', 'options', 'listenerCount'],
    emitter: true,
  },
  redis: { methods: { createClient: t('redis.Client'), createCluster: t('redis.Client') } },
  'redis.Client': {
    otherMethods: eager,
    except: ['on', 'once', 'off', 'emit', 'addListener', 'removeListener', 'removeAllListeners', 'duplicate', 'multi', 'MULTI', 'ref', 'unref', 'isOpen', 'isReady', 'withTypeMapping', 'listenerCount'],
    emitter: true,
  },
  bullmq: { classes: { Queue: { instance: 'bullmq.Queue' }, Worker: { instance: 'bullmq.Worker' }, QueueEvents: { instance: 'bullmq.Worker' } } },
  'bullmq.Queue': { methods: all('add addBulk pause resume close obliterate drain clean getJobs getJob getJobCounts remove waitUntilReady upsertJobScheduler', eager), emitter: true },
  'bullmq.Worker': { methods: all('close pause run waitUntilReady', eager), emitter: true },
  kafkajs: { classes: { Kafka: { instance: 'kafkajs.Kafka' } } },
  'kafkajs.Kafka': { methods: { producer: t('kafkajs.Client'), consumer: t('kafkajs.Client'), admin: t('kafkajs.Client') } },
  'kafkajs.Client': { methods: all('connect disconnect send sendBatch subscribe run stop commitOffsets createTopics deleteTopics fetchTopicMetadata transaction', eager) },
  amqplib: { methods: { connect: eager } },
  nodemailer: { methods: { createTransport: t('nodemailer.Transporter') } },
  'nodemailer.Transporter': { methods: { sendMail: cb, verify: cb } },
  bcrypt: { methods: { hash: cb, compare: cb, genSalt: cb } },
  bcryptjs: { methods: { hash: cb, compare: cb, genSalt: cb } },

  // ---------- Loggers ----------
  pino: { call: t('pino.Logger'), methods: { pino: t('pino.Logger') } },
  'pino.Logger': { methods: { child: t('pino.Logger') }, logger: 'pino' },
  winston: { methods: { createLogger: t('winston.Logger') }, logger: 'winston' },
  'winston.Logger': { methods: { child: t('winston.Logger') }, logger: 'winston' },
  bunyan: { methods: { createLogger: t('bunyan.Logger') } },
  'bunyan.Logger': { methods: { child: t('bunyan.Logger') }, logger: 'bunyan' },
  '@nestjs/common': { classes: { Logger: { instance: 'nest.Logger' } } },
  'nest.Logger': { logger: 'NestJS Logger' },
  'nestjs-pino': { classes: { PinoLogger: { instance: 'pino.Logger' }, Logger: { instance: 'nest.Logger' } } },

  // ---------- Servers and bots (for `.on(…, async …)`) ----------
  express: { call: t('express.App'), methods: { Router: t('express.Router') } },
  'express.App': { emitter: true },
  'express.Router': {},
  fastify: { call: t('fastify.Instance'), methods: { fastify: t('fastify.Instance') } },
  'fastify.Instance': {},
  'socket.io': { construct: 'events.EventEmitter', classes: { Server: { instance: 'events.EventEmitter' } } },
  ws: { construct: 'events.EventEmitter', classes: { WebSocketServer: { instance: 'events.EventEmitter' }, WebSocket: { instance: 'events.EventEmitter' } } },
  telegraf: { classes: { Telegraf: { instance: 'bot.Awaiting' } } },
  grammy: { classes: { Bot: { instance: 'bot.Awaiting' } } },
  elysia: { classes: { Elysia: { instance: 'bot.Awaiting' } } },
  hono: { classes: { Hono: { instance: 'bot.Awaiting' } } },
  'bot.Awaiting': { awaitsListeners: true },
};

const BUILTIN_SUBPATHS = new Set(['fs/promises', 'dns/promises', 'timers/promises', 'stream/promises', 'readline/promises']);

/** Canonical module and member path: `node:fs/promises` + ['readFile'] → 'fs' + ['promises', 'readFile']; a leading `default` is dropped. */
export function canonicalModule(module: string, path: readonly string[]): { module: string; path: string[] } {
  let m = module.startsWith('node:') ? module.slice(5) : module;
  // A leading `default` (default import, `require('x').default`) is the module itself.
  let p = path[0] === 'default' ? path.slice(1) : [...path];
  // `import { got } from 'got'`: the named export is the default instance.
  if (m === 'got' && p[0] === 'got') p = p.slice(1);
  if (BUILTIN_SUBPATHS.has(m)) {
    const [base, sub] = m.split('/') as [string, string];
    m = base;
    p = [sub, ...p];
  } else if (m.startsWith('drizzle-orm')) m = 'drizzle-orm';
  else if (m.startsWith('@prisma/client')) m = '@prisma/client';
  return { module: m, path: p };
}

/** Type of a property of a known type, or undefined. */
export function propType(type: string, name: string): string | undefined {
  const info = TYPES[type];
  if (!info) return undefined;
  if (info.props?.[name]) return info.props[name];
  if (info.anyProp && !name.startsWith('$') && !info.methods?.[name]) return info.anyProp;
  return undefined;
}

/** EventEmitter's own methods: never a command of a client that is also an emitter (ioredis, redis, pg…). */
const EMITTER_METHODS = new Set(['on', 'once', 'off', 'emit', 'addListener', 'removeListener', 'removeAllListeners', 'prependListener', 'prependOnceListener', 'setMaxListeners', 'getMaxListeners', 'listeners', 'rawListeners', 'listenerCount', 'eventNames']);

/** What calling `type.name(…)` gives, or undefined when unknown. */
export function methodResult(type: string, name: string): Result | undefined {
  const info = TYPES[type];
  if (!info) return undefined;
  const m = info.methods?.[name];
  if (m) return m;
  if (info.except?.includes(name) || (info.emitter && EMITTER_METHODS.has(name))) return undefined;
  if (info.classes?.[name]) return undefined;
  return info.otherMethods;
}

export const SERVER_FRAMEWORKS = ['express', 'fastify', 'koa', '@hapi/hapi', 'hapi', '@nestjs/core', '@nestjs/common'];
