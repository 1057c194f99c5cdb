package io.cfgvault.logging;

import java.util.Locale;
import org.slf4j.event.Level;

/**
 * Where and how much to log. JSON lines when running in Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} set), readable
 * lines otherwise. Level: {@code CFGVAULT_LOG_LEVEL} (or the system property {@code cfgvault.log.level}), default
 * INFO; a logger name prefix can have its own level with {@code -Dcfgvault.log.<prefix>=warn}. The slf4j-simple
 * property names ({@code org.slf4j.simpleLogger.defaultLogLevel}, {@code org.slf4j.simpleLogger.log.<prefix>})
 * are read too, so existing launch scripts keep working.
 */
record LogSettings(boolean json, Level defaultLevel) {

    static LogSettings fromEnvironment() {
        String level = first(System.getProperty("cfgvault.log.level"), System.getenv("CFGVAULT_LOG_LEVEL"),
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
        return new LogSettings(System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null, parse(level, Level.INFO));
    }

    /** The lowest level {@code logger} writes: that of its longest configured prefix, else the default. */
    int thresholdOf(String logger) {
        String name = logger;
        while (!name.isEmpty()) {
            String v = first(System.getProperty("cfgvault.log." + name), System.getProperty("org.slf4j.simpleLogger.log." + name));
            if (v != null) {
                return v.trim().equalsIgnoreCase("off") ? Integer.MAX_VALUE : parse(v, defaultLevel).toInt();
            }
            int dot = name.lastIndexOf('.');
            name = dot < 0 ? "" : name.substring(0, dot);
        }
        return defaultLevel.toInt();
    }

    private static Level parse(String value, Level fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARN;
            case "error" -> Level.ERROR;
            default -> fallback;
        };
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
