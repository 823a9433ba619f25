/**
 * Authentication: who is calling? Provided.
 * A real service would verify a JWT or look a session up in Redis; here a Map stands in for the
 * session store.
 */

import type { IncomingMessage } from 'node:http';

export interface User {
  id: string;
  roles: string[];
}

/**
 * Reads `Authorization: Bearer <token>` and returns the user it belongs to, or null.
 * @param sessions token → user
 */
export function authenticate(req: IncomingMessage, sessions: Map<string, User>): User | null {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  if (!match) return null;
  return sessions.get(match[1]) ?? null;
}
