package io.cfgvault.store;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for device names and job ids, used by every path that accepts them (inventory file, inventory
 * table import, API, sources that sync the inventory): they become S3 key segments, so no path separators, no
 * dot segments, no control characters, and a bounded length.
 */
public final class Names {
    public static final int MAX_DEVICE_NAME = 128;
    public static final int MAX_JOB_ID = 256;
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_DEVICE_NAME - 1) + "}");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_JOB_ID - 1) + "}");

    private Names() {}

    /** Why {@code name} is not a device name, or empty when it is one. */
    public static Optional<String> deviceNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a device name must not be empty");
        }
        if (name.length() > MAX_DEVICE_NAME) {
            return Optional.of("a device name is at most " + MAX_DEVICE_NAME + " characters, this one has " + name.length());
        }
        if (!DEVICE.matcher(name).matches()) {
            return Optional.of("'" + printable(name) + "' is not a device name: use 1-" + MAX_DEVICE_NAME
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit (names are used in S3 keys;"
                    + " no '/', no '..')");
        }
        return Optional.empty();
    }

    /** Returns {@code name} or throws IllegalArgumentException saying why it is not a device name. */
    public static String requireDeviceName(String name) {
        deviceNameProblem(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return name;
    }

    /** Why {@code id} cannot be a job id, or empty when it can. */
    public static Optional<String> jobIdProblem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of("a job id must not be empty");
        }
        if (id.length() > MAX_JOB_ID) {
            return Optional.of("a job id is at most " + MAX_JOB_ID + " characters, this one has " + id.length());
        }
        if (!JOB_ID.matcher(id).matches()) {
            return Optional.of("'" + printable(id) + "' is not a job id (letters, digits, '.', '_', ':' and '-')");
        }
        return Optional.empty();
    }

    /** The value shortened and with control characters replaced, safe to echo in an error message. */
    public static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 77) + "...";
    }
}
