-- The benchmark's orders table: the demo's columns (numeric money, timestamps with time zone, a
-- nullable text), :rows rows, generated in one statement. psql variable: :rows
DROP TABLE IF EXISTS orders;
CREATE TABLE orders (
  id          bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  status      text NOT NULL,
  amount      numeric(12,2) NOT NULL,
  currency    char(3) NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  shipped_at  timestamptz,
  note        text
);
INSERT INTO orders
SELECT g, 1 + g % 100000, (ARRAY['new','paid','shipped','cancelled'])[1 + g % 4],
       round((5 + (g * 7919 % 100000) / 100.0)::numeric, 2), 'EUR',
       '2024-01-01'::timestamptz + g * interval '13 s', '2024-01-01'::timestamptz + g * interval '13 s' + interval '1 h',
       CASE WHEN g % 4 = 2 THEN '2024-01-02'::timestamptz + g * interval '13 s' END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE 'order note ' || g END
FROM generate_series(1::bigint, :rows) g;
VACUUM ANALYZE orders;
