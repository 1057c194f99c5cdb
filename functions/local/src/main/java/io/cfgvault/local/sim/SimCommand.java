package io.cfgvault.local.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * A simulated CLI session: the interactive shell (PTY, echo, prompts, pager) or one exec command. Runs on the farm's
 * shared executor; blocking reads and writes end when the channel closes. Errors go to stdout, never to the error
 * stream, as network devices print them.
 */
final class SimCommand extends ChannelCommand implements Runnable {
    private static final int PAGE_LINES = 24;

    private final DeviceState device;
    private final ExecutorService executor;
    private final String execCommand;
    private ChannelSession channel;
    private volatile boolean destroyed;

    // shell state
    private final byte[] inBuf = new byte[8192];
    private int inPos;
    private int inLen;
    private boolean lastWasCr;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** @param execCommand the exec request's command, or null for an interactive shell */
    SimCommand(DeviceState device, ExecutorService executor, String execCommand) {
        this.device = device;
        this.executor = executor;
        this.execCommand = execCommand;
    }





    @Override
    public void start(ChannelSession channel, Environment env) {
        this.channel = channel;
        executor.execute(this);
    }

    @Override
    public void destroy(ChannelSession channel) {
        destroyed = true;
    }

    @Override
    public void run() {
        int status = 0;
        try {
            status = execCommand == null ? shell() : exec();
        } catch (IOException | InterruptedException e) {
            status = 255;
        } catch (RuntimeException e) {
            status = 254;
        } finally {
            if (!destroyed) {
                exit.onExit(status);
            }
        }
    }

    // ---------------------------------------------------------------- exec

    private int exec() throws IOException, InterruptedException {
        Fault fault = device.fault();
        if (fault == Fault.HANG_AFTER_LOGIN) {
            drainUntilClosed();
            return 0;
        }
        SimCli.Answer a = SimCli.answer(device, execCommand);
        switch (a.kind()) {
            case BACKUP -> {
                return backup(false, false);
            }
            case UNKNOWN -> {
                write(a.text().getBytes(StandardCharsets.UTF_8));
                return 1;
            }
            default -> {
                write(a.text().getBytes(StandardCharsets.UTF_8));
                return 0;
            }
        }
    }

    // ---------------------------------------------------------------- shell

    private int shell() throws IOException, InterruptedException {
        String[] banner = SimCli.banner(device);
        write(banner[0].getBytes(StandardCharsets.UTF_8));
        Thread.sleep(20);
        write(banner[1].getBytes(StandardCharsets.UTF_8));
        if (device.fault() == Fault.HANG_AFTER_LOGIN) {
            drainUntilClosed();
            return 0;
        }
        String user = channel.getSession().getUsername();
        boolean privileged = device.enableSecret == null || device.junos();
        boolean pager = true;
        SimConfigMode config = null;
        int configLines = 0;
        boolean swallowNewline = false;
        writeText(SimCli.prompt(device, user, privileged));
        StringBuilder line = new StringBuilder();
        while (!destroyed) {
            int b = next(true);
            if (b < 0) {
                return 0;
            }
            if (swallowNewline && (b == '\r' || b == '\n')) {
                swallowNewline = b == '\r';
                continue;
            }
            swallowNewline = false;
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == 4 && config != null && config.readingBlock() && line.isEmpty()) {
                // ^D at the start of a line ends a Junos "load ... terminal"; the newline after it is part of it
                flushEcho();
                swallowNewline = true;
                SimConfigMode.Reply r = config.line("\u0004");
                writeText(r.text());
                writeText(config.prompt());
                continue;
            }
            if (b == '\r' || b == '\n') {
                echo("\r\n");
                flushEcho();
                if (config != null) {
                    // the line holds one char per received byte; re-read those bytes as the UTF-8 the client sent
                    String entered = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                    line.setLength(0);
                    if (device.fault() == Fault.DROP_IN_CONFIG_MODE && ++configLines > 3) {
                        // a lost session in the middle of a change: the lines so far took effect, the rest never arrives
                        device.fault(Fault.NONE);
                        channel.getSession().getIoSession().close(true);
                        return 1;
                    }
                    SimConfigMode.Reply r = config.line(entered);
                    writeText(r.text());
                    if (config.readingBlock()) {
                        continue;
                    }
                    if (r.done()) {
                        config = null;
                        writeText(SimCli.prompt(device, user, privileged));
                    } else {
                        writeText(config.prompt());
                    }
                    continue;
                }
                String entered = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                line.setLength(0);
                java.util.Optional<SimConfigMode> opened = privileged ? SimConfigMode.open(device, user, entered)
                        : java.util.Optional.empty();
                if (opened.isPresent()) {
                    config = opened.get();
                    configLines = 0;
                    writeText(config.greeting());
                    writeText(config.prompt());
                    continue;
                }
                SimCli.Answer a = SimCli.answer(device, entered);
                switch (a.kind()) {
                    case EXIT -> {
                        return 0;
                    }
                    case PAGER_OFF -> {
                        pager = false;
                        writeText(a.text());
                    }
                    case ENABLE -> privileged = enable(privileged);
                    case BACKUP -> {
                        if (backup(true, pager) != 0) {
                            return 0;
                        }
                    }
                    default -> writeText(a.text());
                }
                writeText(SimCli.prompt(device, user, privileged));
            } else if (b == 3) {
                line.setLength(0);
                echo("^C\r\n");
            } else {
                line.append((char) b);
                pending.write(b);
            }
        }
        return 0;
    }

    /** Cisco-like enable: asks for the secret without echo. */
    private boolean enable(boolean privileged) throws IOException {
        if (privileged) {
            return true;
        }
        writeText("Password: ");
        StringBuilder secret = new StringBuilder();
        while (true) {
            int b = next(false);
            if (b < 0) {
                return false;
            }
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\r' || b == '\n') {
                break;
            }
            secret.append((char) b);
        }
        writeText("\r\n");
        if (secret.toString().equals(device.enableSecret)) {
            return true;
        }
        writeText("% Access denied\r\n\r\n");
        return false;
    }

    /**
     * Prints the config (or misbehaves as the fault says). Returns non-zero when the session is gone.
     * In the shell, lines end in CRLF and a pager stops every 24 lines unless paging was switched off.
     */
    /**
     * Extra time every device takes before it answers the backup command, standing in for WAN round trips and a busy
     * control plane (scripts/bench-scale sets it with -Dcfgvault.sim.delayMillis; 0 otherwise).
     */
    static final long NETWORK_DELAY_MILLIS = Long.getLong("cfgvault.sim.delayMillis", 0);

    private int backup(boolean shell, boolean pager) throws IOException, InterruptedException {
        if (NETWORK_DELAY_MILLIS > 0) {
            Thread.sleep(NETWORK_DELAY_MILLIS);
        }
        DeviceState.Rendered cfg = device.config();
        byte[] bytes = shell ? cfg.crlf() : cfg.lf();
        switch (device.fault()) {
            case INVALID_INPUT -> {
                String e = SimCli.error(device);
                write((shell ? e.replace("\n", "\r\n") : e).getBytes(StandardCharsets.UTF_8));
                return 0;
            }
            case SLOW_OUTPUT -> {
                for (long i = 0; !destroyed; i++) {
                    out.write(bytes[(int) (i % bytes.length)]);
                    out.flush();
                    Thread.sleep(100);
                }
                return 1;
            }
            case CUT_MID_CONFIG -> {
                write(java.util.Arrays.copyOf(bytes, bytes.length / 2));
                Thread.sleep(300);   // let the half reach the wire; MINA's writes are asynchronous
                channel.getSession().getIoSession().close(true);
                return 1;
            }
            default -> {
            }
        }
        if (!shell || !pager) {
            write(bytes);
            return 0;
        }
        String[] lines = cfg.crlfLines();
        ByteArrayOutputStream page = new ByteArrayOutputStream();
        for (int i = 0; i < lines.length; i++) {
            page.write(lines[i].getBytes(StandardCharsets.UTF_8));
            boolean more = i + 1 < lines.length;
            if ((i + 1) % PAGE_LINES == 0 && more) {
                page.write(SimCli.pagerPrompt(device, (int) (100L * (i + 1) / lines.length)).getBytes(StandardCharsets.UTF_8));
                write(page.toByteArray());
                page.reset();
                int key = next(false);
                if (key < 0) {
                    return 1;
                }
                page.write(SimCli.pagerErase(device).getBytes(StandardCharsets.UTF_8));
                if (key == 'q' || key == 'Q') {
                    break;
                }
            }
        }
        write(page.toByteArray());
        return 0;
    }

    // ---------------------------------------------------------------- I/O helpers

    /** Next input byte (buffered); echo pending bytes first when about to block. -1 when the channel closed. */
    private int next(boolean echoing) throws IOException {
        if (inPos >= inLen) {
            if (echoing) {
                flushEcho();
            }
            inLen = in.read(inBuf);
            inPos = 0;
            if (inLen <= 0) {
                return -1;
            }
        }
        return inBuf[inPos++] & 0xff;
    }

    private void echo(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        pending.write(b, 0, b.length);
    }

    private void flushEcho() throws IOException {
        if (pending.size() > 0) {
            write(pending.toByteArray());
            pending.reset();
        }
    }

    private void writeText(String s) throws IOException {
        if (!s.isEmpty()) {
            write(s.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    private void drainUntilClosed() throws IOException {
        byte[] sink = new byte[1024];
        while (!destroyed && in.read(sink) >= 0) {
            // a hung device: reads and ignores everything
        }
    }
}
