package io.cfgvault.local.sim;

import io.cfgvault.config.PlatformProfile;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.Device;
import io.cfgvault.ssh.FetchRequest;
import io.cfgvault.ssh.FetchResult;
import io.cfgvault.ssh.JschConfigFetcher;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Helpers shared by the fetcher-against-farm tests: devices, requests with short test limits. */
final class FarmFixture {
    static final String USER = "admin";
    static final String PASSWORD = "lab-Pa55!";
    static final Duration CONNECT = Duration.ofSeconds(3);
    static final Duration IDLE = Duration.ofSeconds(2);
    static final Duration WALL = Duration.ofSeconds(3);
    static final JschConfigFetcher FETCHER = new JschConfigFetcher();

    private FarmFixture() {
    }

    static SimDevice device(String name, String flavour, int bytes, Fault fault) {
        return new SimDevice(name, flavour, USER, PASSWORD, SimConfigs.generate(flavour, name, bytes, 42), fault);
    }

    static Device inventory(DeviceFarm farm, String name, String platform, Map<String, String> options, String pinnedKey) {
        return new Device(name, farm.host(), farm.port(name), platform, "sim", "lab", "lab", true,
                Optional.ofNullable(pinnedKey), options);
    }

    static FetchRequest request(Device device, PlatformProfile profile, Credentials creds) {
        return new FetchRequest(device, creds, profile, CONNECT, IDLE, WALL, 3);
    }

    static FetchResult fetch(DeviceFarm farm, String name, String platform) {
        return fetch(farm, name, Profiles.builtin().require(platform), Map.of(), null);
    }

    static FetchResult fetch(DeviceFarm farm, String name, PlatformProfile profile, Map<String, String> options, String pinned) {
        Device d = inventory(farm, name, profile.name(), options, pinned);
        return FETCHER.fetch(request(d, profile, Credentials.password(USER, PASSWORD)));
    }

    /** A built-in profile changed by a YAML overlay, the way a user overrides one. */
    static PlatformProfile variant(String yaml) {
        return Profiles.parse(yaml, "test");
    }
}
