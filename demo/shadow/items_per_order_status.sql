-- A join of orders and their items: lines, units and value per order status.
SELECT o.status, count(*) AS lines, sum(i.qty) AS units, sum(i.qty * i.unit_price) AS value
FROM orders o JOIN order_items i ON i.order_id = o.id
GROUP BY o.status
