package io.cfgvault.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A request for one backup job.
 *
 * @param trigger      who asked
 * @param time         the scheduled time for schedule triggers (makes the job id idempotent), else now
 * @param tables       export the application tables
 * @param devices      back up devices
 * @param selector     which devices
 * @param actor        caller identity for the audit trail
 * @param schedule     the scheduler-table entry that asked for this job, if any (part of the job id)
 */
public record JobRequest(Trigger trigger, Instant time, boolean tables, boolean devices, DeviceSelector selector, String actor,
                         Optional<String> schedule) {

    public JobRequest(Trigger trigger, Instant time, boolean tables, boolean devices, DeviceSelector selector, String actor) {
        this(trigger, time, tables, devices, selector, actor, Optional.empty());
    }

    public static JobRequest scheduled(Instant time) {
        return new JobRequest(Trigger.SCHEDULE, time, true, true, DeviceSelector.all(), "eventbridge");
    }

    /** Which devices a job covers: all, a list of names, a model or a group (combined with AND). */
    public record DeviceSelector(List<String> names, Optional<String> model, Optional<String> group) {
        public static DeviceSelector all() {
            return new DeviceSelector(List.of(), Optional.empty(), Optional.empty());
        }

        public boolean matches(io.cfgvault.inventory.Device d) {
            return (names.isEmpty() || names.contains(d.name()))
                    && model.map(m -> m.equalsIgnoreCase(d.model())).orElse(true)
                    && group.map(g -> g.equalsIgnoreCase(d.group())).orElse(true);
        }

        /** Whether a job with this selector backs up the device: it is enabled and matches. */
        public boolean selects(io.cfgvault.inventory.Device d) {
            return d.enabled() && matches(d);
        }

        /** Whether this selector narrows the inventory at all (names, model or group). */
        public boolean narrowed() {
            return !names.isEmpty() || model.isPresent() || group.isPresent();
        }

        /** The selection in words for messages, e.g. {@code devices a, b and model 'C9300'}. */
        public String describe() {
            var what = new java.util.ArrayList<String>();
            if (!names.isEmpty()) {
                what.add("devices " + String.join(", ", names));
            }
            model.ifPresent(m -> what.add("model '" + m + "'"));
            group.ifPresent(g -> what.add("group '" + g + "'"));
            return what.isEmpty() ? "all devices" : String.join(" and ", what);
        }
    }
}
