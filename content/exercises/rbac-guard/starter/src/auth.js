// @ts-check
/**
 * Authentication: who is calling? Provided.
 * A real service would verify a JWT or look a session up in Redis; here a Map stands in for the
 * session store.
 */

/**
 * @typedef {{ id: string, roles: string[] }} User
 */

/**
 * Reads `Authorization: Bearer <token>` and returns the user it belongs to, or null.
 * @param {import('node:http').IncomingMessage} req
 * @param {Map<string, User>} sessions token → user
 * @returns {User | null}
 */
export function authenticate(req, sessions) {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  if (!match) return null;
  return sessions.get(match[1]) ?? null;
}
