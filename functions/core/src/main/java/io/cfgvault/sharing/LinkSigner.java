package io.cfgvault.sharing;

import java.net.URI;
import java.time.Duration;

/** Makes a time-limited download link for one object of the bucket: an S3 presigned GET in AWS and locally. */
public interface LinkSigner {
    Duration DEFAULT_EXPIRY = Duration.ofHours(1);
    Duration MAX_EXPIRY = Duration.ofDays(7);

    URI link(String key, Duration expiry);

    /** The expiry a caller asked for, in seconds, bounded so that a link cannot outlive SigV4's seven days. */
    static Duration expiry(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_EXPIRY;
        }
        long s;
        try {
            s = Long.parseLong(seconds.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expires must be a number of seconds, got '" + seconds + "'");
        }
        if (s < 60 || s > MAX_EXPIRY.toSeconds()) {
            throw new IllegalArgumentException("expires must be between 60 and " + MAX_EXPIRY.toSeconds() + " seconds (7 days), got " + s);
        }
        return Duration.ofSeconds(s);
    }
}
