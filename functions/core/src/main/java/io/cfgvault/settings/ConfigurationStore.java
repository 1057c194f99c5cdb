package io.cfgvault.settings;

import java.util.Map;

/** The configuration table (port): read whole once per job, written key by key by the CLI. */
public interface ConfigurationStore {
    /** Every key as it is now (a consistent read). */
    Configuration load();

    /** Writes these keys (an inventory file's jump hosts, a pinned jump host key); other keys are left alone. */
    void put(Map<String, String> entries);

    /** Removes one key; a missing key is fine. */
    void remove(String key);
}
