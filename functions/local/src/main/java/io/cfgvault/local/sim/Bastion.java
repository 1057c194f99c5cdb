package io.cfgvault.local.sim;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.StaticDecisionForwardingFilter;

/**
 * A simulated jump host: an OpenSSH-like server on 127.0.0.1 that logs users in and forwards their
 * {@code direct-tcpip} channels (what {@code ssh -J} asks for) onward, with no shell. Put it in front of a
 * {@link DeviceFarm} to reach the simulated devices through it, or chain two. It records where it forwarded to, so a
 * test can tell that traffic really went through it.
 */
public final class Bastion implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;
    private final List<String> forwarded = new CopyOnWriteArrayList<>();

    private Bastion(String username, String password) throws IOException {
        try {
            var gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            this.hostKey = gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make a host key for the simulated jump host", e);
        }
        server = ServerBuilder.builder().build();
        server.setHost(DeviceFarm.HOST);
        server.setPort(0);
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(session -> List.of(hostKey));
        server.setPasswordAuthenticator((user, pass, session) -> username.equals(user) && password.equals(pass));
        server.setForwardingFilter(new StaticDecisionForwardingFilter(true) {
            @Override
            protected boolean checkAcceptance(String request, Session session, SshdSocketAddress target) {
                // direct-tcpip only: this jump host lets clients out, never listens for them
                boolean direct = "direct-tcpip".equals(request);
                if (direct) {
                    forwarded.add(target.getHostName() + ":" + target.getPort());
                }
                return direct;
            }
        });
        server.start();
    }

    /** Starts a jump host that accepts this user and password. */
    public static Bastion start(String username, String password) throws IOException {
        return new Bastion(username, password);
    }

    public String host() {
        return DeviceFarm.HOST;
    }

    public int port() {
        return server.getPort();
    }

    /** Its host key as the inventory pins it: {@code ecdsa-sha2-nistp256 <base64>}. */
    public String hostKey() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** Every {@code host:port} it opened a connection to, oldest first. */
    public List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
