package io.cfgvault.inventory.source;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Field checks shared by the file sources; every failure names the file, the line and the column. */
final class Rows {
    /** Device names end up in S3 keys, so the same rule as the inventory file. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final String file;
    private final Set<String> names = new HashSet<>();

    Rows(String file) {
        this.file = file;
    }

    InventorySourceException bad(long line, String column, String problem) {
        return new InventorySourceException(file + ": line " + line + ", column '" + column + "': " + problem
                + " (nothing was imported)");
    }

    String name(long line, String column, String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw bad(line, column, "the device name is empty");
        }
        if (!NAME.matcher(v).matches()) {
            throw bad(line, column, "'" + v + "' is not a valid device name (1-128 letters, digits, '.', '_' or '-'; it is used in S3 keys)");
        }
        if (!names.add(v)) {
            throw bad(line, column, "device '" + v + "' appears twice");
        }
        return v;
    }

    String required(long line, String column, String value, String what) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw bad(line, column, what + " is empty");
        }
        return v;
    }

    Optional<Integer> port(long line, String column, String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            int p = Integer.parseInt(v);
            if (p >= 1 && p <= 65535) {
                return Optional.of(p);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(line, column, "'" + v + "' is not a port number from 1 to 65535");
    }

    boolean enabled(long line, String column, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw bad(line, column, "'" + value.trim() + "' is not true or false");
        };
    }

    static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
