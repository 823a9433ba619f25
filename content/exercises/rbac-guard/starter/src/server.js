// @ts-check
/**
 * A tiny articles API protected by your guard. Provided: read it to see how guard() is used.
 *
 *   GET    /articles/:id   article:read
 *   POST   /articles       article:create
 *   PUT    /articles/:id   article:update   (authors: their own drafts only)
 *   DELETE /articles/:id   article:delete
 */

import http from 'node:http';
import { authenticate } from './auth.js';
import { guard, sendJson } from './guard.js';

/**
 * @typedef {{ id: string, title: string, authorId: string, status: 'draft' | 'published' }} Article
 */

/**
 * @param {{ articles: Map<string, Article>, sessions: Map<string, import('./auth.js').User> }} deps
 */
export function createServer({ articles, sessions }) {
  const options = {
    authenticate: (/** @type {http.IncomingMessage} */ req) => authenticate(req, sessions),
    loadResource: async (/** @type {http.IncomingMessage} */ req) => articles.get(articleId(req)) ?? null,
  };

  const readArticle = guard('article:read', (_req, res, { resource }) => {
    sendJson(res, 200, resource);
  }, options);

  const createArticle = guard('article:create', async (req, res, { user }) => {
    const body = await readJson(req);
    const article = { id: `a-${articles.size + 1}`, title: String(body.title ?? ''), authorId: user.id, status: /** @type {const} */ ('draft') };
    articles.set(article.id, article);
    sendJson(res, 201, article);
  }, { authenticate: options.authenticate });

  const updateArticle = guard('article:update', async (req, res, { resource }) => {
    const article = /** @type {Article} */ (resource);
    const body = await readJson(req);
    if (typeof body.title === 'string') article.title = body.title;
    sendJson(res, 200, article);
  }, options);

  const deleteArticle = guard('article:delete', (_req, res, { resource }) => {
    articles.delete(/** @type {Article} */ (resource).id);
    res.statusCode = 204;
    res.end();
  }, options);

  return http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    /** @type {((req: http.IncomingMessage, res: http.ServerResponse) => unknown) | undefined} */
    let route;
    if (path === '/articles' && req.method === 'POST') route = createArticle;
    else if (/^\/articles\/[^/]+$/.test(path)) {
      route = { GET: readArticle, PUT: updateArticle, DELETE: deleteArticle }[req.method ?? ''];
    }
    if (!route) return sendJson(res, 404, { error: 'not_found' });

    // A safety net: whatever goes wrong inside a route becomes a 500, never a crash.
    Promise.resolve()
      .then(() => route(req, res))
      .catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
        else res.destroy();
      });
  });
}

/** @param {http.IncomingMessage} req */
function articleId(req) {
  return decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.split('/')[2] ?? '');
}

/**
 * @param {http.IncomingMessage} req
 * @returns {Promise<Record<string, unknown>>}
 */
async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    const value = JSON.parse(text || '{}');
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}
