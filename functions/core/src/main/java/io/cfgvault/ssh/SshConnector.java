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
                Session s = ctx.limits().session();
                if (s != null) {
                    s.disconnect();
                }
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

    private Session connectOnce() throws FetchFailure {
        ctx.trace().step("connect", "attempt " + attempts + " to " + device.host() + ":" + device.port());
        Session s = newSession(jschFor());
        ctx.limits().guard(s);
        if (ctx.limits().expired()) {
            throw new FetchFailure(Status.TIMEOUT, ctx.limits().wallMessage("connecting"));
        }
        int timeout = ctx.limits().connectTimeoutMillis();
        try {
            s.connect(timeout);
        } catch (JSchException e) {
            throw failures.classify(e, timeout);
        }
        HostKeyPin pin = ctx.pin();
        ctx.trace().step("connected", "server " + Optional.ofNullable(s.getServerVersion()).orElse("?"));
        pin.presented().ifPresent(k -> ctx.trace().step("host key", k.substring(0, k.indexOf(' ')) + " "
                + HostKeyPin.fingerprint(k) + (pin.pinned().isPresent() ? " (matches pinned key)" : " (first contact)")));
        ctx.trace().step("authenticated", "user " + creds.username());
        return s;
    }

    private Session newSession(JSch jsch) throws FetchFailure {
        Session s;
        try {
            s = jsch.getSession(creds.username(), device.host(), device.port());
        } catch (JSchException e) {
            throw new FetchFailure(Status.FAILED, "cannot set up SSH to " + device.name() + ": " + ctx.scrub(e.getMessage()));
        }
        s.setDaemonThread(true);
        s.setHostKeyRepository(ctx.pin());
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("PreferredAuthentications", creds.privateKey().isPresent()
                ? "publickey,password,keyboard-interactive" : "password,keyboard-interactive");
        applyAlgorithms(s);
        JschAlgorithms.apply(s);
        s.setUserInfo(new PasswordAnswers(creds.password().orElse(null), creds.privateKeyPassphrase().orElse(null)));
        creds.password().ifPresent(s::setPassword);
        return s;
    }

    /**
     * A JSch holding the credentials' private key, decrypted once and shared by every fetch that uses the same
     * key (an OpenSSH-format key with a passphrase costs a bcrypt KDF per load). JSch instances are safe to share;
     * all per-device settings are made on the session.
     */
    private JSch jschFor() throws FetchFailure {
        if (creds.privateKey().isEmpty()) {
            return PLAIN;
        }
        byte[] keyBytes = privateKeyBytes(creds.privateKey().get());
        String id = identityId(keyBytes, creds.privateKeyPassphrase().orElse(""));
        JSch cached = BY_KEY.get(id);
        if (cached != null) {
            return cached;
        }
        JSch jsch = new JSch();
        try {
            jsch.addIdentity("cfgvault:" + device.credentials(), keyBytes, null,
                    creds.privateKeyPassphrase().map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null));
        } catch (JSchException e) {
            throw new FetchFailure(Status.AUTH_FAILED, "private key of credentials '" + device.credentials()
                    + "' for " + device.name() + " cannot be used (wrong passphrase or unsupported format): "
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

    private byte[] privateKeyBytes(String key) throws FetchFailure {
        if (key.contains("PRIVATE KEY") || key.contains("PuTTY-User-Key-File")) {
            return key.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Files.readAllBytes(Path.of(key));
        } catch (IOException | RuntimeException e) {
            throw new FetchFailure(Status.AUTH_FAILED, "private key file of credentials '" + device.credentials()
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
