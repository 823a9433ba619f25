/**
 * A tiny articles API protected by your guard. Provided: read it to see how guard() is used.
 *
 *   GET    /articles/:id   article:read
 *   POST   /articles       article:create
 *   PUT    /articles/:id   article:update   (authors: their own drafts only)
 *   DELETE /articles/:id   article:delete
 */

import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from './auth.ts';
import type { User } from './auth.ts';
import { guard, sendJson } from './guard.ts';

export interface Article {
  id: string;
  title: string;
  authorId: string;
  status: 'draft' | 'published';
}

export function createServer({ articles, sessions }: { articles: Map<string, Article>, sessions: Map<string, User> }): http.Server {
  const options = {
    authenticate: (req: IncomingMessage) => authenticate(req, sessions),
    loadResource: async (req: IncomingMessage) => articles.get(articleId(req)) ?? null,
  };

  const readArticle = guard('article:read', (_req, res, { resource }) => {
    sendJson(res, 200, resource);
  }, options);

  const createArticle = guard('article:create', async (req, res, { user }) => {
    const body = await readJson(req);
    const article: Article = { id: `a-${articles.size + 1}`, title: String(body.title ?? ''), authorId: user.id, status: 'draft' };
    articles.set(article.id, article);
    sendJson(res, 201, article);
  }, { authenticate: options.authenticate });

  const updateArticle = guard('article:update', async (req, res, { resource }) => {
    const article = resource as Article;
    const body = await readJson(req);
    if (typeof body.title === 'string') article.title = body.title;
    sendJson(res, 200, article);
  }, options);

  const deleteArticle = guard('article:delete', (_req, res, { resource }) => {
    articles.delete((resource as Article).id);
    res.statusCode = 204;
    res.end();
  }, options);

  return http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let route: ((req: IncomingMessage, res: ServerResponse) => unknown) | undefined;
    if (path === '/articles' && req.method === 'POST') route = createArticle;
    else if (/^\/articles\/[^/]+$/.test(path)) {
      const byMethod: Record<string, typeof route> = { GET: readArticle, PUT: updateArticle, DELETE: deleteArticle };
      route = byMethod[req.method ?? ''];
    }
    if (!route) return sendJson(res, 404, { error: 'not_found' });
    const chosen = route;

    // A safety net: whatever goes wrong inside a route becomes a 500, never a crash.
    Promise.resolve()
      .then(() => chosen(req, res))
      .catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
        else res.destroy();
      });
  });
}

function articleId(req: IncomingMessage): string {
  return decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.split('/')[2] ?? '');
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    const value: unknown = JSON.parse(text || '{}');
    return typeof value === 'object' && value !== null ? value as Record<string, unknown> : {};
  } catch {
    return {};
  }
}
