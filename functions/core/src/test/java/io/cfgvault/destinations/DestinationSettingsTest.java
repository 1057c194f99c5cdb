package io.cfgvault.destinations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.settings.Configuration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Destinations are data: a good set of keys reads back as destinations, a bad key is refused by name. */
class DestinationSettingsTest {

    @Test
    void gitAndS3DestinationsReadWithTheirDefaults() {
        var d = DestinationSettings.parse(new Configuration(Map.of(
                "destination.ops.type", "git",
                "destination.ops.url", "https://git.example.com/netops/configs.git",
                "destination.ops.credentials", "secret:cfgvault/prod/git-token",
                "destination.ops.model", "C9300",
                "destination.dr.type", "s3",
                "destination.dr.bucket", "dr-configs",
                "destination.dr.prefix", "prod",
                "destination.dr.roleArn", "arn:aws:iam::210987654321:role/cfgvault-dr",
                "backup.cron", "cron(0 * * * ? *)")));
        assertEquals(2, d.size());
        var s3 = (Destination.S3) d.get(0);
        assertEquals("prod/", s3.prefix());
        assertEquals(Optional.of("arn:aws:iam::210987654321:role/cfgvault-dr"), s3.roleArn());
        var git = (Destination.Git) d.get(1);
        assertEquals("main", git.branch());
        assertEquals("{device}.cfg", git.pathTemplate());
        assertTrue(git.enabled());
        assertFalse(git.tables());
        assertTrue(git.selector().matches("sw1", "C9300", "campus"));
        assertFalse(git.selector().matches("sw2", "C9500", "campus"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "destination.ops.type|svn|'destination.ops.type' must be 'git' or 's3'",
        "destination.ops.colour|red|'destination.ops.colour' is not a destination field",
        "destination.bad name.type|git|names a destination 'bad name'",
        "destination.ops|git|must be destination.<name>.<field>",
        "destination.ops.url|https://bob:hunter2@git.example.com/x.git|must not carry a password or token",
        "destination.ops.url|svn://example.com/x|got scheme 'svn'",
        "destination.ops.url|ssh://git:hunter2@example.com/x.git|must not carry a password",
        "destination.ops.hostKey|ssh-rsa not-base64!|is not an SSH public key",
        "destination.ops.hostKey|AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl|is not an SSH public key",
        "destination.ops.branch|main..dev|is not a valid branch name",
        "destination.ops.path|{host}.cfg|unknown placeholder {host}",
        "destination.ops.path|configs/all.cfg|must contain {device}",
        "destination.ops.path|../{device}.cfg|must not contain '..'",
        "destination.ops.credentials|ghp_0123456789abcdef|must be a reference",
        "destination.ops.enabled|maybe|must be true or false",
        "destination.dr.bucket|Not_A_Bucket|is not a valid S3 bucket name",
        "destination.dr.roleArn|arn:aws:iam::1:user/bob|must be an IAM role ARN",
        "destination.dr.region|mars-1|is not an AWS region name",
    })
    void aBadKeyIsRefusedNamingIt(String key, String value, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> DestinationSettings.checkKey(key, value));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(value.startsWith("ghp_") && e.getMessage().contains(value), "a pasted token is never repeated");
    }

    @Test
    void sshRemotesReadInBothUrlFormsWithTheirPinnedHostKey() {
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
        for (String url : List.of("ssh://git@git.example.com:2222/netops/configs.git", "git@git.example.com:netops/configs.git")) {
            var d = DestinationSettings.parse(new Configuration(Map.of(
                    "destination.ops.type", "git",
                    "destination.ops.url", url,
                    "destination.ops.credentials", "secret:cfgvault/prod/git-key",
                    "destination.ops.hostKey", "git.example.com " + key)));
            var git = (Destination.Git) d.get(0);
            assertEquals(url, git.url());
            assertTrue(GitSsh.isSsh(git.url()), url);
            assertEquals(GitSsh.fingerprint(key), GitSsh.fingerprint(git.hostKey().orElseThrow()));
        }
        assertTrue(GitSsh.fingerprint(key).startsWith("SHA256:"));
        assertEquals("SHA256:abc", GitSsh.fingerprint("SHA256:abc"));
        assertFalse(GitSsh.isSsh("https://git.example.com/x.git"));
        assertFalse(GitSsh.isSsh("file:///srv/git/x.git"));
        var e = assertThrows(IllegalArgumentException.class, () -> DestinationSettings.parse(new Configuration(Map.of(
                "destination.ops.type", "git", "destination.ops.url", "git@git.example.com:x.git"))));
        assertTrue(e.getMessage().contains("'destination.ops.credentials' is required for an ssh remote"), e.getMessage());
        var https = assertThrows(IllegalArgumentException.class, () -> DestinationSettings.parse(new Configuration(Map.of(
                "destination.ops.type", "git", "destination.ops.url", "https://git.example.com/x.git",
                "destination.ops.credentials", "env:T", "destination.ops.hostKey", key))));
        assertTrue(https.getMessage().contains("'destination.ops.hostKey' applies only to an ssh remote"), https.getMessage());
    }

    @Test
    void aDestinationMissingARequiredFieldIsRefusedAsAWhole() {
        var e = assertThrows(IllegalArgumentException.class, () -> DestinationSettings.parse(new Configuration(Map.of(
                "destination.ops.type", "git", "destination.ops.url", "https://git.example.com/x.git"))));
        assertEquals("configuration key 'destination.ops.credentials' is required for an https remote "
                + "(env:VAR, file:PATH or secret:NAME holding the token)", e.getMessage());
        var s3 = assertThrows(IllegalArgumentException.class, () -> DestinationSettings.parse(new Configuration(Map.of(
                "destination.dr.type", "s3", "destination.dr.url", "https://x"))));
        assertTrue(s3.getMessage().contains("'destination.dr.url' is not a field of a s3 destination"), s3.getMessage());
        assertEquals(List.of(), DestinationSettings.parse(new Configuration(Map.of("backup.cron", "disabled"))));
    }
}
