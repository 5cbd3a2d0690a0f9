-- The ten customers who spent most; ties by id, so the order is the report's.
-- seam: ordered
SELECT c.id, c.name, sum(o.amount) AS spend
FROM customers c JOIN orders o ON o.customer_id = c.id
GROUP BY c.id, c.name
ORDER BY spend DESC, c.id
LIMIT 10
