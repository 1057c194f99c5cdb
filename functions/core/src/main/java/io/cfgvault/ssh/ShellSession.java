package io.cfgvault.ssh;

import com.jcraft.jsch.ChannelShell;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.ssh.FetchResult.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The interactive shell of one fetch, for devices that need a PTY: wait for the prompt and confirm it, enter enable
 * mode, run the login commands, then run each backup command and keep only its output (no echo, pager prompts or
 * trailing prompt).
 */
final class ShellSession {
    private static final int PTY_COLUMNS = 511;

    private final FetchContext ctx;
    private final Session session;
    private final PlatformProfile profile;
    private final ConnectFailures failures;
    private final OutputSink sink = new OutputSink();
    private OutputStream in;
    /** The prompt learned at login, updated by enable mode; a command's output ends at it. */
    private String prompt = "";

    ShellSession(FetchContext ctx, Session session, ConnectFailures failures) {
        this.ctx = ctx;
        this.session = session;
        this.profile = ctx.profile();
        this.failures = failures;
    }

    /** Runs the backup commands and returns their output, one after the other. */
    String run() throws FetchFailure, InterruptedException {
        open();
        login();
        List<String> commands = profile.backupCommands();
        for (int i = 0; i < commands.size(); i++) {
            String out = command(commands.get(i));
            ctx.transcript().append(out);
            Optional<String> rejected = profile.isPush() ? profile.errorReason(out) : Optional.empty();
            if (rejected.isPresent()) {
                // a restore stops before anything that would commit or save a half-applied change
                throw new FetchFailure(Status.COMMAND_ERROR, "input " + (i + 1) + " of " + commands.size() + " rejected: "
                        + rejected.get());
            }
        }
        String running = ctx.transcript().text();
        if (!profile.startupCommands().isEmpty() && profile.errorReason(running).isEmpty()) {
            readStartup();
        }
        ctx.trace().step("bytes received", String.valueOf(sink.totalBytes()));
        return running;
    }

    /**
     * The startup config, in the same session after the running config. Best effort: a device that refuses the
     * command, or goes quiet, costs the startup copy only, never the running config already read.
     */
    private void readStartup() throws InterruptedException {
        var text = new StringBuilder();
        for (String command : profile.startupCommands()) {
            String out;
            try {
                out = command(command);
            } catch (FetchFailure f) {
                ctx.trace().step("startup config not read", f.getMessage());
                return;
            }
            Optional<String> refused = profile.errorReason(out);
            if (refused.isPresent() || out.isBlank()) {
                ctx.trace().step("startup config not read", command + ": " + refused.orElse("no output"));
                return;
            }
            text.append(out);
            if (!out.endsWith("\n")) {
                text.append('\n');
            }
        }
        ctx.trace().step("startup config", text.length() + " chars");
        ctx.transcript().startup(text.toString());
    }

    private void open() throws FetchFailure {
        try {
            ChannelShell ch = (ChannelShell) session.openChannel("shell");
            ch.setPtyType("vt100", PTY_COLUMNS, 24, 0, 0);
            ch.setOutputStream(sink);
            ch.setExtOutputStream(sink, true);
            in = ch.getOutputStream();
            ctx.transcript().reading(sink);
            ctx.limits().sent();
            ch.connect(ctx.limits().connectTimeoutMillis());
        } catch (JSchException | IOException e) {
            throw failures.channel("opening a shell", e);
        }
        ctx.trace().step("channel", "shell with PTY");
    }

    private void login() throws FetchFailure, InterruptedException {
        Pattern promptRe = profile.prompt();
        // 1. whatever banner comes first, wait for an unterminated last line that looks like a prompt
        ctx.limits().await(sink, "waiting for the first prompt after login", s -> {
            String tail = ShellText.promptCandidate(s, s.lastLineStart(0));
            return tail != null && promptRe.matcher(tail).find() ? Boolean.TRUE : null;
        }, null);
        // 2. confirm it: a fresh line after our newline must again be a prompt (a banner line with # or > is not)
        int mark = sink.locked(sink::size);
        send("\n");
        prompt = ctx.limits().await(sink, "confirming the prompt", s -> promptLineAfter(s, mark), null);
        ctx.trace().step("prompt", prompt.length() + " chars");
        Optional<PlatformProfile.Enable> enable = profile.enable();
        if (enable.isPresent() && enable.get().when().matcher(prompt).find()) {
            new EnableMode(enable.get()).enter();
        }
        for (String command : profile.loginCommands()) {
            String out = command(command);
            if (profile.errorReason(out).isPresent()) {
                ctx.trace().step("login command rejected", command);
            }
        }
    }

    /** A prompt on a line that starts after {@code mark}, or null. */
    private String promptLineAfter(OutputSink s, int mark) {
        int ls = s.lastLineStart(mark);
        String tail = ls == mark ? null : ShellText.promptCandidate(s, ls);
        return tail != null && profile.prompt().matcher(tail).find() ? tail : null;
    }

    /**
     * Sends one command and returns its output without echo, pager artefacts and the trailing prompt. The prompt
     * only counts after the command's echo, so a stray prompt still in flight (an answer to an earlier newline)
     * is not taken for the end of this command.
     */
    private String command(String command) throws FetchFailure, InterruptedException {
        // a block of input (Junos load override terminal) is echoed line by line: its first line marks the start
        String echoed = command.lines().findFirst().orElse("");
        var read = new CommandRead(sink.locked(sink::size), echoed);
        ctx.transcript().command(read.mark, echoed);
        send(command + "\n");
        // a restore's inputs are config lines: trace and errors name them by count only
        ctx.trace().step("command sent", profile.isPush() ? "input (" + command.lines().count() + " lines)" : command);
        String phase = profile.isPush() ? "reading the answer to an input" : "reading the output of '" + command + "'";
        int pagers = 0;
        int promptAt;
        while ((promptAt = ctx.limits().await(sink, phase, read::check, read::onIdle)) == CommandRead.PAGER) {
            pagers++;
            read.pagerAnswered(sink.locked(sink::size));   // before answering: the next page may come at once
            send(profile.pager().orElseThrow().answer());
        }
        if (pagers > 0) {
            ctx.trace().step("pager answered", pagers + " times");
        }
        int from = read.echoEnd;
        int end = promptAt;
        String text = ShellText.unixLines(ShellText.decode(sink.locked(() -> sink.bytes(from, end))));
        return profile.dropArtefacts(from == read.mark ? ShellText.cutEcho(text, echoed) : text);
    }

    /**
     * A sub-mode of the learned prompt, such as {@code core-sw-01(config)#} or {@code core-sw-01(config-if)#}
     * after {@code core-sw-01#}: the prompts a restore walks through. Only "hostname(" at a line start counts,
     * which no config line begins with.
     */
    private boolean isModePrompt(String tail) {
        String base = prompt.replaceFirst("[>#$%]\\s*$", "");
        // also the same prompt with another mode character: Junos "user@host> " becomes "user@host# " in configure
        return !base.isEmpty() && (tail.startsWith(base + "(") || tail.matches(Pattern.quote(base) + "[>#$%]\\s?"))
                && profile.prompt().matcher(tail).find();
    }

    private boolean isArtefact(String line) {
        return profile.artefactLines().stream().anyMatch(p -> p.matcher(line).find());
    }

    private void send(String text) throws FetchFailure {
        try {
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
            ctx.limits().sent();
        } catch (IOException e) {
            throw ctx.limits().expired() ? new FetchFailure(Status.TIMEOUT, ctx.limits().wallMessage("sending input"))
                    : new FetchFailure(Status.TRUNCATED, "session to " + ctx.device().name() + " closed while sending input");
        }
    }

    /**
     * Reading one command's output, as a small state machine run under the sink lock: first its echo, then output
     * until the prompt; a pager prompt is cut and answered, and the erase sequence the device sends after the
     * answer is removed before reading on.
     */
    private final class CommandRead {
        static final int PAGER = -1;

        private enum State { AWAITING_ECHO, READING, ERASING_PAGER_PROMPT }

        final int mark;
        private final String command;
        private State state = State.AWAITING_ECHO;
        /** Where the output starts: just after the echo line, or {@link #mark} for a device that does not echo. */
        int echoEnd = -1;
        private int eraseFrom;

        CommandRead(int mark, String command) {
            this.mark = mark;
            this.command = command;
        }

        void pagerAnswered(int at) {
            eraseFrom = at;
            state = State.ERASING_PAGER_PROMPT;
        }

        /** Where the prompt line starts once the output is complete, {@link #PAGER} at a pager prompt, else null. */
        Integer check(OutputSink s) {
            if (state == State.ERASING_PAGER_PROMPT) {
                if (!ShellText.stripErase(s, eraseFrom)) {
                    return null;
                }
                state = State.READING;
            }
            if (state == State.AWAITING_ECHO) {
                echoEnd = ShellText.findEcho(s, mark, command, prompt, this::isPagerPrompt, ShellSession.this::isArtefact);
                if (echoEnd < 0) {
                    return null;
                }
                state = State.READING;
            }
            int ls = s.lastLineStart(echoEnd);
            if (s.size() - ls > ShellText.MAX_PROMPT_CHARS) {
                return null;
            }
            String tail = ShellText.tail(s, ls);
            if (ls >= echoEnd && (ls > mark || echoEnd > mark) && (tail.equals(prompt) || isModePrompt(tail))) {
                return ls;
            }
            return pagerPrompt(s, ls) ? PAGER : null;
        }

        private boolean isPagerPrompt(String line) {
            return profile.pager().isPresent() && profile.pager().get().pattern().matcher(line).find();
        }

        private boolean pagerPrompt(OutputSink s, int ls) {
            if (profile.pager().isEmpty()) {
                return false;
            }
            var m = profile.pager().get().pattern().matcher(s.latin1(ls, s.size()));
            if (!m.find()) {
                return false;
            }
            s.truncate(ls + m.start());
            return true;
        }

        /**
         * At the idle timeout: accept a prompt that matches the profile but differs from the one learned at login,
         * or that follows output without an echo.
         */
        Integer onIdle(OutputSink s) {
            int from = Math.max(mark, echoEnd);
            int ls = s.lastLineStart(from);
            String tail = s.size() - ls > ShellText.MAX_PROMPT_CHARS ? "" : ShellText.tail(s, ls);
            if (ls > from && profile.prompt().matcher(tail).find()) {
                echoEnd = from;
                state = State.READING;
                return ls;
            }
            return null;
        }
    }

    /** Entering enable mode: send the command, answer the secret prompt if one comes, and expect a new prompt. */
    private final class EnableMode {
        /** What the device answered: a secret prompt, or the prompt line it stopped at. */
        private record Reply(boolean asksSecret, String prompt) {
            static final Reply ASKS_SECRET = new Reply(true, "");
        }

        private final PlatformProfile.Enable enable;
        private int mark;
        private int echoEnd = -1;

        EnableMode(PlatformProfile.Enable enable) {
            this.enable = enable;
        }

        void enter() throws FetchFailure, InterruptedException {
            mark = sink.locked(sink::size);
            send(enable.command() + "\n");
            ctx.trace().step("enable", enable.command());
            Reply reply = ctx.limits().await(sink, "entering enable mode", this::afterCommand, null);
            if (reply.asksSecret()) {
                reply = answerSecret();
            }
            if (enable.when().matcher(reply.prompt()).find()) {
                throw new FetchFailure(Status.AUTH_FAILED, ctx.device().name() + " stayed in user mode after '"
                        + enable.command() + "'; check the enable secret of credentials '" + ctx.device().credentials() + "'");
            }
            prompt = reply.prompt();
            ctx.trace().step("enabled", prompt.length() + " chars prompt");
        }

        private Reply answerSecret() throws FetchFailure, InterruptedException {
            if (ctx.creds().enableSecret().isEmpty()) {
                throw new FetchFailure(Status.AUTH_FAILED, ctx.device().name() + " asks for an enable secret but credentials '"
                        + ctx.device().credentials() + "' have none");
            }
            int secretMark = sink.locked(sink::size);
            send(ctx.creds().enableSecret().get() + "\n");
            Reply reply = ctx.limits().await(sink, "entering enable mode", s -> afterSecret(s, secretMark), null);
            if (reply.asksSecret()) {
                throw new FetchFailure(Status.AUTH_FAILED, "enable secret rejected by " + ctx.device().name()
                        + " (credentials '" + ctx.device().credentials() + "')");
            }
            return reply;
        }

        private Reply afterCommand(OutputSink s) {
            if (echoEnd < 0) {
                echoEnd = ShellText.findEcho(s, mark, enable.command(), "", t -> enable.passwordPrompt().matcher(t).find(),
                        ShellSession.this::isArtefact);
                if (echoEnd < 0) {
                    return null;
                }
            }
            int ls = s.lastLineStart(echoEnd);
            String tail = ShellText.promptCandidate(s, ls);
            if (tail == null) {
                return null;
            }
            if (enable.passwordPrompt().matcher(tail).find()) {
                return Reply.ASKS_SECRET;
            }
            return (ls > mark || echoEnd > mark) && profile.prompt().matcher(tail).find() ? new Reply(false, tail) : null;
        }

        private Reply afterSecret(OutputSink s, int secretMark) {
            int ls = s.lastLineStart(secretMark);
            String tail = ls == secretMark ? null : ShellText.promptCandidate(s, ls);
            if (tail == null) {
                return null;
            }
            if (enable.passwordPrompt().matcher(tail).find()) {
                return Reply.ASKS_SECRET;
            }
            return profile.prompt().matcher(tail).find() ? new Reply(false, tail) : null;
        }
    }
}
