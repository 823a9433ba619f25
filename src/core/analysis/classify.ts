/** Decides what kind of file a path is, from conventions the roadmap's readers use. Paths use `/`. */

const TEST = new RegExp([
  // folders: test/, __tests__/, integration-tests/, e2e-tests/, test-utils/, testing/, mocks, fixtures, browser test runners
  /(^|\/)(test|tests|__tests__|__test__|__mocks__|__fixtures__|spec|specs|e2e|fixtures?|cypress|playwright|testing|test-?utils?|test-?helpers?|(integration|e2e|unit|functional|acceptance|api)[-_]?tests?)\//.source,
  // files: *.test.ts, *.spec.ts, *.e2e-spec.ts, *.e2e.ts, *.spec.helpers.ts, *.int-test.ts, test-utils.ts, setupTests.ts
  /\.(test|spec|e2e|cy|bench)([.-][\w-]+)?\.[cm]?[jt]sx?$/.source,
  /\.(e2e|int|integration)-[\w-]+\.[cm]?[jt]sx?$/.source,
  /(^|\/)(test-?utils?|test-?helpers?|setup-?tests?|jest\.setup|vitest\.setup)\.[cm]?[jt]sx?$/.source,
].join('|'), 'i');
const NOT_SERVICE = new RegExp([
  // folders: scripts, migrations, seeds, CLIs, tooling, configuration, loggers
  /(^|\/)(scripts?|migrations?|seeds?|seeders?|seeding|bin|cli|tools?|config|configs|logger|loggers|logging)\//.source,
  // files: *.config.ts, config.ts, env.ts, cli.ts, *-cli.ts, seed.ts, *.seed.ts, *.migration.ts, logger implementations
  /(^|\/)[^/]*\.config\.[cm]?[jt]s$/.source,
  /(^|\/)(config|configuration|env|environment|environments|secrets|cli|seed|seeds|migrate)\.[cm]?[jt]s$/.source,
  /(^|\/)[^/]*-cli\.[cm]?[jt]s$/.source,
  /\.(seed|seeder|migration)\.[cm]?[jt]s$/.source,
  /(^|\/)[^/]*(logger|logging)[^/]*\.[cm]?[jt]sx?$/.source,
  /(^|\/)log\.[cm]?[jt]s$/.source,
].join('|'), 'i');
const SERVICE_DIR = /(^|\/)(services?|controllers?|routes?|routers?|handlers?|repositor(y|ies)|repos|jobs?|workers?|processors?|consumers?|queues?|resolvers?|api|server|middlewares?|modules|usecases|use-cases)\//i;
const SERVICE_FILE = /(^|\/)(server|app|main)\.[cm]?[jt]s$|\.(service|controller|route|routes|router|handler|handlers|repository|repo|job|worker|processor|consumer|resolver|gateway|middleware|module|queue|cron|task)\.[cm]?[jt]s$/i;
/** Configuration folders: excluded, except for code that runs per request (passport strategies, mailers). */
const CONFIG_DIR = /(^|\/)(config|configs)\//i;
const REQUEST_TIME_MODULE = /^(passport(-[\w-]+)?|@nestjs\/passport|nodemailer|@sendgrid\/mail|@aws-sdk\/client-s3|stripe)$/;
/** Domain code: `core/` and `domain/` folders that declare classes. */
const DOMAIN_DIR = /(^|\/)(core|domain)\//i;
/** Browser APIs used as globals: the file runs in a browser. */
const DOM_USAGE = /\b(document|window|localStorage|sessionStorage|navigator)\s*\.\s*[a-zA-Z]|\bnew\s+(FileReader|File)\s*\(|\binstanceof\s+(File|Blob)\b|\bURL\.createObjectURL\b/;
/** Frontend folders anywhere in the path. */
const FRONTEND_DIR = /(^|\/)(components?|pages|views|hooks|ui|app\/\(.*\))\//i;
/** Frontend packages of a monorepo or the top-level frontend folder. */
const FRONTEND_ROOT = /^((packages|apps)\/[^/]+\/)?(client|web|frontend|public|www|webapp|site)\//i;

export const SERVER_MODULES = [
  'express', 'fastify', 'koa', '@hapi/hapi', 'hapi', 'prisma', '@prisma/client', 'typeorm', 'sequelize', 'mongoose',
  'knex', 'pg', 'ioredis', 'redis', 'bullmq', 'kafkajs', 'amqplib', 'mysql2', 'mongodb', 'kysely', 'drizzle-orm',
];
export const DATA_MODULES = ['@prisma/client', 'prisma', 'typeorm', 'sequelize', 'mongoose', 'mongodb', 'knex', 'kysely', 'drizzle-orm', 'pg', 'mysql2', '@nestjs/typeorm', '@nestjs/mongoose', '@nestjs/sequelize', '@mikro-orm/core', 'better-sqlite3'];
export const FRONTEND_MODULES = ['react', 'react-dom', 'vue', 'svelte', 'next/router', 'next/navigation', 'next/link', 'next/image', '@angular/core', 'solid-js', 'preact', 'react-native'];

export function isTestPath(path: string): boolean {
  return TEST.test(path);
}

export function isServerModule(m: string): boolean {
  return SERVER_MODULES.includes(m) || m.startsWith('@nestjs/') || m.startsWith('@fastify/') || m.startsWith('@koa/') || m.startsWith('@hapi/') || m.startsWith('drizzle-orm') || m.startsWith('@prisma/');
}

export function isDataModule(m: string): boolean {
  return DATA_MODULES.includes(m) || m.startsWith('@prisma/') || m.startsWith('drizzle-orm');
}

/** React/Vue/Svelte/Angular code, `'use client'` modules, and frontend folders (unless they import a server framework). */
export function isFrontend(path: string, imports: readonly string[], text: string): boolean {
  const apiRoute = /(^|\/)(pages|app)\/api\//i.test(path) || /(^|\/)route\.[cm]?[jt]s$/i.test(path);
  if (apiRoute) return false; // Next.js API routes and route handlers are backend code
  if (/\.(jsx|tsx)$/i.test(path) && !SERVICE_DIR.test(path) && !imports.some(isServerModule)) return true;
  if (imports.some((m) => FRONTEND_MODULES.includes(m) || /^(react-dom|@vue|@angular|@sveltejs|@remix-run\/react|@tanstack\/(react|vue|svelte))(\/|$)/.test(m))) return true;
  if (/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use client['"]/.test(text.slice(0, 2000))) return true;
  if (imports.some(isServerModule)) return false;
  return FRONTEND_DIR.test(path) || FRONTEND_ROOT.test(path) || DOM_USAGE.test(text);
}

/** Backend service code: by folder or file name convention, by configured globs, by what it imports, or domain classes. */
export function isServiceCode(path: string, imports: readonly string[], servicePathMatch: boolean, text = ''): boolean {
  if (servicePathMatch) return true;
  if (NOT_SERVICE.test(path)) return CONFIG_DIR.test(path) && imports.some((m) => REQUEST_TIME_MODULE.test(m));
  return SERVICE_DIR.test(path) || SERVICE_FILE.test(path) || imports.some(isServerModule) || (DOMAIN_DIR.test(path) && /\bclass\s+\w/.test(text));
}

/** `http://localhost…`, `127.0.0.1`, `[::1]`, `0.0.0.0` (with or without scheme, quotes or a port). */
export function isLocalUrl(text: string): boolean {
  return /^[`'"]?([a-z][a-z0-9+.-]*:\/\/)?([^@/\s]*@)?(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)([:/`'"?#]|$)/i.test(text.trim());
}
