package io.cfgvault.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.ssh.FetchResult.Status;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Exec mode, for devices that run a command per channel without a PTY: one channel per backup command, output
 * read to end-of-stream, and stdout, stderr and the exit status judged per command.
 */
final class ExecSession {
    private static final long EXIT_STATUS_WAIT_MILLIS = 500;

    private final FetchContext ctx;
    private final Session session;
    private final PlatformProfile profile;
    private final ConnectFailures failures;

    ExecSession(FetchContext ctx, Session session, ConnectFailures failures) {
        this.ctx = ctx;
        this.session = session;
        this.profile = ctx.profile();
        this.failures = failures;
    }

    /** Runs the backup commands and returns their output, one after the other. */
    String run() throws FetchFailure, InterruptedException {
        for (String command : profile.backupCommands()) {
            runOne(command);
        }
        return ctx.transcript().text();
    }

    private void runOne(String command) throws FetchFailure, InterruptedException {
        OutputSink out = new OutputSink();
        OutputSink err = new OutputSink();
        ChannelExec ch = open(command, out, err);
        ctx.trace().step("command sent", command + " (exec)");
        ctx.limits().await(out, "reading the output of '" + command + "'", s -> s.isClosed() ? Boolean.TRUE : null, null);
        if (!ch.isEOF()) {
            ctx.transcript().append(ShellText.decode(out.locked(() -> out.bytes(0, out.size()))));
            ctx.transcript().closeCurrent();
            throw new FetchFailure(Status.TRUNCATED, "session closed by " + ctx.device().name() + " after "
                    + out.totalBytes() + " bytes of '" + command + "' (no end-of-output)");
        }
        int exit = exitStatus(ch);
        ctx.trace().step("bytes received", out.totalBytes() + (err.totalBytes() > 0 ? " (+" + err.totalBytes()
                + " on stderr)" : "") + ", exit status " + exit);
        String text = profile.dropArtefacts(ShellText.unixLines(ShellText.decode(out.locked(() -> out.bytes(0, out.size())))));
        ctx.transcript().append(text);
        ctx.transcript().closeCurrent();
        String errText = ShellText.unixLines(ShellText.decode(err.locked(() -> err.bytes(0, err.size()))));
        try {
            judge(command, text, errText, exit);
        } catch (FetchFailure f) {
            // a command that fails only on stderr leaves no stdout; keep its stderr for the failed/ copy
            if (!errText.isBlank()) {
                ctx.transcript().append("[stderr of '" + command + "']\n" + errText);
            }
            throw f;
        }
    }

    private ChannelExec open(String command, OutputSink out, OutputSink err) throws FetchFailure {
        try {
            ChannelExec ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(command);
            ch.setOutputStream(out);
            ch.setErrStream(err, true);
            ctx.transcript().reading(out);
            ctx.limits().sent();
            ch.connect(ctx.limits().connectTimeoutMillis());
            return ch;
        } catch (JSchException e) {
            throw failures.channel("running '" + command + "'", e);
        }
    }

    /** The exit status arrives just after end-of-output; wait a moment for it, within the wall limit. */
    private int exitStatus(ChannelExec ch) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                Math.min(EXIT_STATUS_WAIT_MILLIS, Math.max(0, ctx.limits().remainingMillis())));
        while (!ch.isClosed() && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        int exit = ch.getExitStatus();
        ch.disconnect();
        return exit;
    }

    private void judge(String command, String text, String errText, int exit) throws FetchFailure {
        Optional<String> outReason = profile.errorReason(text);
        if (outReason.isPresent()) {
            throw new FetchFailure(Status.COMMAND_ERROR, outReason.get());
        }
        Optional<String> errReason = profile.errorReason(errText);
        if (errReason.isPresent()) {
            throw new FetchFailure(Status.COMMAND_ERROR, errReason.get().replace("line", "stderr line"));
        }
        if (exit > 0) {
            throw new FetchFailure(Status.COMMAND_ERROR, "'" + command + "' exited with status " + exit
                    + " on " + ctx.device().name());
        }
    }
}
