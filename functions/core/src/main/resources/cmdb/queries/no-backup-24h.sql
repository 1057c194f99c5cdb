-- Enabled devices without a successful backup in the last 24 hours (never backed up included).
SELECT accountid, region, deployment, device, platform, model, status, lastsuccess
FROM devices
WHERE enabled
  AND (lastsuccess IS NULL OR from_iso8601_timestamp(lastsuccess) < current_timestamp - INTERVAL '24' HOUR)
ORDER BY accountid, region, deployment, device
