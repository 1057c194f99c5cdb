package io.cfgvault.ssh;

/**
 * The output of one fetch so far: the completed commands' text, plus the sink and start of the command in progress,
 * so a fetch cut off half-way still returns what arrived.
 */
final class Transcript {
    private final StringBuilder done = new StringBuilder();
    private volatile OutputSink current;
    private volatile int currentMark;
    private volatile String currentCommand = "";
    private volatile String startup;

    /** Output now arrives in {@code sink}, from its start. */
    void reading(OutputSink sink) {
        current = sink;
        currentMark = 0;
    }

    /** The command sent at {@code mark} of the current sink; its echo is cut from partial output. */
    void command(int mark, String command) {
        currentMark = mark;
        currentCommand = command;
    }

    void closeCurrent() {
        current = null;
    }

    OutputSink current() {
        return current;
    }

    /** Appends a completed command's output, ending it with a newline. */
    void append(String text) {
        done.append(text);
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            done.append('\n');
        }
    }

    String text() {
        return done.toString();
    }

    /** The startup config, read after the backup commands; never part of {@link #text()}. */
    void startup(String text) {
        startup = text;
    }

    java.util.Optional<String> startup() {
        return java.util.Optional.ofNullable(startup);
    }

    /** Completed commands' output plus what the current one produced so far. */
    String partial() {
        OutputSink s = current;
        if (s == null) {
            return done.toString();
        }
        int mark = currentMark;
        String cur = s.locked(() -> ShellText.decode(s.bytes(Math.min(mark, s.size()), s.size())));
        return done + (currentCommand.isEmpty() ? ShellText.unixLines(cur) : ShellText.cutEcho(cur, currentCommand));
    }
}
