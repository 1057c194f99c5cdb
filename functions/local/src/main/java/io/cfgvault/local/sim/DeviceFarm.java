package io.cfgvault.local.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.DefaultKeyboardInteractiveAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/**
 * A farm of simulated network devices on Apache MINA SSHD, for tests, the demo and benchmarks. Every device listens
 * on its own port on 127.0.0.1, but all of them share one SSH server, one NIO thread group and one executor for CLI
 * sessions: the device behind a connection is found by the port it came in on. A thousand devices cost a thousand
 * listening sockets, not a thousand thread pools.
 *
 * <p>Host keys live under {@code stateDir/hostkeys} and survive restarts, so pinned keys stay valid;
 * {@link #rotateHostKey} simulates a replaced device.
 */
public final class DeviceFarm implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    private static final AttributeKey<DeviceState> DEVICE = new AttributeKey<>();
    private static final AtomicInteger THREADS = new AtomicInteger();

    static {
        // one INFO line per simulated login drowns everything else; keep MINA at WARN unless the user chose otherwise
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.sshd") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.sshd", "warn");
        }
    }

    private final Path keyDir;
    private final FarmServer server;
    private final ExecutorService cli;
    private final Map<String, DeviceState> byName = new ConcurrentHashMap<>();
    private final Map<Integer, DeviceState> byPort = new ConcurrentHashMap<>();

    /** SshServer with access to its acceptor, to bind one extra port per device. */
    private static final class FarmServer extends SshServer {
        IoAcceptor acceptorHandle() {
            return acceptor;
        }
    }

    private DeviceFarm(Path stateDir) throws IOException {
        this.keyDir = Files.createDirectories(stateDir.resolve("hostkeys"));
        this.cli = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sim-cli-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = (FarmServer) ServerBuilder.builder().factory(FarmServer::new).build();
        server.setHost(HOST);
        server.setPort(0);
        CoreModuleProperties.TCP_NODELAY.set(server, true);   // echo and prompt are small writes; no Nagle delay
        server.setKeyPairProvider(new KeyPairProvider() {
            @Override
            public Iterable<KeyPair> loadKeys(SessionContext session) {
                DeviceState d = session == null ? null : session.getAttribute(DEVICE);
                return d == null ? List.of() : List.of(hostKeyPair(d));
            }
        });
        server.setPasswordAuthenticator((user, password, session) -> {
            DeviceState d = session.getAttribute(DEVICE);
            return d != null && !d.keyboardInteractiveOnly && passwordMatches(d, user, password);
        });
        server.setKeyboardInteractiveAuthenticator(new DefaultKeyboardInteractiveAuthenticator() {
            @Override
            public boolean authenticate(ServerSession session, String username, List<String> responses) {
                DeviceState d = session.getAttribute(DEVICE);
                return d != null && responses != null && responses.size() == 1
                        && passwordMatches(d, username, responses.get(0));
            }
        });
        server.setPublickeyAuthenticator((user, key, session) -> {
            DeviceState d = session.getAttribute(DEVICE);
            return d != null && d.fault() != Fault.WRONG_PASSWORD && d.authorizedKey != null
                    && d.username.equals(user) && KeyUtils.compareKeys(d.authorizedKey, key);
        });
        server.setShellFactory(channel -> new SimCommand(channel.getSession().getAttribute(DEVICE), cli, null));
        server.setCommandFactory((channel, command) -> new SimCommand(channel.getSession().getAttribute(DEVICE), cli, command));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                SocketAddress local = session.getIoSession().getLocalAddress();
                DeviceState d = local instanceof InetSocketAddress a ? byPort.get(a.getPort()) : null;
                if (d == null) {
                    session.close(true);
                    return;
                }
                session.setAttribute(DEVICE, d);
                if (d.legacy() && session instanceof ServerSession s) {
                    s.setKeyExchangeFactories(List.of(ServerBuilder.DH2KEX.apply(BuiltinDHFactories.dhg14)));
                    s.setSignatureFactories(List.of(BuiltinSignatures.rsa));
                }
            }
        });
        server.start();
    }

    /** Starts the farm with these devices; host keys are loaded from (or created under) {@code stateDir}. */
    public static DeviceFarm start(Path stateDir, List<SimDevice> devices) throws IOException {
        DeviceFarm farm = new DeviceFarm(stateDir);
        try {
            for (SimDevice d : devices) {
                farm.add(d);
            }
        } catch (IOException | RuntimeException e) {
            farm.close();
            throw e;
        }
        return farm;
    }

    /** Adds a device on a new free port and returns the port. */
    public synchronized int add(SimDevice device) throws IOException {
        return add(device, 0);
    }

    /**
     * Adds a device on {@code preferredPort} when that port is free (so an inventory stays valid across farm
     * restarts), else on a new free port; returns the port.
     */
    public synchronized int add(SimDevice device, int preferredPort) throws IOException {
        if (byName.containsKey(device.name())) {
            throw new IllegalArgumentException("Device " + device.name() + " is already in the farm");
        }
        DeviceState d = new DeviceState(device, parseKey(device));
        d.ecKey(loadOrCreate(d.name, "ec"));
        if (d.legacy()) {
            d.rsaKey(loadOrCreate(d.name, "rsa"));
        }
        IoAcceptor acceptor = server.acceptorHandle();
        Set<SocketAddress> before = new HashSet<>(acceptor.getBoundAddresses());
        // MINA leaks the channel of a failed bind, so probe the preferred port first
        int port = preferredPort > 0 && portFree(preferredPort) ? preferredPort : 0;
        try {
            acceptor.bind(new InetSocketAddress(HOST, port));
        } catch (IOException taken) {
            if (port == 0) {
                throw taken;
            }
            acceptor.bind(new InetSocketAddress(HOST, 0));
        }
        Set<SocketAddress> after = new HashSet<>(acceptor.getBoundAddresses());
        after.removeAll(before);
        if (after.size() != 1) {
            throw new IOException("Could not tell which port was bound for " + device.name());
        }
        d.port = ((InetSocketAddress) after.iterator().next()).getPort();
        byPort.put(d.port, d);
        byName.put(d.name, d);
        return d.port;
    }

    private static boolean portFree(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(HOST, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String host() {
        return HOST;
    }

    public int port(String device) {
        return state(device).port;
    }

    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** The host key the device presents now, as {@code <type> <base64>} (what the fetcher returns for pinning). */
    public String hostKey(String device) {
        PublicKey pub = hostKeyPair(state(device)).getPublic();
        return PublicKeyEntry.toString(pub);
    }

    /** Gives the device a new host key, as if it had been replaced; persisted, so it survives a restart. */
    public void rotateHostKey(String device) {
        DeviceState d = state(device);
        try {
            if (d.legacy()) {
                d.rsaKey(create(d.name, "rsa"));
            } else {
                d.ecKey(create(d.name, "ec"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuse "password" auth but accept the same password through keyboard-interactive, as AAA-backed devices do. */
    public void setKeyboardInteractiveOnly(String device, boolean only) {
        state(device).keyboardInteractiveOnly = only;
    }

    public void setConfig(String device, String config) {
        state(device).config(config);
    }

    public String config(String device) {
        return state(device).config().text();
    }

    /** The config the device would boot from ({@code show startup-config} prints it); set by write memory. */
    public String startupConfig(String device) {
        return state(device).startup();
    }

    public void setStartupConfig(String device, String config) {
        state(device).startup(config);
    }

    /** The timer of a confirmed commit (Junos commit confirmed, EOS commit timer) runs out now: the device reverts. */
    public void expireConfirmedCommit(String device) {
        state(device).expireConfirmedCommit();
    }

    /** True while a confirmed commit waits for its confirmation. */
    public boolean confirmPending(String device) {
        return state(device).confirmPending();
    }

    public void setFault(String device, Fault fault) {
        DeviceState d = state(device);
        if (fault == Fault.LEGACY_ALGORITHMS_ONLY && d.rsaKey() == null) {
            try {
                d.rsaKey(loadOrCreate(d.name, "rsa"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        d.fault(fault);
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            // closing anyway
        } finally {
            cli.shutdownNow();
        }
    }

    private DeviceState state(String device) {
        DeviceState d = byName.get(device);
        if (d == null) {
            throw new IllegalArgumentException("No simulated device named '" + device + "'; the farm has " + byName.keySet());
        }
        return d;
    }

    private static boolean passwordMatches(DeviceState d, String user, String password) {
        return d.fault() != Fault.WRONG_PASSWORD && d.username.equals(user) && d.password != null
                && d.password.equals(password);
    }

    private static KeyPair hostKeyPair(DeviceState d) {
        return d.legacy() ? d.rsaKey() : d.ecKey();
    }

    private static PublicKey parseKey(SimDevice d) {
        if (d.authorizedKey() == null || d.authorizedKey().isBlank()) {
            return null;
        }
        try {
            return AuthorizedKeyEntry.parseAuthorizedKeyEntry(d.authorizedKey().trim())
                    .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("Authorized key of simulated device " + d.name() + " is not an OpenSSH public key line", e);
        }
    }

    // ---------------------------------------------------------------- host keys on disk

    private KeyPair loadOrCreate(String device, String alg) throws IOException {
        Path f = keyFile(device, alg);
        if (Files.exists(f)) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.US_ASCII);
            try {
                KeyFactory kf = KeyFactory.getInstance(alg.equals("rsa") ? "RSA" : "EC");
                return new KeyPair(kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1)))),
                        kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0)))));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IOException("Host key file " + f + " is damaged; delete it to get a new key", e);
            }
        }
        return create(device, alg);
    }

    private KeyPair create(String device, String alg) throws IOException {
        KeyPair kp;
        try {
            if (alg.equals("rsa")) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                kp = g.generateKeyPair();
            } else {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                kp = g.generateKeyPair();
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot generate a " + alg + " host key", e);
        }
        Path f = keyFile(device, alg);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.writeString(tmp, Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n"
                + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return kp;
    }

    private Path keyFile(String device, String alg) {
        return keyDir.resolve(device.replaceAll("[^A-Za-z0-9._-]", "_") + "." + alg + ".key");
    }
}
