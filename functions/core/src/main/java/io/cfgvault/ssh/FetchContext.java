package io.cfgvault.ssh;

import io.cfgvault.config.PlatformProfile;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.Device;

/** What the parts of one fetch share: the request, its trace, host-key pin, time limits and output so far. */
record FetchContext(FetchRequest request, FetchTrace trace, HostKeyPin pin, FetchLimits limits, Transcript transcript) {

    static FetchContext start(FetchRequest request) {
        long startNanos = System.nanoTime();
        var transcript = new Transcript();
        return new FetchContext(request, new FetchTrace(startNanos), new HostKeyPin(request.device().hostKey()),
                new FetchLimits(request, startNanos, transcript), transcript);
    }

    Device device() {
        return request.device();
    }

    Credentials creds() {
        return request.credentials();
    }

    PlatformProfile profile() {
        return request.profile();
    }

    /** The text with every secret of the device's and the jump hosts' credentials replaced, for error messages. */
    String scrub(String text) {
        if (text == null) {
            return "";
        }
        String t = text;
        var secrets = new java.util.ArrayList<>(creds().secrets());
        request.jumps().forEach(h -> secrets.addAll(h.credentials().secrets()));
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                t = t.replace(secret, "***");
            }
        }
        return t;
    }
}
