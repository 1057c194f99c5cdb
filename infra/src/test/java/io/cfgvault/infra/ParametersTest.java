package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Context parsing and artifact lookup; no synthesis. */
class ParametersTest {

    private static Parameters parse(Map<String, String> context) {
        return Parameters.from(context::get);
    }

    private static String rejection(Map<String, String> context) {
        return assertThrows(IllegalArgumentException.class, () -> parse(context)).getMessage();
    }

    @Test
    void noContextGivesAnHourlyBackupOfTheDefaultDeployment() {
        Parameters p = parse(Map.of());
        assertEquals("default", p.deployment());
        assertEquals("cron(0 * * * ? *)", p.scheduleExpression());
        assertEquals("cfgvault-default-", p.tablePrefix());
        assertEquals("cfgvault/default/", p.secretPrefix());
        assertEquals(30, p.archiveIaDays());
        assertEquals(90, p.archiveGlacierDays());
        assertEquals(Optional.empty(), p.archiveExpiryDays());
        assertEquals(5, p.versionsKept());
        assertEquals(2, p.stalenessHours());
        assertFalse(p.workerInVpc());
    }

    @Test
    void listsAcceptCommasSpacesAndJsonArrays() {
        Parameters p = parse(Map.of("workerVpcId", "vpc-1", "workerSubnetIds", "[\"subnet-a\", \"subnet-b\"]",
                "cmdbRegions", "eu-west-1 us-east-1"));
        assertEquals(List.of("subnet-a", "subnet-b"), p.workerSubnetIds());
        assertEquals(List.of("eu-west-1", "us-east-1"), p.cmdbRegions());
        assertTrue(p.workerInVpc());
    }

    @Test
    void badValuesNameTheKeyAndTheFix() {
        assertTrue(rejection(Map.of("deployment", "Prod_1")).contains("'deployment' = 'Prod_1'"));
        assertTrue(rejection(Map.of("scheduleExpression", "hourly")).contains("cron(0 * * * ? *)"));
        assertTrue(rejection(Map.of("timeZone", "Paris")).contains("IANA time zone"));
        assertTrue(rejection(Map.of("kmsKeyArn", "alias/cfgvault")).contains("aliases are not accepted"));
        assertTrue(rejection(Map.of("archiveGlacierDays", "45")).contains("at least archiveIaDays + 30 = 60"));
        assertTrue(rejection(Map.of("archiveIaDays", "7")).contains("between 30 and"));
        assertTrue(rejection(Map.of("logRetentionDays", "42")).contains("one of [1, 3, 5"));
        assertTrue(rejection(Map.of("workerConcurrency", "many")).contains("whole number"));
        assertTrue(rejection(Map.of("workerSubnetIds", "subnet-a")).contains("workerVpcId and workerSubnetIds together"));
        assertTrue(rejection(Map.of("organizationId", "o-abcde12345", "centralBucketName", "b"))
                .contains("not both"));
        assertTrue(rejection(Map.of("alarmTopicArn", "ops")).contains("SNS topic ARN"));
    }

    @Test
    void aMistypedContextKeyIsRefusedNamingTheKeyWeMeantInsteadOfDeployingItsDefault() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> Parameters.refuseUnknown(List.of("deployment", "schedule"))).getMessage();
        assertTrue(message.contains("unknown context parameter 'schedule': did you mean -c scheduleExpression=...?"), message);
        // CDK's own context keys and lookups pass
        Parameters.refuseUnknown(List.of("deployment", "scheduleExpression", "@aws-cdk/core:enablePartitionLiterals",
                "aws:cdk:enable-path-metadata", "acknowledged-issue-numbers", "availability-zones:account=1:region=x"));
    }

    @Test
    void readmeDocumentsExactlyTheContextParametersTheAppReads() throws Exception {
        Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
        String text = Files.readString(readme);
        String section = text.substring(text.indexOf("### Context parameters"), text.indexOf("### What gets deployed"));
        var documented = new java.util.TreeSet<String>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                var m = java.util.regex.Pattern.compile("`([^`]+)`").matcher(line.substring(0, line.indexOf('|', 1)));
                while (m.find()) {
                    documented.add(m.group(1));
                }
            }
        }
        assertEquals(Parameters.knownKeys(), documented, "README's context parameter table against Parameters.from");
        // every -c in README's code blocks (prose shows a refused one on purpose)
        var blocks = new StringBuilder();
        var fenced = java.util.regex.Pattern.compile("(?s)```[a-z]*\\n(.*?)```").matcher(text);
        while (fenced.find()) {
            blocks.append(fenced.group(1));
        }
        var given = java.util.regex.Pattern.compile("-c ([A-Za-z]+)=").matcher(blocks);
        while (given.find()) {
            assertTrue(Parameters.knownKeys().contains(given.group(1)), "README passes -c " + given.group(1) + ", which is unknown");
        }
    }

    @Test
    void stalenessIsTwoSchedulePeriods() {
        assertEquals(1, Parameters.scheduleHours("cron(0 * * * ? *)"));
        assertEquals(1, Parameters.scheduleHours("cron(0/15 * * * ? *)"));
        assertEquals(4, Parameters.scheduleHours("cron(30 */4 * * ? *)"));
        assertEquals(12, Parameters.scheduleHours("cron(0 2 * * ? *)"));
        assertEquals(1, Parameters.scheduleHours("rate(30 minutes)"));
        assertEquals(6, Parameters.scheduleHours("rate(6 hours)"));
        assertEquals(8, parse(Map.of("scheduleExpression", "cron(30 */4 * * ? *)")).stalenessHours());
        assertEquals(3, parse(Map.of("stalenessHours", "3")).stalenessHours());
    }

    @Test
    void missingZipsSayHowToBuildThem(@TempDir Path root) {
        String message = assertThrows(IllegalStateException.class, () -> Artifacts.locateUnder(root)).getMessage();
        assertTrue(message.contains("cfgvault-functions.zip is missing"), message);
        assertTrue(message.contains("./mvnw -q package -DskipTests"), message);
    }

    @Test
    void repositoryRootIsFoundFromInfra(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("layers/dependencies"));
        Files.writeString(root.resolve("layers/dependencies/pom.xml"), "<project/>");
        Files.writeString(root.resolve("mvnw"), "");
        Files.createDirectories(root.resolve("infra/src"));
        assertEquals(root, Artifacts.repositoryRoot(root.resolve("infra/src")));
    }
}
