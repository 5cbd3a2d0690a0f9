-- An order is removed with its items, in one transaction.
\set oid random(1, :orders)
BEGIN;
DELETE FROM order_items WHERE order_id = :oid;
DELETE FROM orders WHERE id = :oid;
COMMIT;
