-- Devices failing now: the last backup attempt did not succeed, with its error.
SELECT accountid, region, deployment, device, platform, model, status, lasterror, lastcheck, lastsuccess
FROM devices
WHERE status NOT IN ('ok', 'never')
ORDER BY accountid, region, deployment, device
