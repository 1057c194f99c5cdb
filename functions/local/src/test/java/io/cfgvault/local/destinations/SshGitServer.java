package io.cfgvault.local.destinations;

import io.cfgvault.local.sim.ChannelCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * A real Git server over SSH on 127.0.0.1: Apache MINA SSHD accepts one public key and runs Git's own
 * {@code git upload-pack} / {@code git receive-pack} on repositories under {@code root}, as a hosted Git service does
 * for {@code git@host:repo.git}. A hook can run once just before the next receive-pack, to play another pusher.
 */
final class SshGitServer implements AutoCloseable {
    private final SshServer server;
    private final Path root;
    private final KeyPair hostKey;
    private final AtomicReference<Runnable> beforeNextReceive = new AtomicReference<>();
    final AtomicInteger receivePacks = new AtomicInteger();

    SshGitServer(Path root, PublicKey authorized) throws Exception {
        this.root = root;
        this.hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> "git".equals(user) && KeyUtils.compareKeys(authorized, key));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> new GitCommand(command));
        server.start();
    }

    String url(String repo) {
        return "ssh://git@127.0.0.1:" + server.getPort() + "/" + repo;
    }

    /** The host key line as ssh-keyscan prints it, for {@code destination.<name>.hostKey}. */
    String hostKeyLine() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** Runs {@code hook} once, right before the next push is served: the remote moves between fetch and push. */
    void beforeNextReceive(Runnable hook) {
        beforeNextReceive.set(hook);
    }

    static KeyPair newKey() throws Exception {
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** {@code git-upload-pack '/repo.git'} run as a process with the channel's streams. */
    private final class GitCommand extends ChannelCommand {
        private final String command;
        private Process process;

        GitCommand(String command) {
            this.command = command;
        }





        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            List<String> words = List.of(command.trim().split("\\s+", 2));
            String verb = words.get(0);
            if (words.size() != 2 || !(verb.equals("git-upload-pack") || verb.equals("git-receive-pack"))) {
                err.write(("unsupported command: " + command + "\n").getBytes());
                err.flush();
                exit.onExit(1);
                return;
            }
            String repo = words.get(1).replace("'", "").replaceFirst("^/", "");
            Path dir = root.resolve(repo).normalize();
            if (!dir.startsWith(root)) {
                exit.onExit(1);
                return;
            }
            if (verb.equals("git-receive-pack")) {
                receivePacks.incrementAndGet();
                Runnable hook = beforeNextReceive.getAndSet(null);
                if (hook != null) {
                    hook.run();
                }
            }
            process = new ProcessBuilder("git", verb.substring(4), dir.toString()).start();
            pump("git-in", in, process.getOutputStream(), true);
            Thread stdout = pump("git-out", process.getInputStream(), out, false);
            Thread stderr = pump("git-err", process.getErrorStream(), err, false);
            Thread waiter = new Thread(() -> {
                try {
                    int code = process.waitFor();
                    stdout.join();
                    stderr.join();
                    exit.onExit(code);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "git-exit");
            waiter.setDaemon(true);
            waiter.start();
        }

        private static Thread pump(String name, InputStream from, OutputStream to, boolean closeTarget) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    for (int n; (n = from.read(buf)) >= 0; ) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                } catch (IOException ignored) {
                    // the channel or the process closed: nothing more to copy
                } finally {
                    if (closeTarget) {
                        try {
                            to.close();
                        } catch (IOException ignored) {
                            // already closed
                        }
                    }
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) {
                process.destroy();
            }
        }
    }
}
