-- Items per exported table, and devices, per deployment.
SELECT accountid, region, deployment,
       tableitems['configuration'] AS configuration,
       tableitems['scheduler'] AS scheduler,
       tableitems['inventory'] AS inventory,
       devicecount AS devices
FROM deployments
ORDER BY accountid, region, deployment
