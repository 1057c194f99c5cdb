package io.cfgvault.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectLockRetention;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The backup bucket (DESIGN.md "S3 layout") and its server-access-log bucket.
 * <ul>
 *   <li>{@code archive/}: STANDARD_IA after {@code archiveIaDays}, GLACIER_IR after {@code archiveGlacierDays},
 *       optional expiry; S3 does not transition objects under 128 KB (its default), which is right for
 *       small configs: IA and Glacier IR bill at least 128 KB per object.</li>
 *   <li>{@code latest/}: every overwrite keeps the previous copy as a noncurrent version; the newest
 *       {@code versionsKept} are kept, older ones expire after {@code noncurrentDays}.</li>
 *   <li>{@code failed/}: rejected fetches, for diagnosis, expire after 30 days.</li>
 *   <li>whole bucket: incomplete multipart uploads aborted after 7 days, expired delete markers removed.</li>
 * </ul>
 * With an organization id, members of that AWS Organization may write only under their own
 * {@code accountid=<their account>} partitions (the central multi-account bucket).
 */
public final class BackupBucket extends Construct {
    /** Keep rejected fetches this long. */
    public static final int FAILED_EXPIRY_DAYS = 30;
    /** The top-level prefixes that hold partitioned data, each followed by {@code accountid=...}. */
    public static final List<String> DATA_PREFIXES =
            java.util.stream.Stream.of(java.util.stream.Stream.of("latest/", "archive/", "failed/"),
                    Cmdb.metadataPrefixes().stream(), java.util.stream.Stream.of("metadata/destinations/", "exports/"))
                    .flatMap(s -> s).toList();

    public record Props(int archiveIaDays, int archiveGlacierDays, Optional<Integer> archiveExpiryDays,
                        int versionsKept, int noncurrentDays, Optional<IKey> kmsKey,
                        Optional<Integer> objectLockDays, Optional<String> organizationId, int exportExpiryDays) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private int archiveIaDays = 30;
            private int archiveGlacierDays = 90;
            private Optional<Integer> archiveExpiryDays = Optional.empty();
            private int versionsKept = 5;
            private int noncurrentDays = 30;
            private Optional<IKey> kmsKey = Optional.empty();
            private Optional<Integer> objectLockDays = Optional.empty();
            private Optional<String> organizationId = Optional.empty();
            private int exportExpiryDays = 7;

            public Builder archiveIaDays(int v) { archiveIaDays = v; return this; }
            public Builder archiveGlacierDays(int v) { archiveGlacierDays = v; return this; }
            public Builder archiveExpiryDays(Optional<Integer> v) { archiveExpiryDays = v; return this; }
            public Builder versionsKept(int v) { versionsKept = v; return this; }
            public Builder noncurrentDays(int v) { noncurrentDays = v; return this; }
            public Builder kmsKey(Optional<IKey> v) { kmsKey = v; return this; }
            public Builder objectLockDays(Optional<Integer> v) { objectLockDays = v; return this; }
            public Builder organizationId(Optional<String> v) { organizationId = v; return this; }
            public Builder exportExpiryDays(int v) { exportExpiryDays = v; return this; }

            public Props build() {
                return new Props(archiveIaDays, archiveGlacierDays, archiveExpiryDays, versionsKept, noncurrentDays,
                        kmsKey, objectLockDays, organizationId, exportExpiryDays);
            }
        }
    }

    private final Bucket bucket;
    private final Bucket accessLogs;

    public BackupBucket(Construct scope, String id, Props props) {
        super(scope, id);

        accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED) // server access logging cannot write to SSE-KMS targets
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs")
                        .expiration(Duration.days(365)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        var builder = Bucket.Builder.create(this, "Bucket")
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("backup-bucket/")
                .lifecycleRules(lifecycleRules(props))
                .removalPolicy(RemovalPolicy.RETAIN);
        props.kmsKey().ifPresentOrElse(
                key -> builder.encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true),
                () -> builder.encryption(BucketEncryption.S3_MANAGED));
        props.objectLockDays().ifPresent(days -> builder.objectLockEnabled(true)
                .objectLockDefaultRetention(ObjectLockRetention.governance(Duration.days(days))));
        bucket = builder.build();

        props.organizationId().ifPresent(org -> allowOrganizationMembers(org));
    }

    public Bucket bucket() {
        return bucket;
    }

    public Bucket accessLogs() {
        return accessLogs;
    }

    static List<LifecycleRule> lifecycleRules(Props props) {
        var rules = new ArrayList<LifecycleRule>();
        var archive = LifecycleRule.builder().id("archive-tiering").prefix("archive/")
                .transitions(List.of(
                        Transition.builder().storageClass(StorageClass.INFREQUENT_ACCESS)
                                .transitionAfter(Duration.days(props.archiveIaDays())).build(),
                        Transition.builder().storageClass(StorageClass.GLACIER_INSTANT_RETRIEVAL)
                                .transitionAfter(Duration.days(props.archiveGlacierDays())).build()))
                .noncurrentVersionExpiration(Duration.days(props.noncurrentDays()));
        props.archiveExpiryDays().ifPresent(days -> archive.expiration(Duration.days(days)));
        rules.add(archive.build());
        rules.add(LifecycleRule.builder().id("latest-versions").prefix("latest/")
                .noncurrentVersionsToRetain(props.versionsKept())
                .noncurrentVersionExpiration(Duration.days(props.noncurrentDays()))
                .build());
        rules.add(LifecycleRule.builder().id("metadata-versions").prefix("metadata/")
                .noncurrentVersionExpiration(Duration.days(props.noncurrentDays()))
                .build());
        rules.add(LifecycleRule.builder().id("failed-expiry").prefix("failed/")
                .expiration(Duration.days(FAILED_EXPIRY_DAYS))
                .noncurrentVersionExpiration(Duration.days(1))
                .build());
        // Shared zips hold whole configs and travel by presigned link: they expire rather than pile up.
        rules.add(LifecycleRule.builder().id("exports-expiry").prefix("exports/")
                .expiration(Duration.days(props.exportExpiryDays()))
                .noncurrentVersionExpiration(Duration.days(1))
                .build());
        rules.add(LifecycleRule.builder().id("housekeeping")
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .expiredObjectDeleteMarker(true)
                .build());
        return rules;
    }

    /**
     * Central bucket: principals of the organization read and write objects only under their own account's
     * partitions ({@code ${aws:PrincipalAccount}} is resolved by S3 per request). They may list the bucket:
     * without s3:ListBucket S3 answers a HEAD of a missing key with 403 instead of 404, and the service asks
     * "is there a previous copy?" with HEAD. Listing shows key names (account, deployment and device names)
     * to the organization, never contents.
     */
    private void allowOrganizationMembers(String organizationId) {
        String own = "accountid=${aws:PrincipalAccount}/*";
        var objects = new ArrayList<String>();
        for (String prefix : DATA_PREFIXES) {
            objects.add(bucket.arnForObjects(prefix + own));
        }
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OrgMembersOwnPartitionsObjects")
                .effect(Effect.ALLOW)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"))
                .resources(objects)
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalOrgID", organizationId)))
                .build());
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OrgMembersList")
                .effect(Effect.ALLOW)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalOrgID", organizationId)))
                .build());
    }
}
