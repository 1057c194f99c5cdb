package io.cfgvault.ssh;

import io.cfgvault.config.PlatformProfile;
import io.cfgvault.ssh.FetchResult.Status;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * Fetches configs with JSch (mwiede fork). Thread-safe and stateless between calls: every fetch gets its own
 * context, session and buffers, so one instance serves a pool of any size. One fetch is: {@link SshConnector}
 * (connect, retry), then {@link ShellSession} or {@link ExecSession} (run the commands), then a judgement of the
 * output, all within the {@link FetchLimits}; {@link ConnectFailures} names what went wrong.
 *
 * <p>Nothing here logs: device output and secrets never leave the returned {@link FetchResult}, and error texts are
 * scrubbed of every secret in the credentials.
 */
public final class JschConfigFetcher implements ConfigFetcher {

    public JschConfigFetcher() {
    }

    @Override
    public FetchResult fetch(FetchRequest request) {
        FetchContext ctx = FetchContext.start(request);
        var failures = new ConnectFailures(ctx);
        var connector = new SshConnector(ctx, failures);
        ScheduledFuture<?> watchdog = ctx.limits().arm();
        try {
            var session = connector.connect();
            String output = request.profile().mode() == PlatformProfile.Mode.SHELL
                    ? new ShellSession(ctx, session, failures).run()
                    : new ExecSession(ctx, session, failures).run();
            return judge(ctx, connector, output);
        } catch (FetchFailure f) {
            return failed(ctx, connector, f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(ctx, connector, Status.FAILED, ctx.transcript().partial(),
                    "fetch of " + request.device().name() + " was interrupted");
        } catch (RuntimeException e) {
            boolean expired = ctx.limits().expired();
            return result(ctx, connector, expired ? Status.TIMEOUT : Status.FAILED, ctx.transcript().partial(),
                    expired ? ctx.limits().wallMessage("running")
                            : "unexpected " + e.getClass().getSimpleName() + " while fetching " + request.device().name()
                                    + ": " + e.getMessage());
        } finally {
            watchdog.cancel(false);
            ctx.limits().release();
        }
    }

    /** Complete output is OK; a device error, no output or a missing end marker is not. */
    private static FetchResult judge(FetchContext ctx, SshConnector connector, String output) {
        PlatformProfile profile = ctx.profile();
        Optional<String> error = profile.errorReason(output);
        if (error.isPresent()) {
            return result(ctx, connector, Status.COMMAND_ERROR, output, error.get());
        }
        if (output.isBlank() && !profile.isPush()) {
            return result(ctx, connector, Status.TRUNCATED, output, "device " + ctx.device().name()
                    + " returned no output for " + profile.backupCommands());
        }
        Optional<String> marker = profile.endMarkerReason(output);
        if (marker.isPresent()) {
            return result(ctx, connector, Status.TRUNCATED, output, marker.get());
        }
        ctx.trace().step("done", output.length() + " chars");
        return result(ctx, connector, Status.OK, output, null);
    }

    /** Once the wall limit struck, whatever broke is reported as the timeout it is (bar auth and host-key news). */
    private static FetchResult failed(FetchContext ctx, SshConnector connector, FetchFailure f) {
        Status status = f.status();
        String message = f.getMessage();
        if (ctx.limits().expired() && status != Status.TIMEOUT && status != Status.HOST_KEY_CHANGED
                && status != Status.AUTH_FAILED) {
            status = Status.TIMEOUT;
            message = ctx.limits().wallMessage("running");
        }
        return result(ctx, connector, status, ctx.transcript().partial(), message);
    }

    private static FetchResult result(FetchContext ctx, SshConnector connector, Status status, String output, String error) {
        ctx.trace().step(status == Status.OK ? "finished" : "failed", status.name());
        return new FetchResult(status, output == null ? "" : output, ctx.profile().backupCommands(),
                Optional.ofNullable(error).map(ctx::scrub), ctx.pin().presented(), connector.attempts(),
                ctx.trace().elapsedMillis(), ctx.trace().steps(),
                status == Status.OK ? ctx.transcript().startup() : Optional.empty());
    }
}
