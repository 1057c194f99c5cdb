package io.cfgvault.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsCronTest {
    static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void hourlyDefaultFiresOnTheHourAndKnowsTheTickBefore() {
        AwsCron hourly = AwsCron.parse("cron(0 * * * ? *)");
        assertTrue(hourly.firesAt(t("2026-11-23T13:00:00Z")));
        assertFalse(hourly.firesAt(t("2026-11-23T13:30:00Z")));
        assertEquals(t("2026-11-23T12:00:00Z"), hourly.previousBefore(t("2026-11-23T13:00:00Z")).orElseThrow());
    }

    @Test
    void firesBetweenIsAHalfOpenWindow() {
        AwsCron quarter = AwsCron.parse("cron(0/15 * * * ? *)");
        assertEquals(List.of(t("2026-11-23T13:15:00Z"), t("2026-11-23T13:30:00Z"), t("2026-11-23T13:45:00Z"), t("2026-11-23T14:00:00Z")),
                quarter.firesBetween(t("2026-11-23T13:00:00Z"), t("2026-11-23T14:00:00Z")));
    }

    @Test
    void weekdaysAndNamedDaysFollowEventBridge() {
        AwsCron weekdays = AwsCron.parse("cron(0 8 ? * MON-FRI *)");
        assertTrue(weekdays.firesAt(t("2026-11-23T08:00:00Z")), "2026-11-23 is a Monday");
        assertFalse(weekdays.firesAt(t("2026-11-22T08:00:00Z")), "a Sunday");
        AwsCron sunday = AwsCron.parse("cron(30 2 ? * 1 *)");
        assertTrue(sunday.firesAt(t("2026-11-22T02:30:00Z")), "EventBridge day 1 is Sunday");
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AwsCron.parse("0 * * * *")).getMessage()
                .contains("is not an EventBridge cron expression"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AwsCron.parse("cron(0 * * * ?)")).getMessage()
                .contains("needs six fields"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AwsCron.parse("cron(61 * * * ? *)")).getMessage()
                .contains("is not a valid cron expression"));
    }
}
