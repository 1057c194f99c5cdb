package io.cfgvault.infra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * Every knob of a deployment, read from CDK context ({@code -c key=value} or {@code cdk.json}).
 * Defaults are chosen so that {@code cdk deploy} with no context at all gives a sensible hourly backup.
 * DEPLOY.md documents each key; keep the two in step.
 */
public record Parameters(
        String deployment,
        String scheduleExpression,
        int archiveIaDays,
        int archiveGlacierDays,
        Optional<Integer> archiveExpiryDays,
        int versionsKept,
        int noncurrentDays,
        Optional<String> kmsKeyArn,
        Optional<Integer> objectLockDays,
        Optional<String> organizationId,
        Optional<String> centralBucketName,
        Optional<String> workerVpcId,
        List<String> workerSubnetIds,
        List<String> workerSecurityGroupIds,
        Optional<String> alarmTopicArn,
        String secretPrefix,
        String eventBusName,
        int logRetentionDays,
        int workerConcurrency,
        int workerBatchSize,
        int workerTimeoutSeconds,
        int workerMemoryMb,
        int memoryMb,
        int apiRateLimit,
        int apiBurstLimit,
        String apiStageName,
        int stalenessHours,
        List<String> cmdbAccountIds,
        List<String> cmdbRegions,
        Optional<String> timeZone,
        int exportExpiryDays,
        List<String> destinationSecrets,
        List<String> destinationRoleArns) {

    public static final String DEFAULT_SCHEDULE = "cron(0 * * * ? *)";

    private static final Pattern DEPLOYMENT = Pattern.compile("[a-z][a-z0-9-]{0,23}");
    private static final Pattern ORG_ID = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final Pattern KMS_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");
    private static final Pattern SCHEDULE = Pattern.compile("(cron\\((\\S+ ){5}\\S+\\)|rate\\(\\d+ (minute|minutes|hour|hours|day|days)\\))");
    static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public Parameters {
        workerSubnetIds = List.copyOf(workerSubnetIds);
        workerSecurityGroupIds = List.copyOf(workerSecurityGroupIds);
        cmdbAccountIds = List.copyOf(cmdbAccountIds);
        cmdbRegions = List.copyOf(cmdbRegions);
        destinationSecrets = List.copyOf(destinationSecrets);
        destinationRoleArns = List.copyOf(destinationRoleArns);
    }

    /** Physical DynamoDB table name = this prefix + logical name. */
    public String tablePrefix() {
        return "cfgvault-" + deployment + "-";
    }

    public String stackName() {
        return "cfgvault-" + deployment;
    }

    public boolean workerInVpc() {
        return !workerSubnetIds.isEmpty();
    }

    /** Reads and validates every key; a bad value fails synth with a message naming the key and the fix. */
    public static Parameters fromContext(Node node) {
        Object all = node.getAllContext();
        if (all instanceof java.util.Map<?, ?> map) {
            refuseUnknown(map.keySet().stream().map(String::valueOf).toList());
        }
        return from(key -> {
            Object v = node.tryGetContext(key);
            return v == null ? null : String.valueOf(v).trim();
        });
    }

    /** Every context key this app reads: the keys {@link #from} asks for. */
    static java.util.Set<String> knownKeys() {
        var asked = new java.util.TreeSet<String>();
        from(key -> {
            asked.add(key);
            return null;
        });
        return asked;
    }

    /**
     * A mistyped {@code -c key=value} would otherwise be ignored silently and its default deployed. Keys shaped like
     * ours (letters and digits) must be known; CDK's own keys ({@code @aws-cdk/...}, {@code aws:cdk:...},
     * lookups with {@code :}, {@code acknowledged-issue-numbers}) pass.
     */
    static void refuseUnknown(java.util.Collection<String> keys) {
        var known = knownKeys();
        for (String key : keys) {
            if (key.matches("[A-Za-z][A-Za-z0-9]*") && !known.contains(key)) {
                String hint = known.stream().filter(k -> k.toLowerCase(Locale.ROOT).contains(key.toLowerCase(Locale.ROOT))
                        || key.toLowerCase(Locale.ROOT).contains(k.toLowerCase(Locale.ROOT))).findFirst()
                        .map(k -> "did you mean -c " + k + "=...? ").orElse("");
                throw new IllegalArgumentException("cfgvault: unknown context parameter '" + key + "': " + hint
                        + "known parameters: " + String.join(", ", known) + " (README, Context parameters)");
            }
        }
    }

    /** Same as {@link #fromContext} over any key lookup (tests use a map). */
    public static Parameters from(Function<String, String> context) {
        var c = new Reader(context);
        String deployment = c.string("deployment", "default");
        if (!DEPLOYMENT.matcher(deployment).matches()) {
            throw c.bad("deployment", deployment, "use 1-24 lower-case letters, digits or '-', starting with a letter");
        }
        String schedule = c.string("scheduleExpression", DEFAULT_SCHEDULE);
        if (!SCHEDULE.matcher(schedule).matches()) {
            throw c.bad("scheduleExpression", schedule, "use an EventBridge expression such as 'cron(0 * * * ? *)' or 'rate(1 hour)'");
        }
        int ia = c.integer("archiveIaDays", 30, 30, 36500);
        int glacier = c.integer("archiveGlacierDays", 90, ia + 1, 36500);
        if (glacier - ia < 30) {
            throw c.bad("archiveGlacierDays", String.valueOf(glacier),
                    "S3 keeps objects in STANDARD_IA at least 30 days: use at least archiveIaDays + 30 = " + (ia + 30));
        }
        Optional<Integer> expiry = c.optionalInteger("archiveExpiryDays", glacier + 1, 36500);
        Optional<String> kms = c.optional("kmsKeyArn");
        kms.filter(k -> !KMS_ARN.matcher(k).matches()).ifPresent(k -> {
            throw c.bad("kmsKeyArn", k, "give a key ARN, arn:aws:kms:<region>:<account>:key/<id> (aliases are not accepted)");
        });
        Optional<String> org = c.optional("organizationId");
        org.filter(o -> !ORG_ID.matcher(o).matches()).ifPresent(o -> {
            throw c.bad("organizationId", o, "give the AWS Organizations id, o-xxxxxxxxxx (aws organizations describe-organization)");
        });
        Optional<String> central = c.optional("centralBucketName");
        if (central.isPresent() && org.isPresent()) {
            throw c.bad("centralBucketName", central.get(),
                    "a deployment either owns the central bucket (organizationId) or writes to one (centralBucketName), not both");
        }
        Optional<String> topic = c.optional("alarmTopicArn");
        topic.filter(t -> !TOPIC_ARN.matcher(t).matches()).ifPresent(t -> {
            throw c.bad("alarmTopicArn", t, "give an SNS topic ARN, arn:aws:sns:<region>:<account>:<name>");
        });
        Optional<String> vpc = c.optional("workerVpcId");
        List<String> subnets = c.list("workerSubnetIds");
        List<String> groups = c.list("workerSecurityGroupIds");
        if (vpc.isPresent() != !subnets.isEmpty()) {
            throw c.bad(vpc.isPresent() ? "workerSubnetIds" : "workerVpcId", "",
                    "give workerVpcId and workerSubnetIds together (private subnets that route to the devices)");
        }
        if (!groups.isEmpty() && subnets.isEmpty()) {
            throw c.bad("workerSecurityGroupIds", String.join(",", groups), "security groups need workerVpcId and workerSubnetIds");
        }
        int logDays = c.integer("logRetentionDays", 90, 1, 3653);
        if (!RETENTION_DAYS.contains(logDays)) {
            throw c.bad("logRetentionDays", String.valueOf(logDays), "CloudWatch Logs accepts one of " + RETENTION_DAYS);
        }
        int workerTimeout = c.integer("workerTimeoutSeconds", 300, 30, 900);
        Optional<String> zone = c.optional("timeZone");
        zone.filter(z -> !java.time.ZoneId.getAvailableZoneIds().contains(z)).ifPresent(z -> {
            throw c.bad("timeZone", z, "give an IANA time zone such as Europe/Paris or America/New_York (default: the region's)");
        });
        return new Parameters(
                deployment,
                schedule,
                ia,
                glacier,
                expiry,
                c.integer("versionsKept", 5, 1, 100),
                c.integer("noncurrentDays", 30, 1, 36500),
                kms,
                c.optionalInteger("objectLockDays", 1, 36500),
                org,
                central,
                vpc,
                subnets,
                groups,
                topic,
                c.string("secretPrefix", "cfgvault/" + deployment + "/"),
                c.string("eventBusName", "default"),
                logDays,
                c.integer("workerConcurrency", 20, 2, 1000),
                c.integer("workerBatchSize", 50, 1, 100),
                workerTimeout,
                c.integer("workerMemoryMb", 1024, 512, 10240),
                c.integer("memoryMb", 1024, 512, 10240),
                c.integer("apiRateLimit", 20, 1, 10000),
                c.integer("apiBurstLimit", 40, 1, 5000),
                c.string("apiStageName", "v1"),
                c.integer("stalenessHours", 2 * scheduleHours(schedule), 1, 24),
                c.list("cmdbAccountIds"),
                c.list("cmdbRegions"),
                zone,
                c.integer("exportExpiryDays", 7, 1, 365),
                destinationSecrets(c),
                destinationRoles(c));
    }

    /** Secrets that destinations name ({@code secret:NAME}); only these are readable for them. */
    private static List<String> destinationSecrets(Reader c) {
        List<String> names = c.list("destinationSecrets");
        for (String n : names) {
            if (!n.matches("[A-Za-z0-9/_+=.@-]{1,512}")) {
                throw c.bad("destinationSecrets", n, "give Secrets Manager secret names (not ARNs), comma-separated");
            }
        }
        return names;
    }

    /** Roles that S3 destinations in other accounts name ({@code roleArn}); only these may be assumed. */
    private static List<String> destinationRoles(Reader c) {
        List<String> arns = c.list("destinationRoleArns");
        for (String a : arns) {
            if (!a.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]+")) {
                throw c.bad("destinationRoleArns", a, "give IAM role ARNs, arn:aws:iam::<account>:role/<name>, comma-separated");
            }
        }
        return arns;
    }

    /**
     * The schedule period in whole hours, for the staleness alarm: {@code rate(N hours|days)}, or a cron
     * whose hour field is {@code *}, {@code * / N} or fixed. Sub-hourly schedules count as one hour; anything
     * irregular as 12, so that twice the period is at most a day. Override with {@code stalenessHours}.
     */
    static int scheduleHours(String expression) {
        Matcher rate = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)").matcher(expression);
        if (rate.matches()) {
            int n = Integer.parseInt(rate.group(1));
            return switch (rate.group(2)) {
                case "minute", "minutes" -> Math.max(1, (n + 59) / 60);
                case "hour", "hours" -> Math.min(12, n);
                default -> 12;
            };
        }
        String[] fields = expression.substring("cron(".length(), expression.length() - 1).split(" ");
        String hours = fields[1];
        if (hours.equals("*")) {
            return 1;
        }
        Matcher step = Pattern.compile("(?:\\*|\\d+)/(\\d+)").matcher(hours);
        if (step.matches()) {
            return Math.min(12, Integer.parseInt(step.group(1)));
        }
        return 12;
    }

    private record Reader(Function<String, String> context) {
        String string(String key, String fallback) {
            return optional(key).orElse(fallback);
        }

        Optional<String> optional(String key) {
            String v = context.apply(key);
            return v == null || v.isBlank() || v.equals("null") ? Optional.empty() : Optional.of(v.trim());
        }

        int integer(String key, int fallback, int min, int max) {
            return optionalInteger(key, min, max).orElse(fallback);
        }

        Optional<Integer> optionalInteger(String key, int min, int max) {
            Optional<String> raw = optional(key);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            int v;
            try {
                v = (int) Double.parseDouble(raw.get());
            } catch (NumberFormatException e) {
                throw bad(key, raw.get(), "give a whole number between " + min + " and " + max);
            }
            if (v < min || v > max) {
                throw bad(key, raw.get(), "give a whole number between " + min + " and " + max);
            }
            return Optional.of(v);
        }

        List<String> list(String key) {
            var out = new ArrayList<String>();
            optional(key).ifPresent(v -> Arrays.stream(v.replaceAll("[\\[\\]\"]", "").split("[,\\s]+"))
                    .map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add));
            return out;
        }

        IllegalArgumentException bad(String key, String value, String fix) {
            return new IllegalArgumentException(String.format(Locale.ROOT,
                    "cfgvault: context parameter '%s' = '%s' is not valid: %s (pass -c %s=<value>)", key, value, fix, key));
        }
    }
}
