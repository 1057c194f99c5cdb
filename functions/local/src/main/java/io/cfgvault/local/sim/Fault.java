package io.cfgvault.local.sim;

/** How a simulated device misbehaves. */
public enum Fault {
    NONE,
    /** Accepts the login, prints its banner, then never shows a prompt or answers anything. */
    HANG_AFTER_LOGIN,
    /** Answers the backup command by trickling a byte every 100 ms, forever. */
    SLOW_OUTPUT,
    /** Sends about half of the config, then drops the SSH session. */
    CUT_MID_CONFIG,
    /** Answers the backup command with its CLI's "invalid input" error. */
    INVALID_INPUT,
    /** Rejects every password and key. */
    WRONG_PASSWORD,
    /** Drops the SSH session at the fourth line typed in configuration mode, once; then behaves again. */
    DROP_IN_CONFIG_MODE,
    /** Offers only diffie-hellman-group14-sha1 key exchange and an ssh-rsa host key. */
    LEGACY_ALGORITHMS_ONLY
}
