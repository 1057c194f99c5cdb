package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** Destinations and sharing get exactly what they need: the named secrets and roles, expiring exports, an alarm. */
class DestinationsInfraTest {
    static final Map<String, String> SHARING = Map.of(
            "deployment", "share",
            "exportExpiryDays", "3",
            "destinationSecrets", "cfgvault/share/git-token",
            "destinationRoleArns", "arn:aws:iam::210987654321:role/cfgvault-dr");

    static Synth.Result sharing() {
        return Synth.cached("sharing", SHARING);
    }

    @Test
    void exportsExpireAfterTheConfiguredDays() {
        sharing().template().hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Id", "exports-expiry", "Prefix", "exports/", "ExpirationInDays", 3, "Status", "Enabled"))))))));
    }

    @Test
    void functionsMayReadOnlyTheNamedDestinationSecretAndAssumeOnlyTheNamedRole() {
        String policies = Json.text(sharing().template().findResources("AWS::IAM::Policy"));
        assertTrue(policies.contains("secret:cfgvault/share/git-token-??????"), policies);
        assertTrue(policies.contains("\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Resource\":\"arn:aws:iam::210987654321:role/cfgvault-dr\""), policies);
        assertEquals(1, policies.split("\"Sid\":\"Exports\"", -1).length - 1, "only the API writes exports");
        String defaults = Json.text(Synth.defaults().template().findResources("AWS::IAM::Policy"));
        assertFalse(defaults.contains("DestinationCredentials") || defaults.contains("sts:AssumeRole"),
                "no destination named at deploy time: no secret and no role beyond the deployment's own");
        assertTrue(defaults.contains("metadata/destinations/accountid="), defaults);
    }

    @Test
    void aFailedDeliveryRaisesAnAlarm() {
        var t = Synth.defaults().template();
        t.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "EventPattern", Match.objectLike(Map.of("detail-type", List.of("Destination Delivery Failed"))))));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", Match.stringLikeRegexp(".*DestinationDelivery.*"))));
    }

    @Test
    void sharingDeploymentIsNagClean() {
        var errors = sharing().annotations().findError("*", Match.anyValue());
        assertEquals(List.of(), errors.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList());
        assertEquals(0, sharing().annotations().findWarning("*", Match.stringLikeRegexp("^(AwsSolutions|Serverless)-.*")).size());
    }
}
