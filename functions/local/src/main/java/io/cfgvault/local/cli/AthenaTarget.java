package io.cfgvault.local.cli;

import io.cfgvault.local.cmdb.AthenaCmdb;
import io.cfgvault.settings.Settings;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/** {@code cmdb --aws}: Athena in the region, workgroup and database of the deployment named by the environment. */
final class AthenaTarget {
    private AthenaTarget() {}

    static AthenaCmdb open(String workgroup, String database) {
        Settings settings = Settings.fromEnvironment();
        var builder = AthenaClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)).build());
        settings.endpoints().endpointFor("athena").ifPresent(builder::endpointOverride);
        String wg = Optional.ofNullable(workgroup).or(() -> env("CFGVAULT_ATHENA_WORKGROUP"))
                .orElse("cfgvault-" + settings.deployment());
        String db = Optional.ofNullable(database).or(() -> env("CFGVAULT_ATHENA_DATABASE"))
                .orElse("cfgvault_" + settings.deployment().replace('-', '_'));
        return new AthenaCmdb(builder.build(), wg, db);
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
}
