-- Devices whose running config differs from their startup config (devices whose startup config is recorded).
SELECT accountid, region, deployment, device, platform, model, lastsuccess
FROM devices
WHERE startupdiffers = true
ORDER BY accountid, region, deployment, device
