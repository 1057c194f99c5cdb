package io.cfgvault.ssh;

import io.cfgvault.config.PlatformProfile;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.Device;
import java.time.Duration;

/**
 * Everything one fetch needs. Limits are already resolved (device > group > model > platform > global).
 *
 * @param connectTimeout TCP connect plus SSH handshake limit per attempt
 * @param idleTimeout    longest silence while waiting for output
 * @param wallLimit      hard limit for the whole fetch including retries; the device is cut off at it
 * @param maxAttempts    connection attempts for refused/timed-out connects (auth failures never retry)
 */
public record FetchRequest(Device device, Credentials credentials, PlatformProfile profile,
                           Duration connectTimeout, Duration idleTimeout, Duration wallLimit, int maxAttempts) {}
