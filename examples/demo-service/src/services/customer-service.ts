import { createHash, randomUUID } from 'node:crypto';
import { pool } from '@db/pool';

export interface NewCustomer {
  email: string;
  password: string;
}

export class CustomerService {
  async register(input: NewCustomer): Promise<string> {
    const id = randomUUID();
    const passwordHash = createHash('sha256').update(input.password).digest('hex');
    await pool.query('INSERT INTO customers (id, email, password_hash) VALUES ($1, $2, $3)', [id, input.email.toLowerCase(), passwordHash]);
    return id;
  }
}
