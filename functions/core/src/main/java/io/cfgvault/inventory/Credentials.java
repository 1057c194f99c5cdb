package io.cfgvault.inventory;

import java.util.Optional;

/**
 * Login material for a device. {@link #toString()} never shows secrets, so a credentials object can
 * end up in a log line or exception without leaking anything.
 */
public record Credentials(String username, Optional<String> password, Optional<String> privateKey,
                          Optional<String> privateKeyPassphrase, Optional<String> enableSecret) {

    public static Credentials password(String username, String password) {
        return new Credentials(username, Optional.of(password), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Every secret value held, so that callers can scrub them from device output and error text. */
    public java.util.List<String> secrets() {
        var list = new java.util.ArrayList<String>();
        password.ifPresent(list::add);
        privateKeyPassphrase.ifPresent(list::add);
        enableSecret.ifPresent(list::add);
        return list;
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=" + (password.isPresent() ? "***" : "none")
                + ", privateKey=" + (privateKey.isPresent() ? "***" : "none")
                + ", enableSecret=" + (enableSecret.isPresent() ? "***" : "none") + "]";
    }
}
