-- Platform and model mix per account: how many devices of each.
SELECT accountid, platform, model, count(*) AS devices
FROM devices
GROUP BY accountid, platform, model
ORDER BY accountid, devices DESC, platform, model
