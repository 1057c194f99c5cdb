package io.cfgvault.store;

import java.util.regex.Pattern;

/** The account/region/deployment triple that partitions every S3 key (Athena partitions, lifecycle scopes). */
public record Partition(String accountId, String region, String deployment) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public Partition {
        check("accountid", accountId);
        check("region", region);
        check("deployment", deployment);
    }

    private static void check(String field, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value
                    + "' is not usable in S3 keys: use 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    /** {@code accountid=<a>/region=<r>/deployment=<d>} */
    public String path() {
        return "accountid=" + accountId + "/region=" + region + "/deployment=" + deployment;
    }
}
