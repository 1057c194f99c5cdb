package io.cfgvault.ssh;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a terminal's bytes: echo lines, prompt lines, pager erase sequences, line ends and character sets. */
final class ShellText {
    /** A last line longer than this is output, not a prompt. */
    static final int MAX_PROMPT_CHARS = 1024;
    private static final int ECHO_WINDOW = 4096;
    /** How long a bare prompt must stand before it counts as the end of an unechoed command without output. */
    static final long ECHO_SETTLE_NANOS = 500_000_000L;
    private static final Pattern CRLF = Pattern.compile("\r+\n");
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]");
    /** Erase-line, cursor-left + blanks + cursor-left (Huawei VRP, H3C), or backspaces/CR + blanks + backspaces/CR. */
    private static final Pattern ERASE = Pattern.compile("^(?:\u001b\\[K|\u001b\\[\\d*D +\u001b\\[\\d*D|[\b\r]+ +[\b\r]+|\b+)");

    private ShellText() {
    }

    /**
     * Index just after the line that echoes {@code command}, {@code mark} when the device does not echo it, or -1
     * while that cannot be told yet. Decided on the first complete line after {@code mark} (blank lines and a stray
     * prompt skipped): it is the echo when, without ANSI colour and backspaces, it ends or starts with the command
     * (an alias expanded in the echo) or starts with the prompt; any other line is already output. A pager prompt before any
     * complete line, or a line end followed by the prompt that stays for half a second, also means there was no
     * echo. Lines the profile calls artefacts (Junos {@code {master:0}}) are skipped. Never waits for an idle timeout.
     */
    static int findEcho(OutputSink s, int mark, String command, String prompt, java.util.function.Predicate<String> pager,
                        java.util.function.Predicate<String> artefact) {
        // the sink reads bytes one char each (latin1), so compare with the command's UTF-8 bytes read the same way
        String want = latin1(command.strip());
        String promptBase = latin1(prompt.strip());
        int limit = Math.min(s.size(), mark + ECHO_WINDOW);
        int lineStart = mark;
        boolean sawLineEnd = false;
        for (int i = mark; i < limit; i++) {
            if (s.byteAt(i) == '\n') {
                String line = visible(s.latin1(lineStart, i));
                lineStart = i + 1;
                sawLineEnd = true;
                if (line.isEmpty() || line.equals(promptBase) || artefact.test(line)) {
                    continue;
                }
                boolean echo = (!want.isEmpty() && (line.endsWith(want) || line.startsWith(want)))
                        || (!promptBase.isEmpty() && line.startsWith(promptBase));
                return echo ? i + 1 : mark;
            }
        }
        String tail = lineStart < s.size() ? visible(s.latin1(lineStart, s.size())) : "";
        // a pager prompt; or a line end and then the prompt again, quiet for a moment (a command with no output on a
        // device that does not echo; the moment tells it from a stray prompt that the echo is about to follow)
        boolean settled = System.nanoTime() - s.lastDataNanos() >= ECHO_SETTLE_NANOS;
        if (!tail.isEmpty() && (pager.test(tail) || (sawLineEnd && settled && tail.equals(promptBase)))) {
            return mark;
        }
        return s.size() >= mark + ECHO_WINDOW || s.isClosed() ? mark : -1;
    }

    private static String latin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** A line as the terminal shows it: no ANSI control sequences, backspaces or carriage returns, trimmed. */
    static String visible(String line) {
        String t = line.indexOf('\u001b') >= 0 ? ANSI.matcher(line).replaceAll("") : line;
        return t.replaceAll("[\b\r]", "").strip();
    }

    /** The unterminated last line from {@code ls}, without ANSI control sequences and trailing blanks. */
    static String tail(OutputSink s, int ls) {
        String t = s.latin1(ls, s.size());
        if (t.indexOf('\u001b') >= 0) {
            t = ANSI.matcher(t).replaceAll("");
        }
        return t.stripTrailing();
    }

    /** The last line from {@code ls} if it is short enough to be a prompt, else null. */
    static String promptCandidate(OutputSink s, int ls) {
        return s.size() - ls > MAX_PROMPT_CHARS ? null : tail(s, ls);
    }

    /** Removes the pager's erase sequence at {@code from}; false while it may still be arriving. */
    static boolean stripErase(OutputSink s, int from) {
        int end = Math.min(s.size(), from + 256);
        int k = from;
        while (k < end) {
            byte b = s.byteAt(k);
            if (b != '\b' && b != '\r' && b != ' ' && b != 0x1b && b != '[' && b != 'K' && b != 'D' && (b < '0' || b > '9')) {
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
        return true;
    }

    /** The text without its first line when that line echoes {@code command}. */
    static String cutEcho(String text, String command) {
        String t = unixLines(text);
        int nl = t.indexOf('\n');
        String first = visible(nl < 0 ? t : t.substring(0, nl));
        if (!command.isBlank() && (first.endsWith(command.strip()) || (first.isEmpty() && nl == 0))) {
            t = nl < 0 ? "" : t.substring(nl + 1);
        }
        return t;
    }

    static String unixLines(String text) {
        return CRLF.matcher(text).replaceAll("\n");
    }

    /** UTF-8 when the bytes are valid UTF-8, else Latin-1, so no byte is lost. */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
