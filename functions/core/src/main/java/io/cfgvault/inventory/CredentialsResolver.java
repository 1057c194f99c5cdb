package io.cfgvault.inventory;

/** Looks up the credentials a device refers to: Secrets Manager in AWS, a local file or environment locally. */
public interface CredentialsResolver {
    /**
     * @throws IllegalArgumentException naming the device and the reference (never a secret) when it cannot be resolved
     */
    Credentials resolve(Device device);
}
