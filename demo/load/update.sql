-- An order moves on: paid, amount corrected by a cent, or shipped.
\set oid random(1, :orders)
UPDATE orders SET status = CASE status WHEN 'new' THEN 'paid'::order_status WHEN 'paid' THEN 'shipped' ELSE status END,
       amount = amount + 0.01, updated_at = now(),
       shipped_at = CASE WHEN status = 'paid' THEN now() ELSE shipped_at END
 WHERE id = :oid;
