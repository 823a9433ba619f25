import assert from 'node:assert/strict';
import { analyzeIn, applyFix, check, fixNamed, lineOf, workspace } from '../fixtures/analysis/helpers';

const only = { rules: ['console-in-service' as const] };

describe('analysis: console-in-service', () => {
  describe('fires in backend service code', () => {
    it('flags every console method that writes: log, info, warn, error, debug, trace, dir, table', () => {
      check(`
export function handle(x: unknown) {
  console.log('a', x); // expect: console-in-service@3
  console.info('b'); // expect: console-in-service
  console.warn('c'); // expect: console-in-service
  console.error('d'); // expect: console-in-service
  console.debug('e'); // expect: console-in-service
  console.trace('f'); // expect: console-in-service
  console.dir(x); // expect: console-in-service
  console.table([x]); // expect: console-in-service
  console.time('t');
  console.assert(x);
  console.count();
}
`, undefined, only);
    });

    for (const path of [
      'src/services/orders.ts', 'src/controllers/orders.ts', 'src/routes/orders.ts', 'src/handlers/orders.ts', 'src/repositories/orders.ts',
      'src/jobs/cleanup.ts', 'src/workers/mailer.ts', 'src/orders/orders.service.ts', 'src/orders/orders.controller.ts', 'src/orders/orders.repository.ts',
      'src/orders/orders.routes.ts', 'src/orders/orders.handler.ts', 'src/orders/orders.job.ts', 'src/orders/orders.worker.ts', 'src/server.ts', 'api/orders.js',
    ]) {
      it(`by path convention: ${path}`, () => {
        check({ [path]: "export function f() {\n  console.log('x'); // expect: console-in-service\n}\n" }, path, only);
      });
    }

    for (const mod of ['express', 'fastify', 'koa', '@nestjs/common', '@nestjs/core', '@hapi/hapi', 'hapi', 'prisma', '@prisma/client', 'typeorm', 'sequelize', 'mongoose', 'knex', 'pg', 'ioredis', 'bullmq', 'kafkajs', 'amqplib']) {
      it(`in any module that imports ${mod}`, () => {
        check({ 'src/lib/thing.ts': `import * as m from '${mod}';\nvoid m;\nconsole.log('x'); // expect: console-in-service\n` }, undefined, only);
      });
    }

    it('in CommonJS modules that require a server framework', () => {
      check({ 'lib/app.js': "const express = require('express');\nconst app = express();\nconsole.log('listening'); // expect: console-in-service\n" }, undefined, only);
    });

    it('through globalThis.console', () => {
      check("globalThis.console.log('x'); // expect: console-in-service\n", undefined, only);
    });

    it('in servicePaths globs from the settings', () => {
      check({ 'lib/core/billing.ts': "console.log('x'); // expect: console-in-service\n" }, undefined, { ...only, config: { servicePaths: ['lib/core/**'] } });
    });
  });

  describe('does not fire', () => {
    for (const path of [
      'test/orders.test.ts', 'src/services/orders.test.ts', 'src/services/orders.spec.ts', 'src/services/__tests__/orders.ts', 'e2e/flow.ts',
      'scripts/backfill.ts', 'src/scripts/backfill.ts', 'migrations/001_init.js', 'src/migrations/1700000000-init.ts', 'db/seeds/users.ts', 'prisma/seed.ts',
      'src/cli.ts', 'bin/tool.js', 'src/tools/dump.ts', 'src/config/index.ts', 'src/config.ts', 'jest.config.js', 'vite.config.ts',
      'src/logger.ts', 'src/lib/logger.ts', 'src/logging/transport.ts', 'src/services/logger.ts',
    ]) {
      it(`in ${path} (tests, scripts, migrations, seeds, CLIs, config, logger implementations)`, () => {
        check({ [path]: "import express from 'express';\nvoid express;\nconsole.log('x');\n" }, path, only);
      });
    }

    it('in React components (.tsx, react imports)', () => {
      check({ 'src/components/Cart.tsx': "export function Cart() {\n  console.log('render');\n  return <div />;\n}\n" }, undefined, only);
      check({ 'src/hooks/useCart.ts': "import { useState } from 'react';\nexport function useCart() {\n  console.log('x');\n  return useState(0);\n}\n" }, undefined, only);
    });

    it('in Vue and Svelte component code and "use client" modules', () => {
      check({ 'src/store/cart.ts': "import { ref } from 'vue';\nexport const n = ref(0);\nconsole.log('x');\n" }, undefined, only);
      check({ 'src/lib/stores.ts': "import { writable } from 'svelte/store';\nimport { onMount } from 'svelte';\nvoid writable; void onMount;\nconsole.log('x');\n" }, undefined, only);
      check({ 'src/services/client-only.ts': "'use client';\nconsole.log('x');\n" }, undefined, only);
    });

    it('in command-line tools with a shebang, wherever they live', () => {
      check({ 'src/services/migrate-now.ts': "#!/usr/bin/env node\nimport knex from 'knex';\nvoid knex;\nconsole.log('done');\n" }, undefined, only);
    });

    it('in plain library code that is not a service', () => {
      check({ 'src/utils/strings.ts': "export const pad = (s: string) => { console.log(s); return s.padStart(2); };\n" }, undefined, only);
    });

    it('when console is shadowed (parameter, local, import)', () => {
      check(`
export function a(console: { log(x: string): void }) {
  console.log('param');
}
export function b() {
  const console = { log: (x: string) => x };
  console.log('local');
}
`, undefined, only);
      check({ 'src/services/s.ts': "import console from './my-console';\nconsole.log('imported');\n" }, undefined, only);
      check({ 'src/services/s.js': "var console = require('./c');\nfunction f() { console.log('hoisted var'); }\nf();\n" }, undefined, only);
    });

    it('for console methods that do not log (time, count, assert, group)', () => {
      check("console.time('a');\nconsole.count();\nconsole.group();\nconsole.assert(true);\n", undefined, only);
    });

    it('when the rule is off, or ignored', () => {
      check("console.log('x');\n", undefined, { ...only, config: { rules: { 'console-in-service': 'off' } as never } });
    });
  });

  describe('names the logger and fixes', () => {
    it('uses an imported pino logger in scope (preferred fix)', () => {
      const text = "import pino from 'pino';\nconst logger = pino();\nexport function f() {\n  console.log('hello'); // expect: console-in-service\n}\n";
      const [f] = check(text, undefined, only);
      assert.match(f!.message, /logger \(pino\)/);
      const fix = fixNamed(f!, /Use logger\.info/);
      assert.equal(fix.preferred, true);
      assert.equal(lineOf(applyFix(text, fix), 4), "  logger.info('hello');");
    });

    it("uses a NestJS class logger with NestJS's method names", () => {
      const text = `import { Injectable, Logger } from '@nestjs/common';
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);
  create() {
    console.log('created'); // expect: console-in-service
    console.trace('t'); // expect: console-in-service
  }
}
`;
      const [log, trace] = check({ 'src/orders/orders.service.ts': text }, undefined, only);
      assert.match(log!.message, /this\.logger \(NestJS Logger\)/);
      assert.equal(lineOf(applyFix(text, fixNamed(log!, /Use this\.logger\.log/)), 6), "    this.logger.log('created');");
      assert.equal(lineOf(applyFix(text, fixNamed(trace!, /Use this\.logger\.verbose/)), 7), "    this.logger.verbose('t');");
    });

    it('uses an injected winston logger (constructor parameter property)', () => {
      const text = `import type { Logger } from 'winston';
import winston from 'winston';
export class Mailer {
  constructor(private readonly log: winston.Logger, private readonly other: Logger) {}
  send() {
    console.warn('slow'); // expect: console-in-service
  }
}
`;
      const analyzer = workspace({});
      const [f] = analyzeIn(analyzer, 'src/services/mailer.ts', text);
      assert.ok(f);
      assert.match(f.message, /winston/);
    });

    it("uses Fastify's request.log in a Fastify handler", () => {
      const text = `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async (request, reply) => {
  console.info('hit'); // expect: console-in-service
  return reply.send('ok');
});
`;
      const [f] = check({ 'src/app.ts': text }, undefined, only);
      assert.match(f!.message, /request\.log/);
      assert.equal(lineOf(applyFix(text, fixNamed(f!, /request\.log\.info/)), 4), "  request.log.info('hit');");
    });

    it('names the project logger from a sibling logger.ts even when this file does not import it', () => {
      const files = {
        'src/logger.ts': "import pino from 'pino';\nexport const logger = pino({ level: 'info' });\n",
        'src/services/orders.ts': "export function create() {\n  console.log('creating'); // expect: console-in-service\n}\n",
      };
      const [f] = check(files, undefined, only);
      assert.match(f!.message, /pino logger: import \{ logger \} from '\.\.\/logger'/);
      assert.equal(f!.fixes.some((x) => x.preferred), false, 'no preferred fix: the logger is not in scope');
      const fixed = applyFix(files['src/services/orders.ts'], fixNamed(f!, /Use the project's pino logger: logger\.info/));
      assert.equal(fixed, "import { logger } from '../logger';\nexport function create() {\n  logger.info('creating'); // expect: console-in-service\n}\n");
    });

    it("switches to the project's logger: the import goes after the file's imports, in the file's own specifier style", () => {
      const files = {
        'src/lib/log.ts': "import { createLogger } from 'winston';\nexport const appLog = createLogger({});\n",
        'src/services/users.ts': "import { randomUUID } from 'node:crypto';\nimport { db } from '../db/pool.js';\n\nexport async function add() {\n  console.warn('slow', randomUUID()); // expect: console-in-service\n  await db.query('x');\n}\n",
      };
      const [f] = check(files, undefined, only);
      const fixed = applyFix(files['src/services/users.ts'], fixNamed(f!, /Use the project's winston logger: appLog\.warn/));
      assert.equal(lineOf(fixed, 3), "import { appLog } from '../lib/log.js';");
      assert.equal(lineOf(fixed, 6), "  appLog.warn('slow', randomUUID());");
    });

    it('offers no logger switch where the import could clash or cannot be written', () => {
      const logger = { 'src/logger.ts': "import pino from 'pino';\nexport const logger = pino();\n" };
      const clash = check({ ...logger, 'src/services/a.ts': "const logger = 'audit';\nexport function f() {\n  console.log(logger); // expect: console-in-service\n}\n" }, 'src/services/a.ts', only);
      assert.equal(clash[0]!.fixes.some((x) => /project's/.test(x.title)), false, 'a local named logger exists');
      const cjs = check({ ...logger, 'src/services/b.js': "const express = require('express');\nvoid express;\nfunction f() {\n  console.log('x'); // expect: console-in-service\n}\nf();\n" }, 'src/services/b.js', only);
      assert.equal(cjs[0]!.fixes.some((x) => /project's/.test(x.title)), false, 'CommonJS: no import statement');
    });

    it('names a winston logger exported by another module', () => {
      const files = {
        'src/lib/log.ts': "import { createLogger } from 'winston';\nexport const appLog = createLogger({});\n",
        'src/routes/users.ts': "console.error('boom'); // expect: console-in-service\n",
      };
      const [f] = check(files, undefined, only);
      assert.match(f!.message, /winston logger: import \{ appLog \} from '\.\.\/lib\/log'/);
    });

    it('finds loggers exported as a default export or through module.exports', () => {
      const [a] = check({ 'src/log/index.ts': "import pino from 'pino';\nexport default pino();\n", 'src/jobs/a.ts': "console.log('x'); // expect: console-in-service\n" }, undefined, only);
      assert.match(a!.message, /pino logger: import logger from '\.\.\/log'/);
      const [b] = check({ 'lib/logging.js': "module.exports = require('winston').createLogger({});\n", 'src/jobs/b.js': "console.log('x'); // expect: console-in-service\n" }, undefined, only);
      assert.match(b!.message, /winston logger/);
    });

    it('uses a logger imported from a project module (fix through the import)', () => {
      const files = {
        'src/lib/logger.ts': "import pino from 'pino';\nexport const log = pino();\n",
        'src/services/a.ts': "import { log } from '../lib/logger';\nexport function f() {\n  console.debug('d'); // expect: console-in-service\n}\n",
      };
      const [f] = check(files, undefined, only);
      assert.equal(lineOf(applyFix(files['src/services/a.ts'], fixNamed(f!, /Use log\.debug/)), 3), "  log.debug('d');");
    });

    it('suggests NestJS Logger in a NestJS file without one, and pino otherwise', () => {
      const [nest] = check({ 'src/a.controller.ts': "import { Controller } from '@nestjs/common';\n@Controller()\nexport class A { get() { console.log('x'); } } // expect: console-in-service\n" }, undefined, only);
      assert.match(nest!.message, /NestJS's Logger/);
      const [plain] = check("console.log('x'); // expect: console-in-service\n", undefined, only);
      assert.match(plain!.message, /structured logger such as pino/);
    });

    it('a logger by name only is offered, but not as the preferred fix', () => {
      const text = "export function f(logger: any) {\n  console.log('x'); // expect: console-in-service\n}\n";
      const [f] = check(text, undefined, only);
      assert.equal(fixNamed(f!, /Use logger\.info/).preferred, false);
    });
  });
});
