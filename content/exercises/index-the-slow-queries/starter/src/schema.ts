// The shop's tables and a deterministic data set. You do not need to change this file.

export const SCHEMA = `
  CREATE TABLE customers (
    id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    name  text NOT NULL
  );
  CREATE TABLE orders (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id),
    status      text NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
    created_at  timestamptz NOT NULL,
    total_cents integer NOT NULL
  );
`;

/**
 * 20,000 customers (a third of them typed their email with capitals) and 40,000 orders from the
 * 300 most active ones, 7 minutes apart: 1 % pending, 40 % paid, 50 % shipped, 9 % cancelled.
 */
export const SEED = `
  INSERT INTO customers (email, name)
  SELECT CASE WHEN g % 3 = 0 THEN 'User' || g || '@Example.com' ELSE 'user' || g || '@example.com' END, 'Customer ' || g
  FROM generate_series(1, 20000) AS g;

  INSERT INTO orders (customer_id, status, created_at, total_cents)
  SELECT 1 + (g * 7919) % 300,
         CASE WHEN g % 100 = 0 THEN 'pending' WHEN g % 10 < 4 THEN 'paid' WHEN g % 10 < 9 THEN 'shipped' ELSE 'cancelled' END,
         timestamptz '2025-01-01 00:00:00+00' + g * interval '7 minutes',
         500 + (g * 37) % 20000
  FROM generate_series(1, 40000) AS g;
`;
