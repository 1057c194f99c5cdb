package io.cfgvault.schedules;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule fires, as EventBridge Scheduler documents it: cron fields are matched against wall-clock time
 * in the schedule's zone; a wall-clock time that the spring change skips does not fire, and one that the autumn
 * change repeats fires once (at its first occurrence). Rates fire every period counted from the Unix epoch (the
 * reconciler gives Scheduler the matching start date), and ignore daylight saving.
 */
public final class FireTimes {
    private static final int MAX = 100_000;
    private final ScheduleExpression expression;
    private final ZoneId zone;

    FireTimes(ScheduleExpression expression, ZoneId zone) {
        this.expression = expression;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first fire strictly after {@code after}. */
    public Optional<Instant> nextAfter(Instant after) {
        return switch (expression.kind()) {
            case DISABLED -> Optional.empty();
            case RATE -> {
                long period = expression.period().toSeconds();
                long k = Math.floorDiv(after.getEpochSecond(), period) + 1;
                yield Optional.of(Instant.ofEpochSecond(k * period));
            }
            case CRON, LOCALCRON -> nextCron(after);
        };
    }

    private Optional<Instant> nextCron(Instant after) {
        LocalDateTime cursor = LocalDateTime.ofInstant(after, zone);
        for (int i = 0; i < MAX; i++) {
            Optional<LocalDateTime> wall = expression.cron().nextWallClock(cursor);
            if (wall.isEmpty()) {
                return Optional.empty();
            }
            cursor = wall.get();
            var offsets = zone.getRules().getValidOffsets(cursor);
            if (offsets.isEmpty()) {
                continue; // skipped by the spring change: no fire
            }
            Instant fire = cursor.toInstant(offsets.get(0)); // repeated in autumn: the first occurrence only
            if (fire.isAfter(after)) {
                return Optional.of(fire);
            }
        }
        return Optional.empty();
    }

    /** The latest fire at or before {@code at} (same minute included). */
    public Optional<Instant> latestAtOrBefore(Instant at) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        return switch (expression.kind()) {
            case DISABLED -> Optional.empty();
            case RATE -> {
                long period = expression.period().toSeconds();
                yield Optional.of(Instant.ofEpochSecond(Math.floorDiv(minute.getEpochSecond(), period) * period));
            }
            case CRON, LOCALCRON -> {
                LocalDateTime cursor = LocalDateTime.ofInstant(minute, zone).plusSeconds(1);
                for (int i = 0; i < MAX; i++) {
                    Optional<LocalDateTime> wall = expression.cron().previousWallClock(cursor);
                    if (wall.isEmpty()) {
                        yield Optional.empty();
                    }
                    cursor = wall.get();
                    var offsets = zone.getRules().getValidOffsets(cursor);
                    if (!offsets.isEmpty() && !cursor.toInstant(offsets.get(0)).isAfter(minute)) {
                        yield Optional.of(cursor.toInstant(offsets.get(0)));
                    }
                }
                yield Optional.empty();
            }
        };
    }

    /** The next {@code count} fires strictly after {@code after}. */
    public List<Instant> next(Instant after, int count) {
        var out = new ArrayList<Instant>();
        Instant cursor = after;
        while (out.size() < count) {
            Optional<Instant> n = nextAfter(cursor);
            if (n.isEmpty()) {
                break;
            }
            out.add(n.get());
            cursor = n.get();
        }
        return out;
    }

    /** Fires in {@code (after, until]}, oldest first. */
    public List<Instant> between(Instant after, Instant until) {
        var out = new ArrayList<Instant>();
        Instant cursor = after;
        while (out.size() < MAX) {
            Optional<Instant> n = nextAfter(cursor);
            if (n.isEmpty() || n.get().isAfter(until)) {
                break;
            }
            out.add(n.get());
            cursor = n.get();
        }
        return out;
    }

    /** Whether a fire falls in the minute of {@code time} (Scheduler's precision is one minute). */
    public boolean firesAt(Instant time) {
        Instant minute = time.truncatedTo(ChronoUnit.MINUTES);
        return nextAfter(minute.minusSeconds(1)).map(minute::equals).orElse(false);
    }

    /** {@code time} as wall-clock time in the zone, for the task window. */
    public String local(Instant time) {
        return time.atZone(zone == ZoneOffset.UTC ? ZoneOffset.UTC : zone).toOffsetDateTime().toString();
    }
}
