package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag AwsSolutions and Serverless packs: nothing unsuppressed, in every configuration. */
class NagTest {

    private static String describe(List<SynthesisMessage> messages) {
        return messages.stream().map(m -> m.getId() + ": " + m.getEntry().getData())
                .collect(Collectors.joining("\n", "\n", "\n"));
    }

    private static void assertClean(Synth.Result result) {
        var errors = result.annotations().findError("*", Match.anyValue());
        assertEquals(List.of(), errors.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList(),
                "errors" + describe(errors));
        var nagWarnings = result.annotations().findWarning("*", Match.stringLikeRegexp("^(AwsSolutions|Serverless)-.*"));
        assertEquals(0, nagWarnings.size(), "cdk-nag warnings" + describe(nagWarnings));
    }

    @Test
    void defaultDeploymentIsClean() {
        assertClean(Synth.defaults());
    }

    @Test
    void centralDeploymentWithKeyObjectLockAndOrganizationIsClean() {
        assertClean(Synth.central());
    }

    @Test
    void memberDeploymentWithVpcWorkerAndGivenTopicIsClean() {
        assertClean(Synth.member());
    }
}
