package io.cfgvault.local.sim;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;

/** Live, mutable state of one simulated device (config, fault and host keys change while the farm runs). */
final class DeviceState {
    final String name;
    final String flavour;
    final String username;
    final String password;
    final String enableSecret;
    final PublicKey authorizedKey;
    volatile int port;
    /** Like many AAA-backed devices: password auth refused, the same password accepted via keyboard-interactive. */
    volatile boolean keyboardInteractiveOnly;
    private volatile Fault fault;
    private Rendered config;
    /** What the device boots from: the running config as it was at the last save (write memory). */
    private volatile String startup;
    private volatile KeyPair ecKey;
    private volatile KeyPair rsaKey;

    /** A config with its wire forms precomputed: LF for exec channels, CRLF for the PTY shell. */
    record Rendered(String text, byte[] lf, byte[] crlf, String[] crlfLines) {
        static Rendered of(String text) {
            String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
            return new Rendered(text, text.getBytes(StandardCharsets.UTF_8), crlf.getBytes(StandardCharsets.UTF_8),
                    crlf.split("(?<=\r\n)"));
        }
    }

    DeviceState(SimDevice d, PublicKey authorizedKey) {
        this.name = d.name();
        this.flavour = d.flavour();
        this.username = d.username();
        this.password = d.password();
        this.enableSecret = d.enableSecret();
        this.authorizedKey = authorizedKey;
        this.fault = d.fault();
        this.config = Rendered.of(d.config());
        this.startup = d.config();
    }

    String startup() {
        return startup;
    }

    void startup(String text) {
        this.startup = text == null ? "" : text;
    }

    /** write memory / copy running-config startup-config. */
    void save() {
        this.startup = config().text();
    }

    Fault fault() {
        return fault;
    }

    void fault(Fault f) {
        this.fault = f == null ? Fault.NONE : f;
    }

    // a commit that rolls itself back unless confirmed in time (Junos commit confirmed, EOS commit timer)
    private Rendered revertTo;
    private long revertAtNanos;
    private String confirmSession = "";

    synchronized Rendered config() {
        if (revertTo != null && System.nanoTime() - revertAtNanos >= 0) {
            expireConfirmedCommit();
        }
        return config;
    }

    synchronized void config(String text) {
        this.config = Rendered.of(text == null ? "" : text);
        this.revertTo = null;
    }

    /** A configuration change from a CLI session; a plain commit also confirms a pending confirmed commit. */
    synchronized void commit(String text) {
        config(text);
    }

    /** Applies {@code text}, and puts the old config back after {@code timer} unless {@link #confirm} comes first. */
    synchronized void commitConfirmed(String text, java.time.Duration timer, String session) {
        Rendered old = revertTo != null ? revertTo : config;
        this.config = Rendered.of(text);
        this.revertTo = old;
        this.revertAtNanos = System.nanoTime() + timer.toNanos();
        this.confirmSession = session;
    }

    /** Confirms a pending confirmed commit (EOS: of the named session); false when none is pending. */
    synchronized boolean confirm(String session) {
        if (revertTo == null || !confirmSession.equals(session)) {
            return false;
        }
        revertTo = null;
        return true;
    }

    synchronized boolean confirmPending() {
        return revertTo != null;
    }

    /** The confirm timer ran out: the device goes back to the config before the confirmed commit. */
    synchronized void expireConfirmedCommit() {
        if (revertTo != null) {
            this.config = revertTo;
            this.revertTo = null;
        }
    }

    KeyPair ecKey() {
        return ecKey;
    }

    void ecKey(KeyPair k) {
        this.ecKey = k;
    }

    KeyPair rsaKey() {
        return rsaKey;
    }

    void rsaKey(KeyPair k) {
        this.rsaKey = k;
    }

    boolean legacy() {
        return fault == Fault.LEGACY_ALGORITHMS_ONLY;
    }

    boolean junos() {
        return flavour.equals("juniper_junos");
    }
}
