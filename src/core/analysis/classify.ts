/** Decides what kind of file a path is, from conventions the roadmap's readers use. Paths use `/`. */

const TEST = /(^|\/)(test|tests|__tests__|__mocks__|spec|specs|e2e|fixtures?)\/|\.(test|spec|e2e)\.[cm]?[jt]sx?$/i;
const NOT_SERVICE = /(^|\/)(scripts?|migrations?|seeds?|seeders?|bin|cli|tools?|config|configs)\/|(^|\/)[^/]*\.config\.[cm]?[jt]s$|(^|\/)(cli|[^/]*-cli)\.[cm]?[jt]s$|(^|\/)[^/]*(logger|logging)[^/]*\.[cm]?[jt]sx?$|(^|\/)(logger|logging)\//i;
const SERVICE_DIR = /(^|\/)(services?|controllers?|routes?|routers?|handlers?|repositor(y|ies)|jobs?|workers?|processors?|consumers?|resolvers?|api|server|middlewares?|modules)\//i;
const SERVICE_FILE = /(^|\/)(server|app|main|index)\.[cm]?[jt]s$|\.(service|controller|route|routes|router|handler|repository|repo|job|worker|processor|consumer|resolver|gateway|middleware|module)\.[cm]?[jt]s$/i;
const FRONTEND_DIR = /(^|\/)(components?|pages|views|frontend|client|web|public|ui)\//i;

export const SERVER_MODULES = [
  'express', 'fastify', 'koa', '@hapi/hapi', 'hapi', 'prisma', '@prisma/client', 'typeorm', 'sequelize', 'mongoose',
  'knex', 'pg', 'ioredis', 'redis', 'bullmq', 'kafkajs', 'amqplib', 'mysql2', 'mongodb', 'kysely', 'drizzle-orm',
];
export const FRONTEND_MODULES = ['react', 'react-dom', 'vue', 'svelte', 'next/router', 'next/navigation', '@angular/core', 'solid-js', 'preact'];

export function isTestPath(path: string): boolean {
  return TEST.test(path);
}

export function isFrontend(path: string, imports: readonly string[], text: string): boolean {
  if (/\.(jsx|tsx)$/i.test(path) && !SERVICE_DIR.test(path)) return true;
  if (imports.some((m) => FRONTEND_MODULES.includes(m) || m === 'next')) return true;
  if (/^\s*['"]use client['"]/.test(text)) return true;
  return FRONTEND_DIR.test(path) && !imports.some((m) => isServerModule(m));
}

export function isServerModule(m: string): boolean {
  return SERVER_MODULES.includes(m) || m.startsWith('@nestjs/') || m.startsWith('@fastify/') || m.startsWith('@koa/');
}

/** Backend service code: by folder or file name convention, by configured globs, or by what it imports. */
export function isServiceCode(path: string, imports: readonly string[], servicePathMatch: boolean): boolean {
  if (NOT_SERVICE.test(path)) return false;
  return servicePathMatch || SERVICE_DIR.test(path) || SERVICE_FILE.test(path) || imports.some(isServerModule);
}

export function isLocalUrl(text: string): boolean {
  return /^[`'"]?(https?:\/\/)?(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)([:/`'"]|$)/i.test(text);
}

/** Minimal glob matcher for settings (`**`, `*`, `?`, `{a,b}`); paths use `/`. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(path) || globToRegExp(`**/${g}`).test(path));
}
