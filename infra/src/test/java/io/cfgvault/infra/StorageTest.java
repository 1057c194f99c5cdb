package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The backup bucket (hardening, lifecycle, organization policy) and the DynamoDB tables. */
class StorageTest {
    private static Template defaults;
    private static Template central;
    private static String bucket;

    @BeforeAll
    static void synthesize() {
        defaults = Synth.defaults().template();
        central = Synth.central().template();
        bucket = Json.logicalId(Synth.defaults().stack().bucket());
    }

    private static Object rule(String id, Map<String, Object> body) {
        var all = new java.util.HashMap<String, Object>(body);
        all.put("Id", id);
        all.put("Status", "Enabled");
        return Match.objectLike(all);
    }

    @Test
    void archiveTiersToInfrequentAccessThenGlacierInstantRetrieval() {
        defaults.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("LifecycleConfiguration", Map.of(
                "Rules", Match.arrayWith(List.of(rule("archive-tiering", Map.of(
                        "Prefix", "archive/",
                        "Transitions", List.of(
                                Map.of("StorageClass", "STANDARD_IA", "TransitionInDays", 30),
                                Map.of("StorageClass", "GLACIER_IR", "TransitionInDays", 90)),
                        "ExpirationInDays", Match.absent()))))))));
        central.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("LifecycleConfiguration", Map.of(
                "Rules", Match.arrayWith(List.of(rule("archive-tiering", Map.of("ExpirationInDays", 730))))))));
    }

    @Test
    void latestKeepsTheNewestVersionsThenExpiresOlderOnes() {
        defaults.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("LifecycleConfiguration", Map.of(
                "Rules", Match.arrayWith(List.of(rule("latest-versions", Map.of(
                        "Prefix", "latest/",
                        "NoncurrentVersionExpiration", Map.of("NewerNoncurrentVersions", 5, "NoncurrentDays", 30)))))))));
    }

    @Test
    void failedFetchesExpireAndHousekeepingCleansUploadsAndDeleteMarkers() {
        defaults.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("LifecycleConfiguration", Map.of(
                "Rules", Match.arrayWith(List.of(
                        rule("failed-expiry", Map.of("Prefix", "failed/", "ExpirationInDays", 30)),
                        rule("housekeeping", Map.of(
                                "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7),
                                "ExpiredObjectDeleteMarker", true,
                                "Prefix", Match.absent()))))))));
    }

    @Test
    void bucketIsPrivateVersionedEncryptedTlsOnlyAndAccessLogged() {
        defaults.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "BucketEncryption", Match.anyValue(),
                "LoggingConfiguration", Map.of("DestinationBucketName", Match.anyValue(), "LogFilePrefix", "backup-bucket/"),
                "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))))));
        defaults.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                "Bucket", Map.of("Ref", bucket),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        defaults.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of(
                "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain")));
    }

    @Test
    void customerKeyEncryptsBucketAndTablesAndObjectLockIsOn() {
        String key = Synth.CENTRAL.get("kmsKeyArn");
        central.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "BucketKeyEnabled", true,
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "aws:kms", "KMSMasterKeyID", key)))),
                "ObjectLockEnabled", true,
                "ObjectLockConfiguration", Map.of("ObjectLockEnabled", "Enabled", "Rule", Map.of(
                        "DefaultRetention", Map.of("Mode", "GOVERNANCE", "Days", 30))))));
        central.allResourcesProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of("SSESpecification",
                Map.of("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", key))));
    }

    @Test
    void organizationMembersWriteOnlyUnderTheirOwnAccountPartition() {
        central.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "OrgMembersOwnPartitionsObjects",
                        "Effect", "Allow",
                        "Principal", Map.of("AWS", "*"),
                        "Action", List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                        "Condition", Map.of("StringEquals", Map.of("aws:PrincipalOrgID", "o-abcde12345")))))))))));
        var policy = central.findResources("AWS::S3::BucketPolicy").values().stream()
                .map(Json::text).filter(t -> t.contains("OrgMembersOwnPartitionsObjects")).findFirst().orElseThrow();
        for (String prefix : BackupBucket.DATA_PREFIXES) {
            assertTrue(policy.contains("/" + prefix + "accountid=${aws:PrincipalAccount}/*"), prefix);
        }
        assertTrue(policy.contains("\"Sid\":\"OrgMembersList\""), policy);
        assertEquals(0, defaults.findResources("AWS::S3::BucketPolicy").values().stream()
                .map(Json::text).filter(t -> t.contains("PrincipalOrgID")).count());
    }

    @Test
    void memberDeploymentWritesToTheCentralBucketAndOwnsNone() {
        Template member = Synth.member().template();
        member.resourceCountIs("AWS::S3::Bucket", 0);
        member.resourceCountIs("AWS::Glue::Database", 0);
        String policies = Json.text(member.findResources("AWS::IAM::Policy"));
        assertTrue(policies.contains(":s3:::cfgvault-central-backups/latest/accountid="), policies);
        // The central bucket's key serves the bucket; the member's own tables keep the AWS-managed key.
        assertTrue(policies.contains("\"Resource\":\"" + Synth.MEMBER.get("kmsKeyArn") + "\""), policies);
        member.allResourcesProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "SSESpecification", Map.of("SSEEnabled", true))));
    }

    @Test
    void tablesAreOnDemandRecoverableEncryptedProtectedAndRetained() {
        defaults.resourceCountIs("AWS::DynamoDB::Table", 5);
        defaults.allResourcesProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Map.of("SSEEnabled", true),
                "DeletionProtectionEnabled", true,
                "TableName", Match.stringLikeRegexp("^cfgvault-default-(configuration|scheduler|inventory|jobs|audit)$"))));
        var tables = defaults.findResources("AWS::DynamoDB::Table");
        tables.values().forEach(t -> {
            assertEquals("Retain", t.get("DeletionPolicy"));
            assertEquals("Retain", t.get("UpdateReplacePolicy"));
        });
        Map<String, String> keys = Map.of("configuration", "key", "scheduler", "id", "inventory", "name", "jobs", "id", "audit", "id");
        keys.forEach((table, key) -> defaults.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", "cfgvault-default-" + table,
                "KeySchema", List.of(Map.of("AttributeName", key, "KeyType", "HASH")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", key, "AttributeType", "S")),
                "TimeToLiveSpecification", table.equals("jobs") || table.equals("audit")
                        ? Map.of("AttributeName", "expiresAt", "Enabled", true) : Match.absent()))));
    }
}
