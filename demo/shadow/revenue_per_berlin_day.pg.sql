-- Revenue per day in Europe/Berlin: the day boundary is Berlin's midnight, an instant on both sides.
SELECT date_trunc('day', created_at, 'Europe/Berlin') AS day, count(*) AS orders, sum(amount) AS revenue
FROM orders
GROUP BY 1
