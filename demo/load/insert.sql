-- A new order with two items, in one transaction.
\set cid random(1, :customers)
BEGIN;
SELECT nextval('orders_id_seq') AS oid \gset
INSERT INTO orders VALUES (:oid, :cid, 'new', round((random() * 900 + 5)::numeric, 2), 'EUR', now(), now(), NULL, NULL);
INSERT INTO order_items VALUES (:oid, 1, 'SKU-' || (:cid % 5000), 1, 9.99), (:oid, 2, 'SKU-7', 2, 0.01);
COMMIT;
