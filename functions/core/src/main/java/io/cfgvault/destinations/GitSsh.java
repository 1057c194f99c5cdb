package io.cfgvault.destinations;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * SSH for Git destinations ({@code ssh://} and {@code git@host:path}): JGit's MINA SSHD transport with the private key
 * from the destination's credentials reference and only the pinned host key accepted. Nothing is read from or
 * written to {@code ~/.ssh}: no agent, no config file, no known_hosts, no default identities.
 */
final class GitSsh {
    private GitSsh() {
    }

    /** Whether JGit reaches this URL over SSH (an explicit ssh:// URL or the scp-like user@host:path form). */
    static boolean isSsh(String url) {
        if (url.startsWith("ssh://") || url.startsWith("git+ssh://") || url.startsWith("ssh+git://")) {
            return true;
        }
        if (url.contains("://") || url.startsWith("/") || url.startsWith("file:")) {
            return false;
        }
        try {
            URIish u = new URIish(url);
            return u.getHost() != null && u.getScheme() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /**
     * The SHA256 fingerprint of a pinned host key given as an OpenSSH public key line ({@code ssh-ed25519 AAAA...},
     * optionally preceded by host names as in known_hosts) or as a fingerprint ({@code SHA256:...}).
     *
     * @throws IllegalArgumentException when it is neither
     */
    static String fingerprint(String pinned) {
        String v = pinned.trim();
        if (v.startsWith("SHA256:") && !v.contains(" ")) {
            return v;
        }
        String[] words = v.split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if (!words[i].startsWith("ssh-") && !words[i].startsWith("ecdsa-") && !words[i].startsWith("sk-")) {
                continue; // a host name of a known_hosts line
            }
            try {
                PublicKey key = AuthorizedKeyEntry.parseAuthorizedKeyEntry(words[i] + " " + words[i + 1])
                        .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
                if (key != null) {
                    return KeyUtils.getFingerPrint(key);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                break;
            }
        }
        throw new IllegalArgumentException("is not an SSH public key (ssh-ed25519 AAAA..., as printed by ssh-keyscan) or a SHA256: fingerprint");
    }

    /** A session factory for one push: the key from {@code privateKey}, the host key checked against {@code pinned}. */
    static Session open(String destination, String privateKey, Optional<String> pinned) throws IOException {
        List<KeyPair> keys = new ArrayList<>();
        try {
            SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("destination " + destination),
                    new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8)), null).forEach(keys::add);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            // The exception may quote part of the key: say only what is wrong and where it came from.
            throw new IOException("destination '" + destination + "': the credentials do not hold a usable SSH private key"
                    + " (OpenSSH or PEM, without a passphrase)");
        }
        if (keys.isEmpty()) {
            throw new IOException("destination '" + destination + "': the credentials do not hold an SSH private key");
        }
        Path empty = Files.createTempDirectory("cfgvault-ssh");
        var hostKeys = new PinnedHostKey(destination, pinned.map(GitSsh::fingerprint));
        SshdSessionFactory factory = new SshdSessionFactoryBuilder()
                .setHomeDirectory(empty.toFile())
                .setSshDirectory(empty.toFile())
                .setDefaultIdentities(dir -> List.of())
                .setDefaultKnownHostsFiles(dir -> List.of())
                .setDefaultKeysProvider(dir -> keys)
                .setPreferredAuthentications("publickey")
                .setServerKeyDatabase((home, ssh) -> hostKeys)
                .build(null);
        return new Session(factory, hostKeys, empty);
    }

    /** The factory of one push and what its host key check saw; closing it drops the key from memory and the temp dir. */
    record Session(SshdSessionFactory factory, PinnedHostKey hostKeys, Path dir) implements AutoCloseable {
        @Override
        public void close() {
            factory.close();
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // an empty temp directory left behind is harmless
            }
        }
    }

    /** Accepts the one pinned key; remembers a refusal so that the error names the destination and the key offered. */
    static final class PinnedHostKey implements ServerKeyDatabase {
        private final String destination;
        private final Optional<String> pinned;
        private volatile String refusal;

        PinnedHostKey(String destination, Optional<String> pinned) {
            this.destination = destination;
            this.pinned = pinned;
        }

        @Override
        public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
            return List.of();
        }

        @Override
        public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                              Configuration config, CredentialsProvider provider) {
            String offered = KeyUtils.getKeyType(serverKey) + " " + KeyUtils.getFingerPrint(serverKey);
            if (pinned.isEmpty()) {
                refusal = "destination '" + destination + "': host key of " + connectAddress + " is not pinned (it offered "
                        + offered + "); check it and set destination." + destination + ".hostKey";
                return false;
            }
            if (!pinned.get().equals(KeyUtils.getFingerPrint(serverKey))) {
                refusal = "destination '" + destination + "': host key of " + connectAddress + " changed: it offered "
                        + offered + ", destination." + destination + ".hostKey pins " + pinned.get() + "; refusing to connect";
                return false;
            }
            return true;
        }

        Optional<String> refusal() {
            return Optional.ofNullable(refusal);
        }
    }
}
