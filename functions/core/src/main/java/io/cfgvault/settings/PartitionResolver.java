package io.cfgvault.settings;

import io.cfgvault.store.Partition;
import java.util.function.Supplier;

/** Works out the S3 partition of this deployment: account (settings, else STS), region, deployment name. */
public final class PartitionResolver {
    private final Settings settings;
    private final Supplier<String> stsAccount;
    private volatile String account;

    public PartitionResolver(Settings settings, Supplier<String> stsAccount) {
        this.settings = settings;
        this.stsAccount = stsAccount;
    }

    public Partition resolve(Configuration configuration) {
        return new Partition(account(), settings.region(),
                configuration.get(Configuration.DEPLOYMENT_NAME, settings.deployment()));
    }

    private String account() {
        String a = account;
        if (a == null) {
            a = settings.accountId().orElseGet(() -> settings.endpoints().anyOverride() && settings.endpoints().endpointFor("sts").isEmpty()
                    ? Settings.LOCAL_ACCOUNT : stsAccount.get());
            account = a;
        }
        return a;
    }
}
