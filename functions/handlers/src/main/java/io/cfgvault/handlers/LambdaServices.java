package io.cfgvault.handlers;

import io.cfgvault.Services;

/** Process-wide services for the Lambda entry points, built once at class init (SnapStart snapshots them). */
final class LambdaServices {
    private static final Services SERVICES = Services.fromEnvironment().withSecretsManagerDevices();

    private LambdaServices() {}

    static Services services() {
        return SERVICES;
    }
}
