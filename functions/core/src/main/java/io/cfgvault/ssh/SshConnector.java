package io.cfgvault.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.cfgvault.config.Options;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.Device;
import io.cfgvault.ssh.FetchResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens the authenticated SSH session of one fetch: strict host-key pinning, the device's algorithm options, and
 * retries with jittered exponential backoff for refused or timed-out connects (never for failed authentication).
 */
final class SshConnector {
    private static final long BACKOFF_BASE_MILLIS = 500;
    private static final long BACKOFF_CAP_MILLIS = 8_000;
    private static final JSch PLAIN = new JSch();
    private static final ConcurrentHashMap<String, JSch> BY_KEY = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_KEYS = 256;

    private final FetchContext ctx;
    private final Device device;
    private final Credentials creds;
    private final ConnectFailures failures;
    private int attempts;

    SshConnector(FetchContext ctx, ConnectFailures failures) {
        this.ctx = ctx;
        this.device = ctx.device();
        this.creds = ctx.creds();
        this.failures = failures;
    }

    int attempts() {
        return attempts;
    }

    /** Connects and authenticates, retrying what a retry may fix while the wall limit leaves time for it. */
    Session connect() throws FetchFailure, InterruptedException {
        int max = Math.max(1, ctx.request().maxAttempts());
        while (true) {
            attempts++;
            try {
                return connectOnce();
            } catch (FetchFailure f) {
                ctx.limits().disconnectAll();
                if (!f.retryable() || ctx.limits().expired()) {
                    throw f;
                }
                if (attempts >= max) {
                    throw new FetchFailure(f.status(), f.getMessage() + " (gave up after " + attempts + " attempts)");
                }
                long delay = backoffMillis();
                if (delay + 250 >= ctx.limits().remainingMillis()) {
                    throw new FetchFailure(f.status(), f.getMessage() + " (gave up after " + attempts
                            + " attempts: no time left within the wall limit of "
                            + FetchLimits.seconds(ctx.request().wallLimit().toMillis()) + ")");
                }
                ctx.trace().step("retry", "backing off " + delay + " ms");
                Thread.sleep(delay);
            }
        }
    }

    private long backoffMillis() {
        long exp = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(10, attempts - 1));
        return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
    }

    /** One attempt: every jump host in turn, each reached through the one before it, then the device. */
    private Session connectOnce() throws FetchFailure {
        Session via = null;
        Endpoint previous = null;
        for (Hop hop : ctx.request().jumps()) {
            Endpoint ep = Endpoint.hop(ctx, hop);
            via = open(ep, via, previous);
            previous = ep;
        }
        Endpoint target = Endpoint.device(ctx);
        Session s = open(target, via, previous);
        HostKeyPin pin = ctx.pin();
        pin.presented().ifPresent(k -> ctx.trace().step("host key", k.substring(0, k.indexOf(' ')) + " "
                + HostKeyPin.fingerprint(k) + (pin.pinned().isPresent() ? " (matches pinned key)" : " (first contact)")));
        ctx.trace().step("authenticated", "user " + creds.username());
        return s;
    }

    /** Connects and authenticates one session, directly or through {@code via} (the previous jump host). */
    private Session open(Endpoint ep, Session via, Endpoint previous) throws FetchFailure {
        ctx.trace().step(ep.isHop() ? "jump" : "connect", "attempt " + attempts + " to " + ep.where()
                + (previous == null ? "" : " via " + previous.name()));
        Session s = newSession(ep);
        if (via != null) {
            s.setProxy(new HopChannel(via, previous.name(), ep.name(), ep.onTheWay()));
        }
        ctx.limits().guard(s);
        if (ctx.limits().expired()) {
            throw new FetchFailure(Status.TIMEOUT, ctx.limits().wallMessage("connecting"));
        }
        int timeout = ctx.limits().connectTimeoutMillis();
        try {
            s.connect(timeout);
        } catch (JSchException e) {
            throw failures.classify(e, timeout, ep);
        }
        if (ep.isHop()) {
            ctx.trace().step("jump host", ep.name() + " " + ep.pin().presented().map(HostKeyPin::fingerprint).orElse("?")
                    + " (matches pinned key), user " + ep.creds(ctx).username());
        } else {
            ctx.trace().step("connected", "server " + Optional.ofNullable(s.getServerVersion()).orElse("?"));
        }
        return s;
    }

    private Session newSession(Endpoint ep) throws FetchFailure {
        Credentials c = ep.creds(ctx);
        Session s;
        try {
            s = jschFor(c, ep).getSession(c.username(), ep.host(), ep.port());
        } catch (JSchException e) {
            throw new FetchFailure(Status.FAILED, "cannot set up SSH to " + ep.name() + ep.onTheWay() + ": " + ctx.scrub(e.getMessage()));
        }
        s.setDaemonThread(true);
        s.setHostKeyRepository(ep.pin());
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("PreferredAuthentications", c.privateKey().isPresent()
                ? "publickey,password,keyboard-interactive" : "password,keyboard-interactive");
        if (!ep.isHop()) {
            applyAlgorithms(s);   // the device's algorithm options; a jump host is a current OpenSSH server
        }
        JschAlgorithms.apply(s);
        s.setUserInfo(new PasswordAnswers(c.password().orElse(null), c.privateKeyPassphrase().orElse(null)));
        c.password().ifPresent(s::setPassword);
        return s;
    }

    /**
     * A JSch holding the credentials' private key, decrypted once and shared by every fetch that uses the same
     * key (an OpenSSH-format key with a passphrase costs a bcrypt KDF per load). JSch instances are safe to share;
     * all per-device settings are made on the session.
     */
    private JSch jschFor(Credentials creds, Endpoint ep) throws FetchFailure {
        if (creds.privateKey().isEmpty()) {
            return PLAIN;
        }
        byte[] keyBytes = privateKeyBytes(creds.privateKey().get(), ep);
        String id = identityId(keyBytes, creds.privateKeyPassphrase().orElse(""));
        JSch cached = BY_KEY.get(id);
        if (cached != null) {
            return cached;
        }
        JSch jsch = new JSch();
        try {
            jsch.addIdentity("cfgvault:" + ep.credentialsRef(), keyBytes, null,
                    creds.privateKeyPassphrase().map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null));
        } catch (JSchException e) {
            throw new FetchFailure(Status.AUTH_FAILED, "private key of credentials '" + ep.credentialsRef()
                    + "' for " + ep.name() + ep.onTheWay() + " cannot be used (wrong passphrase or unsupported format): "
                    + ctx.scrub(e.getMessage()));
        }
        if (BY_KEY.size() >= MAX_CACHED_KEYS) {
            BY_KEY.clear();
        }
        JSch raced = BY_KEY.putIfAbsent(id, jsch);
        return raced == null ? jsch : raced;
    }

    private void applyAlgorithms(Session s) {
        Options o = ctx.request().options();
        for (Map.Entry<String, List<String>> e : Map.of(
                Options.KEX, List.of("kex"),
                Options.HOST_KEY_ALGORITHMS, List.of("server_host_key"),
                Options.CIPHERS, List.of("cipher.c2s", "cipher.s2c"),
                Options.MACS, List.of("mac.c2s", "mac.s2c"),
                Options.PUBKEY_ALGORITHMS, List.of("PubkeyAcceptedAlgorithms")).entrySet()) {
            Optional<String> v = o.get(e.getKey());
            if (v.isPresent()) {
                for (String jschKey : e.getValue()) {
                    s.setConfig(jschKey, Options.applyAlgorithms(JSch.getConfig(jschKey), v.get()));
                }
            }
        }
    }

    private byte[] privateKeyBytes(String key, Endpoint ep) throws FetchFailure {
        if (key.contains("PRIVATE KEY") || key.contains("PuTTY-User-Key-File")) {
            return key.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Files.readAllBytes(Path.of(key));
        } catch (IOException | RuntimeException e) {
            throw new FetchFailure(Status.AUTH_FAILED, "private key file of credentials '" + ep.credentialsRef()
                    + "' cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** Cache key for a private key and its passphrase: a digest, so the map holds no key text. */
    static String identityId(byte[] key, String passphrase) {
        try {
            var md = MessageDigest.getInstance("SHA-256");
            md.update(key);
            md.update((byte) 0);
            md.update(passphrase.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
