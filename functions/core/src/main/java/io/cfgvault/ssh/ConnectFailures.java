package io.cfgvault.ssh;

import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import io.cfgvault.config.Options;
import io.cfgvault.inventory.Device;
import io.cfgvault.ssh.FetchResult.Status;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Turns what JSch throws into a {@link FetchFailure}: a status, whether a retry may help, and a message that says
 * what to do, with every secret scrubbed.
 */
final class ConnectFailures {
    private final FetchContext ctx;
    private final Device device;

    ConnectFailures(FetchContext ctx) {
        this.ctx = ctx;
        this.device = ctx.device();
    }

    /** A failed connect, handshake or authentication of the device (reached directly or through jump hosts). */
    FetchFailure classify(JSchException e, int timeoutMillis) {
        return classify(e, timeoutMillis, Endpoint.device(ctx));
    }

    /** A failed connect, handshake or authentication of one session of the fetch: a jump host's or the device's. */
    FetchFailure classify(JSchException e, int timeoutMillis, Endpoint ep) {
        if (ep.pin().changed()) {
            return ep.isHop() ? hopKeyChanged(ep) : hostKeyChanged();
        }
        if (ep.pin().unpinned()) {
            return hopKeyUnpinned(ep);
        }
        if (ctx.limits().expired()) {
            return new FetchFailure(Status.TIMEOUT, ctx.limits().wallMessage(ep.isHop() ? "connecting to " + ep.name() : "connecting"));
        }
        Throwable root = rootCause(e);
        if (root instanceof HopChannel.OpenFailed open) {
            return new FetchFailure(Status.UNREACHABLE, ctx.scrub(open.getMessage()), true);
        }
        if (e instanceof JSchAlgoNegoFailException a) {
            return noCommonAlgorithm(a, ep);
        }
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        String type = e.getClass().getSimpleName();
        if (type.equals("JSchAuthCancelException") || type.equals("JSchPartialAuthException")
                || lower.startsWith("auth fail") || lower.startsWith("auth cancel")) {
            return new FetchFailure(Status.AUTH_FAILED, "authentication failed for user '" + ep.creds(ctx).username()
                    + "' on " + ep.name() + " (credentials '" + ep.credentialsRef() + "')" + ep.onTheWay()
                    + ". Not retried, so the account is not locked out; check the password or key.");
        }
        FetchFailure network = network(root, lower, timeoutMillis, ep);
        return network != null ? network
                : new FetchFailure(Status.FAILED, "SSH handshake with " + ep.name() + " failed" + ep.onTheWay() + ": " + ctx.scrub(msg));
    }

    /** A channel (shell or exec) the device refused or dropped. */
    FetchFailure channel(String what, Exception e) {
        if (ctx.limits().expired()) {
            return new FetchFailure(Status.TIMEOUT, ctx.limits().wallMessage(what));
        }
        return new FetchFailure(Status.FAILED, device.name() + " refused or dropped the channel while " + what
                + ": " + ctx.scrub(String.valueOf(e.getMessage())));
    }

    private FetchFailure hostKeyChanged() {
        String pinned = ctx.pin().pinned().orElse("");
        String presented = ctx.pin().presented().orElse("");
        return new FetchFailure(Status.HOST_KEY_CHANGED, "host key of " + device.name() + " ("
                + device.host() + ":" + device.port() + ") changed: pinned " + keyType(pinned) + " "
                + HostKeyPin.fingerprint(pinned) + ", device now presents " + keyType(presented) + " "
                + HostKeyPin.fingerprint(presented) + ". Nothing was sent to it. If the device was replaced or"
                + " re-keyed on purpose, re-trust it with `cfgvault trust " + device.name() + "` (the next backup pins the"
                + " new key); otherwise"
                + " treat this as a possible man-in-the-middle.");
    }

    private FetchFailure hopKeyChanged(Endpoint ep) {
        String pinned = ep.pin().pinned().orElse("");
        String presented = ep.pin().presented().orElse("");
        return new FetchFailure(Status.HOST_KEY_CHANGED, "host key of " + ep.where() + " changed: pinned "
                + keyType(pinned) + " " + HostKeyPin.fingerprint(pinned) + ", it now presents " + keyType(presented) + " "
                + HostKeyPin.fingerprint(presented) + "; refused" + ep.onTheWay() + ", nothing was sent to it. If the"
                + " jump host was re-keyed on purpose, pin its new key (`cfgvault trust --jump-host " + ep.hop().name()
                + " --key '<type> <base64>'`, configuration key " + io.cfgvault.inventory.JumpHosts.configKey(ep.hop().name(), io.cfgvault.inventory.JumpHosts.HOST_KEY) + "); otherwise treat this as a possible"
                + " man-in-the-middle.");
    }

    private FetchFailure hopKeyUnpinned(Endpoint ep) {
        String presented = ep.pin().presented().orElse("");
        return new FetchFailure(Status.HOST_KEY_CHANGED, ep.where() + " has no pinned host key" + ep.onTheWay()
                + "; it presents " + keyType(presented) + " " + HostKeyPin.fingerprint(presented) + ". Jump hosts are"
                + " not trusted on first use: check that fingerprint with the bastion's owner, then pin the key with"
                + " `cfgvault trust --jump-host " + ep.hop().name() + " --key '" + presented + "'` (configuration key "
                + io.cfgvault.inventory.JumpHosts.configKey(ep.hop().name(), io.cfgvault.inventory.JumpHosts.HOST_KEY) + ").");
    }

    private FetchFailure noCommonAlgorithm(JSchAlgoNegoFailException a, Endpoint ep) {
        String option = switch (a.getAlgorithmName()) {
            case "kex" -> Options.KEX;
            case "server_host_key" -> Options.HOST_KEY_ALGORITHMS;
            case "cipher.c2s", "cipher.s2c" -> Options.CIPHERS;
            case "mac.c2s", "mac.s2c" -> Options.MACS;
            default -> a.getAlgorithmName();
        };
        String offered = a.getServerProposal() == null ? "" : a.getServerProposal();
        String first = offered.split(",")[0];
        return new FetchFailure(Status.FAILED, "no common " + a.getAlgorithmName() + " algorithm with "
                + ep.name() + ep.onTheWay() + ": it offers [" + offered + "]. If it cannot be upgraded, allow a"
                + " legacy algorithm with the option '" + option + ": +" + first + "' on the device or its profile.");
    }

    /** Refused, unroutable, unknown, timed-out or dropped connections; null for anything else. */
    private FetchFailure network(Throwable cause, String lower, int timeoutMillis, Endpoint ep) {
        String where = ep.where();
        String way = ep.onTheWay();
        if (cause instanceof ConnectException) {
            return new FetchFailure(Status.UNREACHABLE, "connection to " + where + " refused" + way, true);
        }
        if (cause instanceof NoRouteToHostException) {
            return new FetchFailure(Status.UNREACHABLE, "no route to " + ep.name() + " (" + ep.host() + ")" + way, true);
        }
        if (cause instanceof UnknownHostException) {
            return new FetchFailure(Status.UNREACHABLE, "unknown host '" + ep.host() + "' for " + ep.name() + way
                    + (ep.isHop() ? "; check the jump host's address" : "; check the inventory address"));
        }
        if (cause instanceof SocketTimeoutException || lower.contains("timeout") || lower.contains("timed out")) {
            return new FetchFailure(Status.UNREACHABLE, "connecting to " + where + " timed out after "
                    + FetchLimits.seconds(timeoutMillis) + " (TCP connect and SSH handshake)" + way, true);
        }
        if (cause instanceof SocketException || lower.contains("end of io stream") || lower.contains("connection reset")) {
            return new FetchFailure(Status.UNREACHABLE, "connection to " + ep.name()
                    + " was closed during the SSH handshake" + way, true);
        }
        return null;
    }

    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    static String keyType(String key) {
        int sp = key.indexOf(' ');
        return sp < 0 ? "key" : key.substring(0, sp);
    }
}
