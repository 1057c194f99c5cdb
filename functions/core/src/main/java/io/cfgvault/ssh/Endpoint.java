package io.cfgvault.ssh;

import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.Device;

/**
 * Where one SSH session of a fetch goes: a jump host on the way ({@code hop} set) or the device itself. Connect
 * failures are worded from it, so a message names the hop that failed and the device it was on the way to.
 */
record Endpoint(Device device, Hop hop, HostKeyPin pin) {

    static Endpoint device(FetchContext ctx) {
        return new Endpoint(ctx.device(), null, ctx.pin());
    }

    static Endpoint hop(FetchContext ctx, Hop hop) {
        return new Endpoint(ctx.device(), hop, new HostKeyPin(hop.hostKey(), true));
    }

    boolean isHop() {
        return hop != null;
    }

    String host() {
        return isHop() ? hop.host() : device.host();
    }

    int port() {
        return isHop() ? hop.port() : device.port();
    }

    Credentials creds(FetchContext ctx) {
        return isHop() ? hop.credentials() : ctx.creds();
    }

    String credentialsRef() {
        return isHop() ? hop.credentialsRef() : device.credentials();
    }

    /** {@code r1} or {@code jump host 'b1'}: the subject of a sentence. */
    String name() {
        return isHop() ? "jump host '" + hop.name() + "'" : device.name();
    }

    /** {@code r1 (10.0.0.1:22)} or {@code jump host 'b1' (10.0.0.9:22)}. */
    String where() {
        return name() + " (" + host() + ":" + port() + ")";
    }

    /** Appended to every hop message: which device the chain was for. */
    String onTheWay() {
        return isHop() ? ", on the way to " + device.name() : "";
    }
}
