-- Revenue per day in Europe/Berlin: Berlin's wall clock truncated to the day, turned back into an instant.
SELECT to_utc_timestamp(date_trunc('DAY', from_utc_timestamp(created_at, 'Europe/Berlin')), 'Europe/Berlin') AS day,
       count(*) AS orders, sum(amount) AS revenue
FROM orders
GROUP BY 1
