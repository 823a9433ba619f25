import assert from 'node:assert/strict';
import * as ts from 'typescript';
import { exampleById, KEYSET_FLAVORS } from '../../src/core/analysis/keyset';
import { check } from '../fixtures/analysis/helpers';

const only = { rules: ['offset-pagination' as const] };
const at = (path: string, text: string) => check({ [path]: text }, path, only);

describe('analysis: offset-pagination', () => {
  describe('Prisma', () => {
    it('flags skip on findMany/findFirst/groupBy, through a client, an injected PrismaService and this.prisma', () => {
      at('src/users/users.repository.ts', `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function page(n: number, size: number) {
  await prisma.user.findMany({ skip: n * size, take: size }); // expect: offset-pagination@32
  await prisma.user.findFirst({ where: { active: true }, skip: 10 }); // expect: offset-pagination
  await prisma.post.groupBy({ by: ['authorId'], skip: n }); // expect: offset-pagination
  await prisma.user.findMany({ skip: 0, take: size });
  await prisma.user.findMany({ take: size });
}
`);
    });

    it('flags this.prisma in a NestJS service whose PrismaService extends PrismaClient', () => {
      check({
        'src/prisma.service.ts': "import { PrismaClient } from '@prisma/client';\nexport class PrismaService extends PrismaClient {}\n",
        'src/users/users.service.ts': `import { PrismaService } from '../prisma.service';
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  list(page: number) {
    return this.prisma.user.findMany({ skip: (page - 1) * 20, take: 20, orderBy: { id: 'asc' } }); // expect: offset-pagination
  }
}
`,
      }, undefined, only);
    });

    it('does not flag the documented cursor idiom (skip: 1 with cursor), including the conditional form', () => {
      at('src/users/users.repository.ts', `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function after(cursor: string | undefined) {
  await prisma.user.findMany({ take: 20, skip: 1, cursor: { id: cursor! } });
  await prisma.user.findMany({ take: 20, skip: cursor ? 1 : 0, ...(cursor ? { cursor: { id: cursor } } : {}) });
  await prisma.user.findMany({ take: 20, skip: 1 }); // expect: offset-pagination
}
`);
    });
  });

  describe('TypeORM', () => {
    it('flags skip in find options, .skip() and .offset() on a query builder', () => {
      at('src/orders/orders.repository.ts', `import { DataSource, Repository } from 'typeorm';
import { Order } from './order.entity';
export class OrdersRepository {
  constructor(private readonly repo: Repository<Order>, private readonly ds: DataSource) {}
  a(page: number) {
    return this.repo.find({ skip: page * 10, take: 10 }); // expect: offset-pagination
  }
  b(page: number) {
    return this.repo.findAndCount({ where: {}, skip: page }); // expect: offset-pagination
  }
  c(page: number) {
    return this.repo.createQueryBuilder('o').orderBy('o.id').skip(page * 10).take(10).getMany(); // expect: offset-pagination
  }
  d(page: number) {
    return this.ds.createQueryBuilder().select('o').from(Order, 'o').offset(page).limit(10).getMany(); // expect: offset-pagination
  }
  e() {
    return this.ds.manager.find(Order, { skip: 5 }); // expect: offset-pagination
  }
  f() {
    return this.repo.createQueryBuilder('o').skip(0).getMany();
  }
}
`);
    });
  });

  describe('Sequelize', () => {
    it('flags offset on findAll/findAndCountAll of a model', () => {
      at('src/models/user.ts', `import { Model, DataTypes, Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export class User extends Model {}
const Post = sequelize.define('Post', { title: DataTypes.STRING });
export async function list(page: number) {
  await User.findAll({ offset: page * 20, limit: 20 }); // expect: offset-pagination
  await Post.findAndCountAll({ offset: page }); // expect: offset-pagination
  await User.findAll({ offset: 0, limit: 20 });
}
`);
    });
  });

  describe('Mongoose and MongoDB', () => {
    it('flags Model.find().skip(n), find options { skip } and $skip stages', () => {
      at('src/models/users.ts', `import mongoose from 'mongoose';
const User = mongoose.model('User', new mongoose.Schema({ name: String }));
export async function list(page: number) {
  await User.find({}).sort({ _id: 1 }).skip(page * 20).limit(20); // expect: offset-pagination
  await User.find({}, null, { skip: page }); // expect: offset-pagination
  await User.aggregate([{ $match: {} }, { $skip: page * 20 }, { $limit: 20 }]); // expect: offset-pagination
  await User.aggregate([{ $skip: 0 }]);
  await User.find({ skip: true });
}
`);
    });

    it('flags the driver: collection.find().skip(n) and find(q, { skip })', () => {
      at('src/repos/events.ts', `import { MongoClient, type Collection } from 'mongodb';
const client = new MongoClient('mongodb://db');
export async function list(events: Collection, page: number) {
  await events.find({}).skip(page).limit(10).toArray(); // expect: offset-pagination
  await client.db().collection('x').find({}, { skip: page }).toArray(); // expect: offset-pagination
}
`);
    });

    it('flags an injected Model<T> (NestJS @InjectModel)', () => {
      at('src/cats/cats.service.ts', `import { Model } from 'mongoose';
export class CatsService {
  constructor(private readonly cats: Model<unknown>) {}
  page(n: number) {
    return this.cats.find().skip(n).exec(); // expect: offset-pagination
  }
}
`);
    });
  });

  describe('SQL builders: Knex, Kysely, Drizzle', () => {
    it('flags .offset() on Knex queries (knex instance from another module and require)', () => {
      check({
        'src/db.ts': "import knex from 'knex';\nexport const db = knex({ client: 'pg' });\n",
        'src/repos/users.ts': `import { db } from '../db';
export const page = (n: number) => db('users').orderBy('id').limit(10).offset(n * 10); // expect: offset-pagination
export const first = () => db('users').offset(0);
export const direct = (n: number) => db('users').offset(n); // expect: offset-pagination
`,
      }, undefined, only);
      at('lib/repo.js', "const knex = require('knex')({ client: 'pg' });\nmodule.exports = (n) => knex.select('*').from('t').offset(n); // expect: offset-pagination\n");
    });

    it('flags .offset() on Kysely and Drizzle queries', () => {
      at('src/repos/k.ts', `import { Kysely } from 'kysely';
const db = new Kysely<any>({} as any);
export const page = (n: number) => db.selectFrom('person').selectAll().orderBy('id').limit(10).offset(n).execute(); // expect: offset-pagination
`);
      at('src/repos/d.ts', `import { drizzle } from 'drizzle-orm/node-postgres';
import { users } from './schema';
const db = drizzle(process.env.DATABASE_URL!);
export const page = (n: number) => db.select().from(users).limit(10).offset(n * 10); // expect: offset-pagination
export const rq = (n: number) => db.query.users.findMany({ limit: 10, offset: n }); // expect: offset-pagination
`);
    });

    it('falls back to the query chain when the receiver cannot be resolved (data-access file)', () => {
      at('src/repos/anything.js', "const { query } = require('./db');\nimport('pg');\nexports.list = (qb, n) => qb.select('*').from('t').where('a', 1).offset(n); // expect: offset-pagination\n");
    });
  });

  describe('raw SQL', () => {
    it('flags OFFSET in strings and template literals, and MySQL LIMIT a, b', () => {
      at('src/repos/sql.ts', `import { Pool } from 'pg';
const pool = new Pool({ statement_timeout: 1000 });
export async function list(page: number, size: number) {
  await pool.query('SELECT * FROM orders ORDER BY id LIMIT $1 OFFSET $2', [size, page * size]); // expect: offset-pagination
  await pool.query(\`SELECT id FROM orders ORDER BY id LIMIT \${size} OFFSET \${page * size}\`); // expect: offset-pagination
  await pool.query('SELECT * FROM orders ORDER BY id LIMIT ?, ?', [page * size, size]); // expect: offset-pagination
  await pool.query('SELECT * FROM orders ORDER BY id LIMIT 20, 10'); // expect: offset-pagination
  await pool.query('SELECT * FROM orders ORDER BY id ' + 'LIMIT 10 OFFSET ' + page * 10); // expect: offset-pagination
  // expect-next: offset-pagination
  await pool.query(\`
    SELECT * FROM orders
    WHERE tenant = $1
    ORDER BY created_at DESC
    LIMIT 20 OFFSET $2\`, ['t', page]);
}
`);
    });

    it('does not flag OFFSET 0, LIMIT 0, n, keyset queries or SQL-free strings', () => {
      at('src/repos/sql.ts', `export const a = 'SELECT * FROM orders ORDER BY id LIMIT 20 OFFSET 0';
export const b = 'SELECT * FROM orders ORDER BY id LIMIT 0, 20';
export const c = 'SELECT * FROM orders WHERE id > $1 ORDER BY id LIMIT 20';
export const d = \`SELECT * FROM orders ORDER BY id LIMIT 20 OFFSET \${0}\`;
export const e = 'UPDATE settings SET offset = 5 WHERE id = 1';
`);
    });
  });

  describe('look-alikes that are not offset pagination', () => {
    it("morgan's skip option", () => {
      at('src/app.ts', "import express from 'express';\nimport morgan from 'morgan';\nconst app = express();\napp.use(morgan('combined', { skip: (req, res) => res.statusCode < 400 }));\n");
    });

    it('Buffer#readUInt32BE(offset), DataView offsets, string slicing', () => {
      at('src/services/bin.ts', "export function read(buf: Buffer, offset: number) {\n  const dv = new DataView(buf.buffer);\n  return buf.readUInt32BE(offset) + dv.getUint8(offset) + buf.subarray(offset).length;\n}\n");
    });

    it('time-zone offsets', () => {
      at('src/services/time.ts', `import { DateTime } from 'luxon';
import moment from 'moment';
export const tz = () => new Date().getTimezoneOffset();
export const m = () => moment().utcOffset(120);
export const l = () => DateTime.now().setZone('UTC+2').offset;
export const opts = { offset: '+02:00' };
`);
    });

    it('DTO and GraphQL fields named skip', () => {
      at('src/users/users.dto.ts', `import { Field, InputType, Int } from '@nestjs/graphql';
@InputType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  skip?: number;
  @Field(() => Int)
  take!: number;
}
export const typeDefs = 'type Query { users(skip: Int, take: Int): [User!]! }';
export function toArgs(q: { skip?: number }) {
  return { skip: q.skip, take: 20 };
}
`);
    });

    it('the word in a log message or error text', () => {
      at('src/services/log.ts', `import { Injectable, Logger } from '@nestjs/common';
@Injectable()
export class S {
  private readonly logger = new Logger('S');
  run(offset: number) {
    this.logger.log(\`skipping to offset \${offset} of the selection from the queue\`);
    throw new Error('Failed to select rows from the cache, offset 10 is out of range');
  }
}
`);
    });

    it('kafkajs consumer.seek({ offset }) and a service method that forwards paging params', () => {
      at('src/jobs/consume.ts', "import { Kafka } from 'kafkajs';\nconst consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });\nexport const seek = () => consumer.seek({ topic: 't', partition: 0, offset: '42' });\n");
      check({
        'src/users/users.service.ts': 'export class UsersService {\n  async findAll(q: { skip: number; take: number }) {\n    return q;\n  }\n}\n',
        'src/users/users.controller.ts': `import { UsersService } from './users.service';
export class UsersController {
  constructor(private readonly users: UsersService) {}
  list(skip: number) {
    return this.users.findAll({ skip, take: 20 });
  }
}
`,
      }, undefined, only);
    });

    it('does not fire in tests', () => {
      check({ 'test/users.test.ts': "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nvoid prisma.user.findMany({ skip: 10, take: 10 });\n" }, undefined, only);
    });
  });

  it('reports on the skip/offset property or method name', () => {
    const [f] = at('src/r.ts', "import { PrismaClient } from '@prisma/client';\nconst p = new PrismaClient();\nexport const x = () => p.user.findMany({ take: 1, skip: 9 }); // expect: offset-pagination@51\n");
    assert.equal(f!.range.end.character - f!.range.start.character, 'skip: 9'.length);
    assert.match(f!.message, /cursor/);
    assert.deepEqual(f!.lesson, { phaseId: 'api-engineering', topicId: 'pagination' });
  });
});

describe('analysis: offset-pagination names a keyset example for the library it saw', () => {
  const cases: [string, string, string][] = [
    ['prisma', 'src/users/users.repository.ts', "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const page = (n: number) => prisma.user.findMany({ skip: n * 20, take: 20 }); // expect: offset-pagination\n"],
    ['typeorm', 'src/posts/posts.service.ts', "import { DataSource } from 'typeorm';\nexport async function page(ds: DataSource, n: number) {\n  const qb = ds.createQueryBuilder();\n  return qb.select('p').from('post', 'p').skip(n).take(10).getMany(); // expect: offset-pagination\n}\n"],
    ['mongoose', 'src/models/post.ts', "import mongoose from 'mongoose';\nconst Post = mongoose.model('Post', new mongoose.Schema({}));\nexport const page = (n: number) => Post.find({}).sort({ _id: -1 }).skip(n).limit(10); // expect: offset-pagination\n"],
    ['knex', 'src/repos/orders.ts', "import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport const page = (n: number) => db('orders').orderBy('id').limit(10).offset(n); // expect: offset-pagination\n"],
    ['sql', 'src/repos/raw.ts', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const page = (n: number) => pool.query('SELECT * FROM t ORDER BY id LIMIT 10 OFFSET $1', [n]); // expect: offset-pagination\n"],
  ];
  for (const [flavor, path, text] of cases) {
    it(`${flavor}: the finding carries keyset/${flavor}, an example that parses as TypeScript`, () => {
      const [f] = at(path, text);
      assert.equal(f!.example, `keyset/${flavor}`);
      const example = exampleById(f!.example!)!;
      assert.match(example.text, /ORDER BY created_at DESC, id DESC|orderBy|sort\(/);
      const sf = ts.createSourceFile(example.fileName, example.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      assert.deepEqual((sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
      assert.doesNotMatch(example.text, /\boffset\(|\bskip:\s*n/, 'the example itself does not page by offset');
    });
  }

  it('every library has an example, and an unknown id has none', () => {
    for (const flavor of KEYSET_FLAVORS) assert.ok(exampleById(`keyset/${flavor}`)?.text.includes('Keyset'), flavor);
    assert.equal(exampleById('keyset/cobol'), undefined);
    assert.equal(exampleById('../../etc/passwd'), undefined);
  });
});
