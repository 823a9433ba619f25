import jwt from 'jsonwebtoken';
import { pool } from '@db/pool';

export interface Session {
  token: string;
  customerId: string;
}

export class SessionService {
  /** Opens a session for a customer whose password was already checked; the token goes in an HttpOnly cookie. */
  async open(customerId: string): Promise<Session> {
    await pool.query('UPDATE customers SET last_login_at = now() WHERE id = $1', [customerId]);
    const token = jwt.sign({ sub: customerId, scope: 'orders' }, process.env.SESSION_SECRET!);
    return { token, customerId };
  }
}
