package io.cfgvault.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * Trust-on-first-use host key check for one fetch. With no pinned key any key is accepted and remembered so the
 * caller can pin it; with a pinned key only that key blob is accepted, so a changed key aborts the connection
 * before authentication (no password is sent to an impostor).
 */
final class HostKeyPin implements HostKeyRepository {
    private final Optional<String> pinned;
    private final byte[] pinnedBlob;
    private final boolean pinRequired;
    private volatile String presented;
    private volatile boolean changed;
    private volatile boolean unpinned;

    HostKeyPin(Optional<String> pinned) {
        this(pinned, false);
    }

    /** With {@code pinRequired} (jump hosts) a host with no pinned key is refused instead of trusted on first use. */
    HostKeyPin(Optional<String> pinned, boolean pinRequired) {
        this.pinned = pinned.map(String::trim).filter(s -> !s.isEmpty());
        this.pinnedBlob = this.pinned.map(HostKeyPin::blobOf).orElse(null);
        this.pinRequired = pinRequired;
    }

    /** A key was required and none was pinned: the host was refused after showing its key. */
    boolean unpinned() {
        return unpinned;
    }

    /** {@code <type> <base64>} as presented by the server, once the key exchange reached the host key check. */
    Optional<String> presented() {
        return Optional.ofNullable(presented);
    }

    boolean changed() {
        return changed;
    }

    Optional<String> pinned() {
        return pinned;
    }

    @Override
    public int check(String host, byte[] key) {
        presented = typeOf(key) + " " + Base64.getEncoder().encodeToString(key);
        if (pinnedBlob == null) {
            if (pinRequired) {
                unpinned = true;
                return NOT_INCLUDED;
            }
            return OK;
        }
        if (MessageDigest.isEqual(pinnedBlob, key)) {
            return OK;
        }
        changed = true;
        return CHANGED;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // pinning is the caller's job (the inventory table); nothing is written here
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return "cfgvault inventory";
    }

    @Override
    public HostKey[] getHostKey() {
        return getHostKey(null, null);
    }

    /** Returns the pinned key for any host, so that JSch prefers the pinned key type in the key exchange. */
    @Override
    public HostKey[] getHostKey(String host, String type) {
        if (pinnedBlob == null) {
            return new HostKey[0];
        }
        try {
            HostKey k = new HostKey(host == null ? "device" : host, pinnedBlob);
            if (type != null && !type.equals(k.getType())) {
                return new HostKey[0];
            }
            return new HostKey[] {k};
        } catch (JSchException e) {
            return new HostKey[0];
        }
    }

    /** OpenSSH-style fingerprint: {@code SHA256:<base64 without padding>} of the key blob. */
    static String fingerprint(byte[] blob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fingerprint of a {@code <type> <base64>} key; "(unreadable key)" when the text is not such a key. */
    static String fingerprint(String key) {
        byte[] blob = blobOf(key);
        return blob == null ? "(unreadable key)" : fingerprint(blob);
    }

    static byte[] blobOf(String key) {
        String[] parts = key.trim().split("\\s+");
        String b64 = parts.length >= 2 ? parts[1] : parts[0];
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The key type name at the start of an SSH public key blob ({@code ssh-ed25519}, {@code ssh-rsa}, ...). */
    static String typeOf(byte[] blob) {
        if (blob.length < 4) {
            return "unknown";
        }
        int len = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (len <= 0 || len > 64 || 4 + len > blob.length) {
            return "unknown";
        }
        return new String(blob, 4, len, StandardCharsets.US_ASCII);
    }
}
