package io.cfgvault.local.sim.replay;

import io.cfgvault.local.sim.ChannelCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * An SSH device (Apache MINA SSHD on 127.0.0.1) that replays one {@link ReplayScript}: every shell session plays
 * the script from the top, checking what the client types against it; exec channels answer from the script's
 * exec table. Anything the client does that the script did not foresee is recorded in {@link #problems()}, so a
 * test can assert both what the fetcher stored and that it behaved as the real device required.
 *
 * <p>Transcripts live under {@code functions/local/src/test/resources/replay/<platform>/}; see {@link ReplayScript}
 * for the format.
 */
public final class ReplayDevice implements AutoCloseable {
    private final ReplayScript script;
    private final SshServer server;
    private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "replay-session");
        t.setDaemon(true);
        return t;
    });
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    private ReplayDevice(ReplayScript script, Path stateDir) throws IOException {
        this.script = script;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(stateDir.resolve("replay-hostkey.ser")));
        server.setPasswordAuthenticator((user, password, session) -> script.user().equals(user) && script.password().equals(password));
        server.setShellFactory(channel -> new Session(null));
        server.setCommandFactory((channel, command) -> new Session(command));
        server.start();
    }

    public static ReplayDevice start(ReplayScript script, Path stateDir) throws IOException {
        return new ReplayDevice(script, stateDir);
    }

    public static ReplayDevice start(Path transcript, Path stateDir) throws IOException {
        return start(ReplayScript.read(transcript), stateDir);
    }

    public int port() {
        return server.getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    public ReplayScript script() {
        return script;
    }

    /** What went differently from the script: unexpected input, a command the script has no answer for. */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            sessions.shutdownNow();
        }
    }

    /** One channel: the shell script or an exec answer. */
    private final class Session extends ChannelCommand implements Runnable {
        private final String execCommand;

        Session(String execCommand) {
            this.execCommand = execCommand;
        }





        @Override
        public void start(ChannelSession channel, Environment env) {
            sessions.execute(this);
        }

        @Override
        public void destroy(ChannelSession channel) {
            // the blocking read ends when the channel closes
        }

        @Override
        public void run() {
            int status = 0;
            try {
                status = execCommand == null ? shell() : exec();
            } catch (IOException e) {
                // client went away
            } finally {
                exit.onExit(status);
            }
        }

        private int exec() throws IOException {
            ReplayScript.Exec answer = script.exec().get(execCommand);
            if (answer == null) {
                problems.add("exec of '" + execCommand + "', which the transcript does not answer (it has " + script.exec().keySet() + ")");
                err.write(("replay: unknown command " + execCommand + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
                return 127;
            }
            out.write(answer.stdout().getBytes(StandardCharsets.UTF_8));
            out.flush();
            err.write(answer.stderr().getBytes(StandardCharsets.UTF_8));
            err.flush();
            return answer.exitStatus();
        }

        private int shell() throws IOException {
            for (ReplayScript.Step step : script.shell()) {
                switch (step) {
                    case ReplayScript.Send s -> write(s.text());
                    case ReplayScript.Close c -> {
                        return 0;
                    }
                    case ReplayScript.Key k -> {
                        String got = readChars(k.chars().length());
                        if (got == null) {
                            return 0;
                        }
                        if (!got.equals(k.chars())) {
                            return mismatch(k.lineNo(), k.chars(), got);
                        }
                    }
                    case ReplayScript.Expect e -> {
                        String got = readLine();
                        if (got == null) {
                            problems.add("the client closed the session where line " + e.lineNo() + " expects '" + e.line() + "'");
                            return 0;
                        }
                        if (!got.equals(e.line())) {
                            return mismatch(e.lineNo(), e.line(), got);
                        }
                        write(e.echo() == null ? e.line() + "\r\n" : e.echo());
                    }
                }
            }
            // the script is over: a client may still type (exit, logout); anything else is recorded
            String extra;
            while ((extra = readLine()) != null) {
                if (!extra.isBlank() && !extra.matches("exit|logout|quit")) {
                    problems.add("after the end of the transcript the client sent '" + extra + "'");
                }
            }
            return 0;
        }

        private int mismatch(int lineNo, String want, String got) throws IOException {
            problems.add("line " + lineNo + " expects '" + printable(want) + "' but the client sent '" + printable(got) + "'");
            write("\r\n% replay: unexpected input\r\n");
            return 1;
        }

        private void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private boolean skipLf;

        /** A line the client typed, without its CR/LF; null at end of input. */
        private String readLine() throws IOException {
            var b = new ByteArrayOutputStream();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
                }
                if (c == '\n' && skipLf) {
                    skipLf = false;
                    continue;
                }
                skipLf = c == '\r';
                if (c == '\r' || c == '\n') {
                    return b.toString(StandardCharsets.UTF_8);
                }
                b.write(c);
            }
        }

        private String readChars(int n) throws IOException {
            var b = new StringBuilder();
            while (b.length() < n) {
                int c = in.read();
                if (c < 0) {
                    return null;
                }
                if (c == '\n' && skipLf) {
                    skipLf = false;
                    continue;
                }
                skipLf = false;
                b.append((char) c);
            }
            return b.toString();
        }
    }

    private static String printable(String s) {
        return s.replace("\u001b", "\\e").replace("\r", "\\r").replace("\n", "\\n");
    }
}
