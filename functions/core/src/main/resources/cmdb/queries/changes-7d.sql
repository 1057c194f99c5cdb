-- Config changes per account, region and deployment in the last 7 days; first backups counted apart.
-- The day condition only prunes partitions (Athena then reads 8 days of files); changedat is the exact filter.
SELECT accountid, region, deployment,
       count_if(previousversion IS NOT NULL) AS changes,
       count_if(previousversion IS NULL) AS firstbackups,
       count(DISTINCT device) AS devices,
       sum(linesadded) AS linesadded,
       sum(linesremoved) AS linesremoved
FROM changes
WHERE day > CAST(current_date - INTERVAL '8' DAY AS varchar)
  AND from_iso8601_timestamp(changedat) >= current_timestamp - INTERVAL '7' DAY
GROUP BY accountid, region, deployment
ORDER BY accountid, region, deployment
