package io.cfgvault.destinations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Commits a delivery to a Git remote with JGit (Lambda has no {@code git} binary), over HTTPS with a token or SSH with a
 * key: one commit per job on the
 * destination's branch, pushed. The working copy is kept under the temp directory between invocations of a warm
 * container, so a job fetches only what changed since the last one. A push that loses a race (non-fast-forward)
 * throws, and the caller's retry starts again from the remote's new head.
 */
final class GitDelivery {
    private final Path workRoot;

    GitDelivery(Path workRoot) {
        this.workRoot = workRoot;
    }

    /**
     * Pushes the delivery; returns the new commit, or empty when the remote already had these exact files.
     * {@code secret} is the token (HTTPS) or the private key (SSH) the destination's credentials reference names.
     */
    Optional<String> push(Destination.Git d, Optional<String> secret, Delivery delivery) throws IOException, GitAPIException {
        if (!GitSsh.isSsh(d.url())) {
            CredentialsProvider credentials = secret.map(t -> (CredentialsProvider) new UsernamePasswordCredentialsProvider(d.username(), t)).orElse(null);
            return push(d, c -> c.setCredentialsProvider(credentials), delivery);
        }
        if (secret.isEmpty()) {
            throw new IOException("destination '" + d.name() + "': an ssh remote needs destination." + d.name() + ".credentials naming its private key");
        }
        try (GitSsh.Session ssh = GitSsh.open(d.name(), secret.get(), d.hostKey())) {
            TransportConfigCallback callback = t -> {
                if (t instanceof SshTransport st) {
                    st.setSshSessionFactory(ssh.factory());
                }
            };
            try {
                return push(d, c -> c.setTransportConfigCallback(callback), delivery);
            } catch (GitAPIException | IOException | RuntimeException e) {
                if (ssh.hostKeys().refusal().isPresent()) {
                    throw new IOException(ssh.hostKeys().refusal().get());
                }
                if (refusedKey(e)) {
                    throw new IOException("not authorized: " + d.url() + " refused the SSH key of destination." + d.name() + ".credentials");
                }
                throw e;
            }
        }
    }

    /** Authentication refusals from MINA SSHD, whose wording differs between versions. */
    private static boolean refusedKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("no more authentication methods") || m.contains("authentication failed") || m.contains("auth fail")) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> push(Destination.Git d, Consumer<TransportCommand<?, ?>> transport, Delivery delivery) throws IOException, GitAPIException {
        Path dir = workRoot.resolve(d.name() + "-" + shortHash(d.url() + "#" + d.branch()));
        try (Git git = open(dir, d, transport)) {
            checkoutRemoteHead(git, d, transport);
            Path top = git.getRepository().getWorkTree().toPath();
            for (var f : delivery.devices()) {
                write(git, top, path(d.pathTemplate(), f, delivery.deployment()), f.config().getBytes(StandardCharsets.UTF_8));
            }
            for (var t : delivery.tables()) {
                write(git, top, "tables/" + t.table() + ".yaml", t.document());
            }
            if (git.status().call().isClean()) {
                return Optional.empty();
            }
            PersonIdent service = new PersonIdent("cfgvault", "cfgvault@" + delivery.deployment() + ".invalid");
            RevCommit commit = git.commit().setMessage(CommitMessage.of(delivery)).setAuthor(service).setCommitter(service)
                    .setSign(false).call();
            var push = git.push().setRefSpecs(new RefSpec("HEAD:" + Constants.R_HEADS + d.branch()));
            transport.accept(push);
            for (PushResult r : push.call()) {
                for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                    if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new IOException("push to " + d.branch() + " was refused: " + u.getStatus().name().toLowerCase(java.util.Locale.ROOT)
                                .replace('_', ' ') + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")"));
                    }
                }
            }
            return Optional.of(commit.getName());
        }
    }

    private static Git open(Path dir, Destination.Git d, Consumer<TransportCommand<?, ?>> transport) throws IOException, GitAPIException {
        if (Files.isDirectory(dir.resolve(".git"))) {
            Git git = Git.open(dir.toFile());
            String origin = git.getRepository().getConfig().getString("remote", "origin", "url");
            if (d.url().equals(origin)) {
                return git;
            }
            git.close();
            deleteTree(dir);
        }
        Files.createDirectories(dir.getParent());
        var clone = Git.cloneRepository().setURI(d.url()).setDirectory(dir.toFile()).setNoCheckout(true);
        transport.accept(clone);
        return clone.call();
    }

    /** Puts the work tree on the remote branch's head (or an empty branch when the remote has none yet). */
    private static void checkoutRemoteHead(Git git, Destination.Git d, Consumer<TransportCommand<?, ?>> transport) throws IOException, GitAPIException {
        var fetch = git.fetch().setRemoveDeletedRefs(true);
        transport.accept(fetch);
        fetch.call();
        Ref remote = git.getRepository().findRef(Constants.R_REMOTES + "origin/" + d.branch());
        if (remote != null) {
            // Create the local branch only once: JGit refuses to re-create an existing one, and the reset below moves it.
            boolean local = git.getRepository().findRef(Constants.R_HEADS + d.branch()) != null;
            var checkout = git.checkout().setForced(true).setName(d.branch());
            if (!local) {
                checkout.setCreateBranch(true).setStartPoint(remote.getName());
            }
            checkout.call();
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(remote.getName()).call();
            git.clean().setCleanDirectories(true).setForce(true).call();
            return;
        }
        ObjectId head = git.getRepository().resolve(Constants.HEAD);
        if (head != null) {
            // The remote has commits but not this branch: start it empty, like a new backup repository.
            git.checkout().setOrphan(true).setName(d.branch() + "-" + System.nanoTime()).call();
            git.rm().setCached(false).addFilepattern(".").call();
        }
    }

    private static void write(Git git, Path top, String relative, byte[] content) throws IOException, GitAPIException {
        Path file = top.resolve(relative).normalize();
        if (!file.startsWith(top)) {
            throw new IOException("path '" + relative + "' leaves the repository");
        }
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        git.add().addFilepattern(top.relativize(file).toString().replace('\\', '/')).call();
    }

    static String path(String template, Delivery.DeviceFile f, String deployment) {
        return template.replace("{device}", f.device())
                .replace("{group}", orDash(f.group()))
                .replace("{model}", orDash(f.model()))
                .replace("{platform}", orDash(f.platform()))
                .replace("{deployment}", deployment);
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s.replace('/', '_');
    }

    private static String shortHash(String s) {
        return io.cfgvault.store.Sha256.hex(s).substring(0, 12);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
