package io.cfgvault.ssh;

/** Fetches a device's configuration over SSH; implementations never throw for device faults, they report them. */
public interface ConfigFetcher {
    FetchResult fetch(FetchRequest request);
}
