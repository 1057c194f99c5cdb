package io.cfgvault.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelShell;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UserInfo;
import io.cfgvault.config.Options;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.Device;
import io.cfgvault.ssh.FetchResult.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches configs with JSch (mwiede fork). Thread-safe and stateless between calls: every fetch gets its own
 * {@link JSch}, session and buffers, so one instance serves a pool of any size.
 *
 * <p>Time limits: the TCP connect and SSH handshake of each attempt are bounded by the connect timeout, every wait
 * for output by the idle timeout, and the whole fetch by the wall limit. A shared watchdog disconnects the session at
 * the wall limit, so a fetch returns at most about a second after it whatever the device does.
 *
 * <p>Nothing here logs: device output and secrets never leave the returned {@link FetchResult}, and error texts are
 * scrubbed of every secret in the credentials.
 */
public final class JschConfigFetcher implements ConfigFetcher {
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();
    private static final ExecutorService CUTTER = Executors.newCachedThreadPool(daemon("cfgvault-ssh-cutoff"));
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Pattern CRLF = Pattern.compile("\r+\n");
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern ERASE = Pattern.compile("^(?:\u001b\\[K|[\b\r]+ +[\b\r]+|\b+)");
    private static final long BACKOFF_BASE_MILLIS = 500;
    private static final long BACKOFF_CAP_MILLIS = 8_000;
    private static final int PTY_COLUMNS = 511;
    private static final int MAX_PROMPT_CHARS = 1024;

    private static final JSch PLAIN = new JSch();
    private static final java.util.concurrent.ConcurrentHashMap<String, JSch> BY_KEY = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED_KEYS = 256;

    public JschConfigFetcher() {
    }

    @Override
    public FetchResult fetch(FetchRequest request) {
        return new Fetch(request).run();
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, daemon("cfgvault-ssh-watchdog"));
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One fetch: all mutable state of a call lives here. */
    private static final class Fetch {
        private final FetchRequest req;
        private final Device device;
        private final Credentials creds;
        private final PlatformProfile profile;
        private final long startNanos = System.nanoTime();
        private final long wallDeadline;
        private final long idleNanos;
        private final FetchTrace trace;
        private final HostKeyPin pin;
        private final AtomicBoolean wallExpired = new AtomicBoolean();
        private final StringBuilder done = new StringBuilder();
        private volatile Session session;
        private volatile OutputSink current;
        private volatile int currentMark;
        private volatile String currentCommand = "";
        private volatile long lastSentNanos;
        private int attempts;
        private String prompt = "";

        Fetch(FetchRequest req) {
            this.req = req;
            this.device = req.device();
            this.creds = req.credentials();
            this.profile = req.profile();
            this.wallDeadline = startNanos + req.wallLimit().toNanos();
            this.idleNanos = req.idleTimeout().toNanos();
            this.trace = new FetchTrace(startNanos);
            this.pin = new HostKeyPin(device.hostKey());
        }

        FetchResult run() {
            ScheduledFuture<?> dog = WATCHDOG.schedule(this::cutOff, req.wallLimit().toNanos(), TimeUnit.NANOSECONDS);
            try {
                connectWithRetries();
                String output = profile.mode() == PlatformProfile.Mode.SHELL ? runShell() : runExec();
                Optional<String> error = profile.errorReason(output);
                if (error.isPresent()) {
                    return result(Status.COMMAND_ERROR, output, error.get());
                }
                if (output.isBlank()) {
                    return result(Status.TRUNCATED, output, "device " + device.name() + " returned no output for "
                            + profile.backupCommands());
                }
                Optional<String> marker = profile.endMarkerReason(output);
                if (marker.isPresent()) {
                    return result(Status.TRUNCATED, output, marker.get());
                }
                trace.step("done", output.length() + " chars");
                return result(Status.OK, output, null);
            } catch (FetchFailure f) {
                Status status = f.status();
                String message = f.getMessage();
                if (wallExpired.get() && status != Status.TIMEOUT && status != Status.HOST_KEY_CHANGED
                        && status != Status.AUTH_FAILED) {
                    status = Status.TIMEOUT;
                    message = wallMessage("running");
                }
                return result(status, partial(), message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result(Status.FAILED, partial(), "fetch of " + device.name() + " was interrupted");
            } catch (RuntimeException e) {
                return result(wallExpired.get() ? Status.TIMEOUT : Status.FAILED, partial(),
                        wallExpired.get() ? wallMessage("running")
                                : "unexpected " + e.getClass().getSimpleName() + " while fetching " + device.name()
                                        + ": " + e.getMessage());
            } finally {
                dog.cancel(false);
                Session s = session;
                if (s != null) {
                    if (wallExpired.get()) {
                        CUTTER.execute(s::disconnect);   // never let a wedged session hold the caller past its limit
                    } else {
                        s.disconnect();
                    }
                }
            }
        }

        // ---------------------------------------------------------------- connection

        private void connectWithRetries() throws FetchFailure, InterruptedException {
            int max = Math.max(1, req.maxAttempts());
            while (true) {
                attempts++;
                try {
                    connectOnce();
                    return;
                } catch (FetchFailure f) {
                    Session s = session;
                    if (s != null) {
                        s.disconnect();
                    }
                    if (!f.retryable() || wallExpired.get()) {
                        throw f;
                    }
                    if (attempts >= max) {
                        throw new FetchFailure(f.status(), f.getMessage() + " (gave up after " + attempts + " attempts)");
                    }
                    long exp = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(10, attempts - 1));
                    long delay = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
                    long remaining = (wallDeadline - System.nanoTime()) / 1_000_000;
                    if (delay + 250 >= remaining) {
                        throw new FetchFailure(f.status(), f.getMessage() + " (gave up after " + attempts
                                + " attempts: no time left within the wall limit of " + seconds(req.wallLimit().toMillis()) + ")");
                    }
                    trace.step("retry", "backing off " + delay + " ms");
                    Thread.sleep(delay);
                }
            }
        }

        private void connectOnce() throws FetchFailure {
            trace.step("connect", "attempt " + attempts + " to " + device.host() + ":" + device.port());
            JSch jsch = jschFor();
            Answers answers = new Answers(creds.password().orElse(null), creds.privateKeyPassphrase().orElse(null));
            Session s;
            try {
                s = jsch.getSession(creds.username(), device.host(), device.port());
            } catch (JSchException e) {
                throw new FetchFailure(Status.FAILED, "cannot set up SSH to " + device.name() + ": " + scrub(e.getMessage()));
            }
            s.setDaemonThread(true);
            s.setHostKeyRepository(pin);
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("PreferredAuthentications", creds.privateKey().isPresent()
                    ? "publickey,password,keyboard-interactive" : "password,keyboard-interactive");
            applyAlgorithms(s);
            JschAlgorithms.apply(s);
            s.setUserInfo(answers);
            creds.password().ifPresent(s::setPassword);
            session = s;
            if (wallExpired.get()) {
                throw new FetchFailure(Status.TIMEOUT, wallMessage("connecting"));
            }
            long remainingMillis = Math.max(1, (wallDeadline - System.nanoTime()) / 1_000_000);
            int timeout = (int) Math.max(1, Math.min(req.connectTimeout().toMillis(), remainingMillis));
            try {
                s.connect(timeout);
            } catch (JSchException e) {
                throw classify(e, timeout);
            }
            trace.step("connected", "server " + Optional.ofNullable(s.getServerVersion()).orElse("?"));
            pin.presented().ifPresent(k -> trace.step("host key", k.substring(0, k.indexOf(' ')) + " "
                    + HostKeyPin.fingerprint(k) + (pin.pinned().isPresent() ? " (matches pinned key)" : " (first contact)")));
            trace.step("authenticated", "user " + creds.username());
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
                        + scrub(e.getMessage()));
            }
            if (BY_KEY.size() >= MAX_CACHED_KEYS) {
                BY_KEY.clear();
            }
            JSch raced = BY_KEY.putIfAbsent(id, jsch);
            return raced == null ? jsch : raced;
        }

        private void applyAlgorithms(Session s) {
            Options o = Options.of(device, profile);
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

        private FetchFailure classify(JSchException e, int timeoutMillis) {
            if (pin.changed()) {
                String pinned = pin.pinned().orElse("");
                String presented = pin.presented().orElse("");
                return new FetchFailure(Status.HOST_KEY_CHANGED, "host key of " + device.name() + " ("
                        + device.host() + ":" + device.port() + ") changed: pinned " + keyType(pinned) + " "
                        + HostKeyPin.fingerprint(pinned) + ", device now presents " + keyType(presented) + " "
                        + HostKeyPin.fingerprint(presented) + ". Nothing was sent to it. If the device was replaced or"
                        + " re-keyed on purpose, re-trust it by clearing its pinned host key in the inventory; otherwise"
                        + " treat this as a possible man-in-the-middle.");
            }
            if (wallExpired.get()) {
                return new FetchFailure(Status.TIMEOUT, wallMessage("connecting"));
            }
            if (e instanceof JSchAlgoNegoFailException a) {
                String option = switch (a.getAlgorithmName()) {
                    case "kex" -> Options.KEX;
                    case "server_host_key" -> Options.HOST_KEY_ALGORITHMS;
                    case "cipher.c2s", "cipher.s2c" -> Options.CIPHERS;
                    case "mac.c2s", "mac.s2c" -> Options.MACS;
                    default -> a.getAlgorithmName();
                };
                String offered = a.getServerProposal() == null ? "" : a.getServerProposal();
                String first = offered.split(",")[0];
                return new FetchFailure(Status.FAILED, "no common " + a.getAlgorithmName() + " algorithm with "
                        + device.name() + ": it offers [" + offered + "]. If the device cannot be upgraded, allow a"
                        + " legacy algorithm with the option '" + option + ": +" + first + "' on the device or its profile.");
            }
            String msg = e.getMessage() == null ? "" : e.getMessage();
            String lower = msg.toLowerCase(java.util.Locale.ROOT);
            String type = e.getClass().getSimpleName();
            if (type.equals("JSchAuthCancelException") || type.equals("JSchPartialAuthException")
                    || lower.startsWith("auth fail") || lower.startsWith("auth cancel")) {
                return new FetchFailure(Status.AUTH_FAILED, "authentication failed for user '" + creds.username()
                        + "' on " + device.name() + " (credentials '" + device.credentials() + "'). Not retried, so the"
                        + " account is not locked out; check the password or key.");
            }
            Throwable cause = rootCause(e);
            if (cause instanceof ConnectException) {
                return new FetchFailure(Status.UNREACHABLE, "connection to " + device.name() + " (" + device.host()
                        + ":" + device.port() + ") refused", true);
            }
            if (cause instanceof NoRouteToHostException) {
                return new FetchFailure(Status.UNREACHABLE, "no route to " + device.name() + " (" + device.host() + ")", true);
            }
            if (cause instanceof UnknownHostException) {
                return new FetchFailure(Status.UNREACHABLE, "unknown host '" + device.host() + "' for " + device.name()
                        + "; check the inventory address");
            }
            if (cause instanceof SocketTimeoutException || lower.contains("timeout") || lower.contains("timed out")) {
                return new FetchFailure(Status.UNREACHABLE, "connecting to " + device.name() + " (" + device.host()
                        + ":" + device.port() + ") timed out after " + seconds(timeoutMillis)
                        + " (TCP connect and SSH handshake)", true);
            }
            if (cause instanceof SocketException || lower.contains("end of io stream") || lower.contains("connection reset")) {
                return new FetchFailure(Status.UNREACHABLE, "connection to " + device.name()
                        + " was closed during the SSH handshake", true);
            }
            return new FetchFailure(Status.FAILED, "SSH handshake with " + device.name() + " failed: " + scrub(msg));
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

        // ---------------------------------------------------------------- shell mode

        private String runShell() throws FetchFailure, InterruptedException {
            ChannelShell ch;
            OutputSink sink = new OutputSink();
            OutputStream in;
            try {
                ch = (ChannelShell) session.openChannel("shell");
                ch.setPtyType("vt100", PTY_COLUMNS, 24, 0, 0);
                ch.setOutputStream(sink);
                ch.setExtOutputStream(sink, true);
                in = ch.getOutputStream();
                current = sink;
                currentMark = 0;
                lastSentNanos = System.nanoTime();
                ch.connect(channelTimeout());
            } catch (JSchException | IOException e) {
                throw channelFailure("opening a shell", e);
            }
            trace.step("channel", "shell with PTY");
            login(sink, in);
            for (String command : profile.backupCommands()) {
                String out = command(sink, in, command);
                appendOutput(out);
            }
            trace.step("bytes received", String.valueOf(sink.totalBytes()));
            return done.toString();
        }

        private void login(OutputSink sink, OutputStream in) throws FetchFailure, InterruptedException {
            Pattern promptRe = profile.prompt();
            // 1. whatever banner comes first, wait for an unterminated last line that looks like a prompt
            await(sink, "waiting for the first prompt after login", s -> {
                int ls = s.lastLineStart(0);
                return s.size() - ls <= MAX_PROMPT_CHARS && promptRe.matcher(tail(s, ls)).find()
                        ? Boolean.TRUE : null;
            }, null);
            // 2. confirm it: a fresh line after our newline must again be a prompt (a banner line with # or > is not)
            int mark = sink.locked(sink::size);
            send(in, "\n");
            prompt = await(sink, "confirming the prompt", s -> {
                int ls = s.lastLineStart(mark);
                if (ls == mark || s.size() - ls > MAX_PROMPT_CHARS) {
                    return null;
                }
                String tail = tail(s, ls);
                return promptRe.matcher(tail).find() ? tail : null;
            }, null);
            trace.step("prompt", prompt.length() + " chars");
            Optional<PlatformProfile.Enable> enable = profile.enable();
            if (enable.isPresent() && enable.get().when().matcher(prompt).find()) {
                enable(sink, in, enable.get());
            }
            for (String command : profile.loginCommands()) {
                String out = command(sink, in, command);
                if (profile.errorReason(out).isPresent()) {
                    trace.step("login command rejected", command);
                }
            }
        }

        private void enable(OutputSink sink, OutputStream in, PlatformProfile.Enable enable)
                throws FetchFailure, InterruptedException {
            Pattern promptRe = profile.prompt();
            int mark = sink.locked(sink::size);
            send(in, enable.command() + "\n");
            trace.step("enable", enable.command());
            int[] echoEnd = {-1};
            Function<OutputSink, String> promptOrPassword = s -> {
                if (echoEnd[0] < 0) {
                    echoEnd[0] = findEcho(s, mark, enable.command());
                    if (echoEnd[0] < 0) {
                        return null;
                    }
                }
                int ls = s.lastLineStart(echoEnd[0]);
                if (s.size() - ls > MAX_PROMPT_CHARS) {
                    return null;
                }
                String tail = tail(s, ls);
                if (enable.passwordPrompt().matcher(tail).find()) {
                    return "\u0000password";
                }
                return (ls > mark || echoEnd[0] > mark) && promptRe.matcher(tail).find() ? tail : null;
            };
            String seen = await(sink, "entering enable mode", promptOrPassword, null);
            if (seen.equals("\u0000password")) {
                if (creds.enableSecret().isEmpty()) {
                    throw new FetchFailure(Status.AUTH_FAILED, device.name() + " asks for an enable secret but credentials '"
                            + device.credentials() + "' have none");
                }
                int mark2 = sink.locked(sink::size);
                send(in, creds.enableSecret().get() + "\n");
                seen = await(sink, "entering enable mode", s -> {
                    int ls = s.lastLineStart(mark2);
                    if (ls == mark2 || s.size() - ls > MAX_PROMPT_CHARS) {
                        return null;
                    }
                    String tail = tail(s, ls);
                    if (enable.passwordPrompt().matcher(tail).find()) {
                        return "\u0000password";
                    }
                    return promptRe.matcher(tail).find() ? tail : null;
                }, null);
                if (seen.equals("\u0000password")) {
                    throw new FetchFailure(Status.AUTH_FAILED, "enable secret rejected by " + device.name()
                            + " (credentials '" + device.credentials() + "')");
                }
            }
            if (enable.when().matcher(seen).find()) {
                throw new FetchFailure(Status.AUTH_FAILED, device.name() + " stayed in user mode after '"
                        + enable.command() + "'; check the enable secret of credentials '" + device.credentials() + "'");
            }
            prompt = seen;
            trace.step("enabled", prompt.length() + " chars prompt");
        }

        /**
         * Sends one command and returns its output without echo, pager artefacts and the trailing prompt. The prompt
         * only counts after the command's echo, so a stray prompt still in flight (an answer to an earlier newline)
         * is not taken for the end of this command.
         */
        private String command(OutputSink sink, OutputStream in, String command) throws FetchFailure, InterruptedException {
            int mark = sink.locked(sink::size);
            currentMark = mark;
            currentCommand = command;
            send(in, command + "\n");
            trace.step("command sent", command);
            int[] erase = {-1};
            int[] echoEnd = {-1};
            int pagers = 0;
            String phase = "reading the output of '" + command + "'";
            while (true) {
                Integer promptAt = await(sink, phase, s -> {
                    if (erase[0] >= 0 && !stripErase(s, erase)) {
                        return null;
                    }
                    if (echoEnd[0] < 0) {
                        echoEnd[0] = findEcho(s, mark, command);
                        if (echoEnd[0] < 0) {
                            return null;
                        }
                    }
                    int ls = s.lastLineStart(echoEnd[0]);
                    if (s.size() - ls > MAX_PROMPT_CHARS) {
                        return null;
                    }
                    String tail = s.latin1(ls, s.size());
                    if (ls >= echoEnd[0] && (ls > mark || echoEnd[0] > mark)
                            && (tail(s, ls).equals(prompt) || isModePrompt(tail(s, ls)))) {
                        return ls;
                    }
                    if (profile.pager().isPresent()) {
                        Matcher m = profile.pager().get().pattern().matcher(tail);
                        if (m.find()) {
                            s.truncate(ls + m.start());
                            return -1;
                        }
                    }
                    return null;
                }, s -> {
                    // idle: accept a prompt that matches the profile but differs from the one learned at login,
                    // or that follows output without an echo
                    int from = Math.max(mark, echoEnd[0]);
                    int ls = s.lastLineStart(from);
                    String tail = s.size() - ls > MAX_PROMPT_CHARS ? "" : tail(s, ls);
                    if (ls > from && profile.prompt().matcher(tail).find()) {
                        echoEnd[0] = from;
                        return ls;
                    }
                    return null;
                });
                if (promptAt == -1) {
                    pagers++;
                    erase[0] = sink.locked(sink::size);   // before answering: the next page may come at once
                    send(in, profile.pager().get().answer());
                    continue;
                }
                if (pagers > 0) {
                    trace.step("pager answered", pagers + " times");
                }
                int from = echoEnd[0];
                byte[] raw = sink.locked(() -> sink.bytes(from, promptAt));
                String text = CRLF.matcher(decode(raw)).replaceAll("\n");
                return profile.dropArtefacts(from == mark ? cutEcho(text, command) : text);
            }
        }

        /**
         * A sub-mode of the learned prompt, such as {@code core-sw-01(config)#} or {@code core-sw-01(config-if)#}
         * after {@code core-sw-01#}: the prompts a restore walks through. Only "hostname(" at a line start counts,
         * which no config line begins with.
         */
        private boolean isModePrompt(String tail) {
            String base = prompt.replaceFirst("[>#$%]\\s*$", "");
            return !base.isEmpty() && tail.startsWith(base + "(") && profile.prompt().matcher(tail).find();
        }

        /**
         * Index just after the line that echoes {@code command} (it may start with a stray prompt), -1 while it may
         * still arrive, or {@code mark} when the first 4 KB hold no echo (the device does not echo).
         */
        private static int findEcho(OutputSink s, int mark, String command) {
            // the sink reads bytes one char each (latin1), so compare with the command's UTF-8 bytes read the same way
            String want = new String(command.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            int limit = Math.min(s.size(), mark + 4096);
            int lineStart = mark;
            for (int i = mark; i < limit; i++) {
                if (s.byteAt(i) == '\n') {
                    String line = s.latin1(lineStart, i).replaceAll("[\b\r]", "").strip();
                    if (!want.isEmpty() && line.endsWith(want)) {
                        return i + 1;
                    }
                    lineStart = i + 1;
                }
            }
            return s.size() >= mark + 4096 || s.isClosed() ? mark : -1;
        }

        /** The unterminated last line from {@code ls}, without ANSI control sequences and trailing blanks. */
        private static String tail(OutputSink s, int ls) {
            String t = s.latin1(ls, s.size());
            if (t.indexOf('\u001b') >= 0) {
                t = ANSI.matcher(t).replaceAll("");
            }
            return t.stripTrailing();
        }

        /** Removes the pager's erase sequence at erase[0]; false while it may still be arriving. */
        private static boolean stripErase(OutputSink s, int[] erase) {
            int from = erase[0];
            int end = Math.min(s.size(), from + 256);
            int k = from;
            while (k < end) {
                byte b = s.byteAt(k);
                if (b != '\b' && b != '\r' && b != ' ' && b != 0x1b && b != '[' && b != 'K') {
                    break;
                }
                k++;
            }
            if (k == end && end - from < 256 && !s.isClosed()) {
                return false;
            }
            Matcher m = ERASE.matcher(s.latin1(from, Math.min(s.size(), k + 1)));
            if (m.find()) {
                int len = m.end();
                // a lone \r that starts a \r\n line end is not part of an erase sequence
                if (len > 0) {
                    s.remove(from, from + len);
                }
            }
            erase[0] = -1;
            return true;
        }

        private static String cutEcho(String text, String command) {
            String t = CRLF.matcher(text).replaceAll("\n");
            int nl = t.indexOf('\n');
            String first = (nl < 0 ? t : t.substring(0, nl)).replaceAll("[\b\r]", "").strip();
            if (!command.isBlank() && (first.endsWith(command.strip()) || (first.isEmpty() && nl == 0))) {
                t = nl < 0 ? "" : t.substring(nl + 1);
            }
            return t;
        }

        // ---------------------------------------------------------------- exec mode

        private String runExec() throws FetchFailure, InterruptedException {
            for (String command : profile.backupCommands()) {
                ChannelExec ch;
                OutputSink out = new OutputSink();
                OutputSink err = new OutputSink();
                try {
                    ch = (ChannelExec) session.openChannel("exec");
                    ch.setCommand(command);
                    ch.setOutputStream(out);
                    ch.setErrStream(err, true);
                    current = out;
                    currentMark = 0;
                    lastSentNanos = System.nanoTime();
                    ch.connect(channelTimeout());
                } catch (JSchException e) {
                    throw channelFailure("running '" + command + "'", e);
                }
                trace.step("command sent", command + " (exec)");
                await(out, "reading the output of '" + command + "'", s -> s.isClosed() ? Boolean.TRUE : null, null);
                if (!ch.isEOF()) {
                    appendOutput(decode(out.locked(() -> out.bytes(0, out.size()))));
                    current = null;
                    throw new FetchFailure(Status.TRUNCATED, "session closed by " + device.name() + " after "
                            + out.totalBytes() + " bytes of '" + command + "' (no end-of-output)");
                }
                long until = Math.min(wallDeadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
                while (!ch.isClosed() && System.nanoTime() < until) {
                    Thread.sleep(1);
                }
                int exit = ch.getExitStatus();
                ch.disconnect();
                trace.step("bytes received", out.totalBytes() + (err.totalBytes() > 0 ? " (+" + err.totalBytes()
                        + " on stderr)" : "") + ", exit status " + exit);
                String text = profile.dropArtefacts(
                        CRLF.matcher(decode(out.locked(() -> out.bytes(0, out.size())))).replaceAll("\n"));
                appendOutput(text);
                current = null;
                Optional<String> outReason = profile.errorReason(text);
                if (outReason.isPresent()) {
                    throw new FetchFailure(Status.COMMAND_ERROR, outReason.get());
                }
                String errText = decode(err.locked(() -> err.bytes(0, err.size())));
                Optional<String> errReason = profile.errorReason(errText);
                if (errReason.isPresent()) {
                    throw new FetchFailure(Status.COMMAND_ERROR, errReason.get().replace("line", "stderr line"));
                }
                if (exit > 0) {
                    throw new FetchFailure(Status.COMMAND_ERROR, "'" + command + "' exited with status " + exit
                            + " on " + device.name());
                }
            }
            return done.toString();
        }

        // ---------------------------------------------------------------- waiting and limits

        /**
         * Waits until {@code check} (run under the sink lock) returns non-null. {@code onIdle}, if given, gets a last
         * look when the idle timeout strikes. Throws TIMEOUT at the idle or wall limit, TRUNCATED when the channel
         * closes first.
         */
        private <T> T await(OutputSink sink, String phase, Function<OutputSink, T> check, Function<OutputSink, T> onIdle)
                throws FetchFailure, InterruptedException {
            sink.lock();
            try {
                while (true) {
                    T r = check.apply(sink);
                    if (r != null) {
                        return r;
                    }
                    if (wallExpired.get()) {
                        throw new FetchFailure(Status.TIMEOUT, wallMessage(phase));
                    }
                    if (sink.isClosed()) {
                        throw new FetchFailure(Status.TRUNCATED, "session closed by " + device.name() + " while "
                                + phase + " (" + sink.totalBytes() + " bytes received)");
                    }
                    long now = System.nanoTime();
                    long idleDeadline = Math.max(sink.lastDataNanos(), lastSentNanos) + idleNanos;
                    if (now - wallDeadline >= 0) {
                        throw new FetchFailure(Status.TIMEOUT, wallMessage(phase));
                    }
                    if (now - idleDeadline >= 0) {
                        T late = onIdle == null ? null : onIdle.apply(sink);
                        if (late != null) {
                            return late;
                        }
                        throw new FetchFailure(Status.TIMEOUT, "no output from " + device.name() + " for "
                                + seconds(req.idleTimeout().toMillis()) + " while " + phase + " ("
                                + sink.totalBytes() + " bytes received); cut off at the idle timeout");
                    }
                    sink.awaitChange(Math.min(idleDeadline, wallDeadline) - now);
                }
            } finally {
                sink.unlock();
            }
        }

        private void send(OutputStream in, String text) throws FetchFailure {
            try {
                in.write(text.getBytes(StandardCharsets.UTF_8));
                in.flush();
                lastSentNanos = System.nanoTime();
            } catch (IOException e) {
                throw wallExpired.get() ? new FetchFailure(Status.TIMEOUT, wallMessage("sending input"))
                        : new FetchFailure(Status.TRUNCATED, "session to " + device.name() + " closed while sending input");
            }
        }

        private int channelTimeout() {
            long remainingMillis = Math.max(1, (wallDeadline - System.nanoTime()) / 1_000_000);
            return (int) Math.max(1, Math.min(req.connectTimeout().toMillis(), remainingMillis));
        }

        private FetchFailure channelFailure(String what, Exception e) {
            if (wallExpired.get()) {
                return new FetchFailure(Status.TIMEOUT, wallMessage(what));
            }
            return new FetchFailure(Status.FAILED, device.name() + " refused or dropped the channel while " + what
                    + ": " + scrub(String.valueOf(e.getMessage())));
        }

        /** Watchdog: the wall limit struck; cut the device off wherever the fetch is. */
        private void cutOff() {
            wallExpired.set(true);
            Session s = session;
            OutputSink sink = current;
            if (sink != null) {
                sink.wake();
            }
            if (s != null) {
                CUTTER.execute(s::disconnect);
            }
        }

        private String wallMessage(String phase) {
            OutputSink s = current;
            return "wall-clock limit of " + seconds(req.wallLimit().toMillis()) + " reached while " + phase + " on "
                    + device.name() + (s == null ? "" : " (" + s.totalBytes() + " bytes received)")
                    + "; the device was cut off";
        }

        private void appendOutput(String text) {
            done.append(text);
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                done.append('\n');
            }
        }

        /** Completed commands' output plus what the current one produced so far. */
        private String partial() {
            OutputSink s = current;
            if (s == null) {
                return done.toString();
            }
            int mark = currentMark;
            String cur = s.locked(() -> decode(s.bytes(Math.min(mark, s.size()), s.size())));
            return done + (currentCommand.isEmpty() ? CRLF.matcher(cur).replaceAll("\n") : cutEcho(cur, currentCommand));
        }

        private FetchResult result(Status status, String output, String error) {
            trace.step(status == Status.OK ? "finished" : "failed", status.name());
            return new FetchResult(status, output == null ? "" : output, profile.backupCommands(),
                    Optional.ofNullable(error).map(this::scrub), pin.presented(), attempts,
                    (System.nanoTime() - startNanos) / 1_000_000, trace.steps());
        }

        private String scrub(String text) {
            if (text == null) {
                return "";
            }
            String t = text;
            for (String secret : creds.secrets()) {
                if (secret != null && !secret.isEmpty()) {
                    t = t.replace(secret, "***");
                }
            }
            return t;
        }
    }

    /** Answers password, passphrase and keyboard-interactive prompts once each, so a wrong password is not retried. */
    private static final class Answers implements UserInfo, UIKeyboardInteractive {
        private final String password;
        private final String passphrase;
        private int passwordPrompts;
        private int interactivePrompts;

        Answers(String password, String passphrase) {
            this.password = password;
            this.passphrase = passphrase;
        }

        @Override
        public String getPassphrase() {
            return passphrase;
        }

        @Override
        public String getPassword() {
            return password;
        }

        @Override
        public synchronized boolean promptPassword(String message) {
            return password != null && passwordPrompts++ == 0;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return passphrase != null;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false;
        }

        @Override
        public void showMessage(String message) {
            // SSH banners are ignored: they are device text and never logged
        }

        @Override
        public synchronized String[] promptKeyboardInteractive(String destination, String name, String instruction,
                                                               String[] prompt, boolean[] echo) {
            if (password == null || interactivePrompts++ > 0) {
                return null;
            }
            String[] answers = new String[prompt.length];
            for (int i = 0; i < prompt.length; i++) {
                answers[i] = echo[i] ? "" : password;
            }
            return answers;
        }
    }

    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Cache key for a private key and its passphrase: a digest, so the map holds no key text. */
    static String identityId(byte[] key, String passphrase) {
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(key);
            md.update((byte) 0);
            md.update(passphrase.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    static String keyType(String key) {
        int sp = key.indexOf(' ');
        return sp < 0 ? "key" : key.substring(0, sp);
    }

    static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + "s" : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
