package io.cfgvault.logging;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * One log line per event, with the event's key-value pairs (job id, device, step, ...) as fields: a JSON object in
 * Lambda, where CloudWatch Logs Insights queries the fields, and a readable line locally. Callers log names,
 * counts, statuses and scrubbed errors; never configs or secrets.
 */
final class LineLogger extends AbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    private final LogSettings settings;
    private final int threshold;

    LineLogger(String name, LogSettings settings) {
        this.name = name;
        this.settings = settings;
        this.threshold = settings.thresholdOf(name);
    }

    @Override
    public void log(LoggingEvent event) {
        if (event.getLevel().toInt() >= threshold) {   // the fluent API calls here without asking isXEnabled
            write(event.getLevel(), MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()),
                    event.getKeyValuePairs(), event.getThrowable());
        }
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable t) {
        write(level, MessageFormatter.basicArrayFormat(pattern, arguments), List.of(), t);
    }

    private void write(Level level, String message, List<KeyValuePair> fields, Throwable t) {
        String line = settings.json()
                ? LineFormat.json(Instant.now(), level, name, message, fields, t)
                : LineFormat.text(level, name, message, fields, t);
        PrintStream out = System.err;
        out.println(line);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    public boolean isTraceEnabled() {
        return threshold <= Level.TRACE.toInt();
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold <= Level.DEBUG.toInt();
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold <= Level.INFO.toInt();
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold <= Level.WARN.toInt();
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold <= Level.ERROR.toInt();
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return isErrorEnabled();
    }
}
