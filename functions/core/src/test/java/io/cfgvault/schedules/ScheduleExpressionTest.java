package io.cfgvault.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Instant t(String s) {
        return Instant.parse(s);
    }

    static List<Instant> next(String expression, ZoneId zone, String after, int count) {
        return ScheduleExpression.parse(expression).in(zone).next(t(after), count);
    }

    @Test
    void localTwoThirtyInParisIsSkippedOnTheSpringChangeAndStaysTwoThirtyLocalAfterIt() {
        // 2026-03-29 02:00 CET jumps to 03:00 CEST: 02:30 does not exist that night.
        assertEquals(List.of(t("2026-03-28T01:30:00Z"), t("2026-03-30T00:30:00Z"), t("2026-03-31T00:30:00Z")),
                next("localcron(30 2 * * ? *)", PARIS, "2026-03-27T12:00:00Z", 3));
    }

    @Test
    void localTwoThirtyInParisRunsOnceWhenTheAutumnChangeRepeatsIt() {
        // 2026-10-25 03:00 CEST falls back to 02:00 CET: 02:30 happens twice, the schedule runs at the first.
        assertEquals(List.of(t("2026-10-25T00:30:00Z"), t("2026-10-26T01:30:00Z")),
                next("localcron(30 2 * * ? *)", PARIS, "2026-10-24T12:00:00Z", 2));
    }

    @Test
    void hourlyWildcardInParisFollowsLocalHoursThroughBothChanges() {
        assertEquals(List.of(t("2026-03-28T23:30:00Z"), t("2026-03-29T00:30:00Z"), t("2026-03-29T01:30:00Z"), t("2026-03-29T02:30:00Z")),
                next("localcron(30 * * * ? *)", PARIS, "2026-03-28T23:00:00Z", 4), "00:30 01:30 (no 02:30) 03:30 04:30 local");
        assertEquals(List.of(t("2026-10-24T22:30:00Z"), t("2026-10-24T23:30:00Z"), t("2026-10-25T00:30:00Z"), t("2026-10-25T02:30:00Z")),
                next("localcron(30 * * * ? *)", PARIS, "2026-10-24T22:00:00Z", 4), "the repeated 02:30 runs once");
    }

    @Test
    void newYorkSpringChangeSkipsTheMissingHourForFixedTimesAndWildcards() {
        // 2026-03-08 02:00 EST jumps to 03:00 EDT.
        assertEquals(List.of(t("2026-03-09T06:30:00Z"), t("2026-03-10T06:30:00Z")),
                next("localcron(30 2 * * ? *)", NEW_YORK, "2026-03-07T12:00:00Z", 2));
        assertEquals(List.of(t("2026-03-08T06:15:00Z"), t("2026-03-08T07:15:00Z"), t("2026-03-08T08:15:00Z")),
                next("localcron(15 * * * ? *)", NEW_YORK, "2026-03-08T06:00:00Z", 3), "01:15 EST, then 03:15 and 04:15 EDT");
    }

    @Test
    void newYorkAutumnChangeRunsTheRepeatedHourOnceForFixedTimesAndWildcards() {
        // 2026-11-01 02:00 EDT falls back to 01:00 EST: 01:00-01:59 happens twice.
        assertEquals(List.of(t("2026-11-01T05:30:00Z"), t("2026-11-02T06:30:00Z")),
                next("localcron(30 1 * * ? *)", NEW_YORK, "2026-10-31T12:00:00Z", 2));
        assertEquals(List.of(t("2026-11-01T05:00:00Z"), t("2026-11-01T05:30:00Z"), t("2026-11-01T07:00:00Z")),
                next("localcron(0/30 * * * ? *)", NEW_YORK, "2026-11-01T04:45:00Z", 3), "01:00 01:30 EDT, then 02:00 EST");
    }

    @Test
    void utcCronIgnoresTheDeploymentZoneAndDaylightSaving() {
        assertEquals(List.of(t("2026-03-28T02:30:00Z"), t("2026-03-29T02:30:00Z"), t("2026-03-30T02:30:00Z")),
                next("cron(30 2 * * ? *)", PARIS, "2026-03-27T12:00:00Z", 3));
    }

    @Test
    void weekdayCronInLocalTimeFiresOnLocalMondays() {
        // 2026-11-23 is a Monday; 00:30 Paris is still Sunday in UTC.
        assertEquals(List.of(t("2026-11-22T23:30:00Z")), next("localcron(30 0 ? * MON *)", PARIS, "2026-11-20T00:00:00Z", 1));
    }

    @Test
    void ratesFireOnMultiplesOfThePeriodAndIgnoreTheZone() {
        assertEquals(List.of(t("2026-11-23T13:01:00Z"), t("2026-11-23T13:02:00Z")),
                next("rate(1 minute)", PARIS, "2026-11-23T13:00:00Z", 2));
        assertEquals(List.of(t("2026-03-29T02:00:00Z"), t("2026-03-29T04:00:00Z")),
                next("rate(2 hours)", PARIS, "2026-03-29T00:30:00Z", 2));
        assertTrue(ScheduleExpression.parse("rate(15 minutes)").in(PARIS).firesAt(t("2026-11-23T13:45:20Z")));
        assertFalse(ScheduleExpression.parse("rate(15 minutes)").in(PARIS).firesAt(t("2026-11-23T13:46:00Z")));
    }

    @Test
    void disabledNeverFires() {
        var disabled = ScheduleExpression.parse("disabled");
        assertTrue(disabled.disabled());
        assertEquals(List.of(), disabled.in(PARIS).next(t("2026-11-23T13:00:00Z"), 5));
        assertFalse(disabled.in(PARIS).firesAt(t("2026-11-23T13:00:00Z")));
    }

    @Test
    void schedulerGetsCronFieldsAndTheZoneForLocalcron() {
        var local = ScheduleExpression.parse("localcron(30 2 * * ? *)");
        assertEquals("cron(30 2 * * ? *)", local.schedulerExpression());
        assertEquals(PARIS, local.zone(PARIS));
        assertEquals("UTC", ScheduleExpression.parse("cron(30 2 * * ? *)").zone(PARIS).getId().replace("Z", "UTC"));
        assertEquals("rate(5 minutes)", ScheduleExpression.parse("rate(5 minutes)").schedulerExpression());
    }

    @Test
    void errorsSayWhatIsWrongAndHowToWriteIt() {
        String both = assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("localcron(0 2 * * MON *)")).getMessage();
        assertTrue(both.contains("'localcron(0 2 * * MON *)' sets both day-of-month"), both);
        String plural = assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("rate(1 minutes)")).getMessage();
        assertTrue(plural.contains("write rate(1 minute)"), plural);
        String form = assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("every hour")).getMessage();
        assertTrue(form.contains("localcron(") && form.contains("disabled"), form);
    }

    @Test
    void timeZoneComesFromTheKeyThenTheDeployThenTheRegion() {
        assertEquals(PARIS, TimeZones.resolve(Optional.empty(), Optional.empty(), "eu-west-3"));
        assertEquals(NEW_YORK, TimeZones.resolve(Optional.empty(), Optional.empty(), "us-east-1"));
        assertEquals(ZoneId.of("UTC"), TimeZones.resolve(Optional.empty(), Optional.empty(), "xx-nowhere-9"));
        assertEquals(ZoneId.of("Asia/Tokyo"), TimeZones.resolve(Optional.empty(), Optional.of("Asia/Tokyo"), "eu-west-3"));
        assertEquals(NEW_YORK, TimeZones.resolve(Optional.of("America/New_York"), Optional.of("Asia/Tokyo"), "eu-west-3"));
        String bad = assertThrows(IllegalArgumentException.class, () -> TimeZones.parse("Europe/Pariss")).getMessage();
        assertTrue(bad.contains("'Europe/Pariss' is not a time zone"), bad);
        assertThrows(IllegalArgumentException.class, () -> TimeZones.parse("+02:00"));
    }

    @Test
    void latestFireAtOrBeforeATimeSkipsTheMissingHourAndIncludesTheSameMinute() {
        var paris = ScheduleExpression.parse("localcron(30 2 * * ? *)").in(PARIS);
        assertEquals(t("2026-03-28T01:30:00Z"), paris.latestAtOrBefore(t("2026-03-29T12:00:00Z")).orElseThrow(), "no 02:30 on the 29th");
        assertEquals(t("2026-10-25T00:30:00Z"), paris.latestAtOrBefore(t("2026-10-25T01:45:00Z")).orElseThrow(), "the first 02:30");
        assertEquals(t("2026-11-23T13:00:00Z"), ScheduleExpression.parse("rate(1 hour)").in(PARIS)
                .latestAtOrBefore(t("2026-11-23T13:00:40Z")).orElseThrow());
    }
}
