-- Deployments whose last job failed, or whose last job started more than 24 hours ago (or never ran).
SELECT accountid, region, deployment, lastjobid, lastjobstatus, lastjobstartedat, lastjobfinishedat,
       CASE WHEN lastjobstatus = 'failed' THEN 'failed' ELSE 'stale' END AS problem
FROM deployments
WHERE lastjobstatus = 'failed'
   OR lastjobstartedat IS NULL
   OR from_iso8601_timestamp(lastjobstartedat) < current_timestamp - INTERVAL '24' HOUR
ORDER BY accountid, region, deployment
