-- The demo's orders database: customers, orders, order_items. Money is numeric, times carry a zone,
-- some columns are nullable, and customers.profile is a large (TOASTed) text.
-- psql variables: :customers, :orders
DROP TABLE IF EXISTS order_items, orders, customers CASCADE;
DROP TYPE IF EXISTS order_status;
DROP SEQUENCE IF EXISTS orders_id_seq;
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');

CREATE TABLE customers (
  id          bigint PRIMARY KEY,
  name        text NOT NULL,
  email       text NOT NULL,
  country     char(2) NOT NULL,
  created_at  timestamptz NOT NULL,
  profile     text
);

CREATE TABLE orders (
  id          bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  status      order_status NOT NULL,
  amount      numeric(12,2) NOT NULL,
  currency    char(3) NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  shipped_at  timestamptz,
  note        text
);

CREATE TABLE order_items (
  order_id    bigint NOT NULL,
  line_no     int NOT NULL,
  sku         text NOT NULL,
  qty         int NOT NULL,
  unit_price  numeric(10,2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

INSERT INTO customers
SELECT g, 'Customer ' || g, 'c' || g || '@example.com', (ARRAY['DE','FR','US','JP','BR'])[1 + g % 5],
       timestamptz '2023-01-01 00:00:00+00' + (g % 500) * interval '1 day',
       CASE WHEN g % 50 = 0 THEN repeat(md5(g::text), 200) END
FROM generate_series(1, :customers) g;

INSERT INTO orders
SELECT g, 1 + (g * 7919) % :customers, (ARRAY['new','paid','shipped','cancelled']::order_status[])[1 + g % 4],
       round((5 + (g * 37) % 99500 / 100.0)::numeric, 2), 'EUR',
       timestamptz '2024-01-01 00:00:00+00' + g * (interval '300 days' / :orders),
       timestamptz '2024-01-01 00:00:00+00' + g * (interval '300 days' / :orders),
       CASE WHEN g % 4 = 2 THEN timestamptz '2024-01-03 00:00:00+00' + g * (interval '300 days' / :orders) END,
       CASE WHEN g % 10 = 0 THEN 'gift wrap' END
FROM generate_series(1, :orders) g;

INSERT INTO order_items
SELECT o, l, 'SKU-' || ((o * l) % 5000), 1 + (o + l) % 5, round((1 + ((o * 13 + l) % 20000) / 100.0)::numeric, 2)
FROM generate_series(1, :orders) o, generate_series(1, 2) l;

-- Keys for new rows from the live load start above the generated ones.
CREATE SEQUENCE orders_id_seq START WITH 100000000;
ANALYZE customers, orders, order_items;
