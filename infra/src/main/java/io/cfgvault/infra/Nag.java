package io.cfgvault.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.Arrays;
import java.util.List;
import software.amazon.awscdk.Aspects;
import software.constructs.IConstruct;

/**
 * cdk-nag wiring. Every suppression sits next to the resource it excuses and carries the reason a
 * reviewer would ask for; {@code appliesTo} narrows IAM findings to the exact wildcard being excused.
 */
public final class Nag {
    private Nag() {
    }

    /** Runs the AwsSolutions and Serverless packs over everything under {@code scope}. */
    public static void check(IConstruct scope, boolean reports) {
        NagPackProps props = NagPackProps.builder().verbose(true).reports(reports).build();
        Aspects.of(scope).add(new AwsSolutionsChecks(props));
        Aspects.of(scope).add(new ServerlessChecks(props));
    }

    /** Suppresses {@code rule} on {@code construct} and its children. */
    public static void suppress(IConstruct construct, String rule, String reason, String... appliesTo) {
        suppress(construct, rule, reason, Arrays.asList((Object[]) appliesTo));
    }

    /** A finding pattern for {@code appliesTo}, for ARNs that hold logical ids or tokens. */
    public static Object matching(String regex) {
        return RegexAppliesTo.builder().regex(regex).build();
    }

    /** Suppresses {@code rule} for exactly the findings listed (strings or {@link #matching} patterns). */
    public static void suppress(IConstruct construct, String rule, String reason, List<?> appliesTo) {
        var suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (!appliesTo.isEmpty()) {
            suppression.appliesTo(appliesTo);
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }
}
