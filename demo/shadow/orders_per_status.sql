-- Orders and revenue per status: portable, runs as written on both engines.
SELECT status, count(*) AS orders, sum(amount) AS revenue
FROM orders
GROUP BY status
