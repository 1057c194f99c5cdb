package io.cfgvault.schedules;

import io.cfgvault.jobs.AwsCron;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule as operators write it in {@code backup.cron} or a scheduler entry: {@code cron(...)} (EventBridge
 * six fields, UTC), {@code localcron(...)} (the same fields in the deployment's time zone), {@code rate(...)}
 * or {@code disabled}. The one parser behind write-time validation, the reconciler, the local ticker and the
 * task window, so all four agree on what an expression means.
 */
public final class ScheduleExpression {
    /** The four forms. */
    public enum Kind { CRON, LOCALCRON, RATE, DISABLED }

    private static final Pattern FORM = Pattern.compile("^(cron|localcron|rate)\\((.*)\\)$");
    private static final Pattern RATE = Pattern.compile("^(\\d{1,6})\\s+(minute|minutes|hour|hours|day|days)$");
    private static final String FORMS = "write cron(0 2 * * ? *) (UTC), localcron(0 2 * * ? *) (the deployment's time zone),"
            + " rate(15 minutes) or disabled";

    private final String text;
    private final Kind kind;
    private final AwsCron cron;
    private final Duration period;

    private ScheduleExpression(String text, Kind kind, AwsCron cron, Duration period) {
        this.text = text;
        this.kind = kind;
        this.cron = cron;
        this.period = period;
    }

    public static final ScheduleExpression DISABLED = new ScheduleExpression("disabled", Kind.DISABLED, null, null);

    /** @throws IllegalArgumentException saying what is wrong and which forms are accepted */
    public static ScheduleExpression parse(String raw) {
        String text = raw == null ? "" : raw.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the schedule is empty; " + FORMS);
        }
        if (text.equals("disabled")) {
            return DISABLED;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a schedule; " + FORMS);
        }
        String body = m.group(2).trim();
        return switch (m.group(1)) {
            case "rate" -> new ScheduleExpression(text, Kind.RATE, null, rate(text, body));
            case "cron" -> new ScheduleExpression(text, Kind.CRON, AwsCron.parse("cron(" + body + ")"), null);
            default -> {
                try {
                    yield new ScheduleExpression(text, Kind.LOCALCRON, AwsCron.parse("cron(" + body + ")"), null);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage().replace("'cron(" + body + ")'", "'" + text + "'"));
                }
            }
        };
    }

    private static Duration rate(String text, String body) {
        Matcher r = RATE.matcher(body);
        if (!r.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate; write rate(<whole number> minutes|hours|days),"
                    + " e.g. rate(15 minutes) or rate(1 hour)");
        }
        long value = Long.parseLong(r.group(1));
        String unit = r.group(2);
        if (value == 0) {
            throw new IllegalArgumentException("'" + text + "' never fires; the rate must be at least 1");
        }
        // EventBridge insists on "1 hour" and "2 hours"; refusing here beats a failed deploy of the schedule later.
        boolean singular = !unit.endsWith("s");
        if (singular != (value == 1)) {
            throw new IllegalArgumentException("'" + text + "': write " + (value == 1 ? "rate(1 " + (singular ? unit : unit.substring(0, unit.length() - 1))
                    : "rate(" + value + " " + unit + "s") + ")" + " (EventBridge wants the singular unit for 1 and the plural otherwise)");
        }
        Duration period = switch (unit.charAt(0)) {
            case 'm' -> Duration.ofMinutes(value);
            case 'h' -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        };
        if (period.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than a year; use a cron expression for rare schedules");
        }
        return period;
    }

    public Kind kind() {
        return kind;
    }

    public boolean disabled() {
        return kind == Kind.DISABLED;
    }

    /** The cron fields of cron and localcron schedules. */
    public AwsCron cron() {
        if (cron == null) {
            throw new IllegalStateException(text + " has no cron fields");
        }
        return cron;
    }

    /** The period of a rate schedule. */
    public Duration period() {
        if (period == null) {
            throw new IllegalStateException(text + " is not a rate");
        }
        return period;
    }

    /** The expression EventBridge Scheduler takes: {@code localcron(x)} becomes {@code cron(x)} with a time zone. */
    public String schedulerExpression() {
        return switch (kind) {
            case LOCALCRON -> "cron(" + text.substring(text.indexOf('(') + 1);
            case CRON, RATE -> text;
            case DISABLED -> throw new IllegalStateException("a disabled schedule has no expression");
        };
    }

    /** The zone the expression is evaluated in: the given zone for localcron, UTC otherwise. */
    public java.time.ZoneId zone(java.time.ZoneId local) {
        return kind == Kind.LOCALCRON ? local : java.time.ZoneOffset.UTC;
    }

    /** Fire times of this expression with {@code localcron} read in {@code local}. */
    public FireTimes in(java.time.ZoneId local) {
        return new FireTimes(this, zone(local));
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduleExpression e && e.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
