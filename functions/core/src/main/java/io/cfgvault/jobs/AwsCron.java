package io.cfgvault.jobs;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventBridge cron expressions ({@code cron(Minutes Hours Day-of-month Month Day-of-week Year)}, UTC), parsed
 * with cron-utils against a definition of EventBridge's six fields, so the scheduler table, the stack's rule
 * and the local ticker all read the same syntax.
 */
public final class AwsCron {
    private static final Pattern WRAPPED = Pattern.compile("^\\s*cron\\((.+)\\)\\s*$");
    private static final CronDefinition DEFINITION = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).and()
            .withHours().withValidRange(0, 23).and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().and()
            .withMonth().withValidRange(1, 12).and()
            .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL().supportsQuestionMark().and()
            .withYear().withValidRange(1970, 2199).withStrictRange().and()
            .instance();
    private static final CronParser PARSER = new CronParser(DEFINITION);

    private final String expression;
    private final ExecutionTime execution;

    private AwsCron(String expression, Cron cron) {
        this.expression = expression;
        this.execution = ExecutionTime.forCron(cron);
    }

    /** @throws IllegalArgumentException naming the expression and what is wrong with it */
    public static AwsCron parse(String expression) {
        Matcher m = WRAPPED.matcher(expression == null ? "" : expression);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + expression + "' is not an EventBridge cron expression; write cron(0 * * * ? *)");
        }
        String fields = m.group(1).trim();
        String[] parts = fields.split("\\s+");
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + expression + "' needs six fields: minutes hours day-of-month month day-of-week year");
        }
        // EventBridge refuses both day fields set (and both '?'): one of them must be '?'.
        if (parts[2].equals("?") == parts[4].equals("?")) {
            throw new IllegalArgumentException("'" + expression + "' sets " + (parts[2].equals("?") ? "neither" : "both")
                    + " day-of-month ('" + parts[2] + "') and day-of-week ('" + parts[4] + "'); put ? in exactly one of them,"
                    + " e.g. cron(0 2 * * ? *) or cron(0 2 ? * MON *)");
        }
        try {
            return new AwsCron(expression.trim(), PARSER.parse(fields));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a valid cron expression: " + e.getMessage());
        }
    }

    /** Fire times in the window {@code (after, until]}, oldest first. */
    public List<Instant> firesBetween(Instant after, Instant until) {
        var out = new ArrayList<Instant>();
        ZonedDateTime cursor = after.atZone(ZoneOffset.UTC);
        ZonedDateTime end = until.atZone(ZoneOffset.UTC);
        while (out.size() < 10_000) {
            Optional<ZonedDateTime> next = execution.nextExecution(cursor);
            if (next.isEmpty() || next.get().isAfter(end)) {
                break;
            }
            out.add(next.get().toInstant());
            cursor = next.get();
        }
        return out;
    }

    /**
     * The next wall-clock time strictly after {@code after} that the fields match, read as local time in no
     * particular zone (the caller places it in a zone and decides what a daylight-saving gap or overlap means).
     */
    public Optional<java.time.LocalDateTime> nextWallClock(java.time.LocalDateTime after) {
        return execution.nextExecution(after.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    /** The latest matching wall-clock time strictly before {@code before} (see {@link #nextWallClock}). */
    public Optional<java.time.LocalDateTime> previousWallClock(java.time.LocalDateTime before) {
        return execution.lastExecution(before.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    /** The last fire time strictly before {@code time}, if any. */
    public Optional<Instant> previousBefore(Instant time) {
        return execution.lastExecution(time.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    /** Whether it fires at the minute of {@code time}. */
    public boolean firesAt(Instant time) {
        return execution.isMatch(time.atZone(ZoneOffset.UTC).withSecond(0).withNano(0));
    }

    @Override
    public String toString() {
        return expression;
    }
}
