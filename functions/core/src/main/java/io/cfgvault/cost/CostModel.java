package io.cfgvault.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The monthly AWS bill of a deployment, item by item, from {@link Assumptions} and {@link UnitPrices}. Pure
 * arithmetic: {@code cfgvault cost} prints it and README's cost section is its output.
 */
public final class CostModel {
    /** Lambda's SQS event source mapping long-polls with five pollers, each a 20 s ReceiveMessage, around the clock. */
    static final double SQS_IDLE_POLLS_PER_MONTH = 5 * 3 * 60 * 730.0;
    /** One S3 server access log record, kept 365 days in the access-log bucket. */
    static final double ACCESS_LOG_RECORD_BYTES = 400;
    static final double ACCESS_LOG_MONTHS = 12;
    /** Bytes of a device's line in devices.json metadata and of its inventory item. */
    static final double METADATA_BYTES_PER_DEVICE = 400;
    static final double INVENTORY_ITEM_BYTES = 1024;
    static final double GB = 1024.0 * 1024 * 1024;
    static final double DAYS_PER_MONTH = 365 / 12.0;

    private CostModel() {
    }

    /** One line of the bill: what, how many (and where that number comes from), at which unit price. */
    public record Item(String service, String what, double quantity, String unit, double unitPrice, String basis) {
        public double dollars() {
            return quantity * unitPrice;
        }
    }

    /** The bill plus the figures behind it. */
    public record Bill(Assumptions assumptions, List<Item> items, double invocationSeconds, double invocationsPerRun,
                       double projectedJobSeconds) {
        public double total() {
            return items.stream().mapToDouble(Item::dollars).sum();
        }

        public double total(String service) {
            return items.stream().filter(i -> i.service().equals(service)).mapToDouble(Item::dollars).sum();
        }
    }

    public static Bill estimate(Assumptions a) {
        var items = new ArrayList<Item>();
        double fetches = a.fetchesPerMonth();
        double changed = fetches * a.changedFraction();
        double unchanged = fetches - changed;
        double invocationsPerRun = a.devices() == 0 ? 0 : Math.ceil((double) a.devices() / a.batch());
        double invocations = a.runsPerMonth() * invocationsPerRun;
        double perInvocation = invocationsPerRun == 0 ? 0 : a.devices() / invocationsPerRun;
        double rounds = Math.ceil(perInvocation / a.parallelPerInvocation());
        double vcpu = a.memoryMb() / UnitPrices.LAMBDA_MB_PER_VCPU;
        double networkBound = rounds * a.secondsPerDevice() + a.invocationOverheadSeconds();
        double cpuBound = perInvocation * a.cpuMsPerDevice() / 1000 / vcpu;
        double seconds = invocationsPerRun == 0 ? 0 : Math.max(networkBound, cpuBound);
        double gb = a.memoryMb() / 1024.0;
        double orchestratorSeconds = a.orchestratorSecondsPerRun() + a.devices() * a.orchestratorMsPerDevice() / 1000;
        double waves = Math.ceil(invocationsPerRun / a.workerConcurrency());
        double jobSeconds = orchestratorSeconds + waves * seconds;

        items.add(new Item("Lambda", "worker compute", invocations * seconds * gb, "GB-s", UnitPrices.LAMBDA_GB_SECOND,
                String.format(Locale.ROOT, "%s invocations (%s fetches / batch %d) x %.2f s x %.3f GB; %.2f s = max(%s x %.1f s slowest"
                                + " device + %.2f s overhead, %.0f devices x %.0f ms CPU / %.2f vCPU)",
                        n(invocations), n(fetches), a.batch(), seconds, gb, seconds, n(rounds), a.secondsPerDevice(),
                        a.invocationOverheadSeconds(), perInvocation, a.cpuMsPerDevice(), vcpu)));
        items.add(new Item("Lambda", "orchestrator compute", a.runsPerMonth() * orchestratorSeconds * DeployedDefaults.MEMORY_MB / 1024.0,
                "GB-s", UnitPrices.LAMBDA_GB_SECOND, String.format(Locale.ROOT, "%s runs x %.1f s (%.1f s + %d devices x %.1f ms) x %.3f GB",
                        n(a.runsPerMonth()), orchestratorSeconds, a.orchestratorSecondsPerRun(), a.devices(), a.orchestratorMsPerDevice(),
                        DeployedDefaults.MEMORY_MB / 1024.0)));
        items.add(new Item("Lambda", "requests", invocations + a.runsPerMonth(), "requests", UnitPrices.LAMBDA_REQUEST,
                n(invocations) + " worker + " + n(a.runsPerMonth()) + " orchestrator invocations"));

        double sends = a.runsPerMonth() * Math.ceil(a.devices() / 10.0);
        double receiveDelete = invocations * Math.ceil(perInvocation / 10.0) * 2;
        items.add(new Item("SQS", "requests", sends + receiveDelete + SQS_IDLE_POLLS_PER_MONTH, "requests", UnitPrices.SQS_REQUEST,
                String.format(Locale.ROOT, "%s SendMessageBatch (10 a call) + %s ReceiveMessage and DeleteMessageBatch (10 a call)"
                        + " + %s idle long polls (5 pollers x 3 a minute)", n(sends), n(receiveDelete), n(SQS_IDLE_POLLS_PER_MONTH))));

        double puts = changed * a.s3PutsChanged() + a.runsPerMonth() * a.s3PutsPerRun();
        double gets = unchanged * a.s3RequestsUnchanged() + changed * a.s3GetsChanged() + a.runsPerMonth() * a.s3GetsPerRun();
        items.add(new Item("S3", "PUT and LIST requests", puts, "requests", UnitPrices.S3_PUT_LIST,
                String.format(Locale.ROOT, "%s changed configs x %.1f + %s runs x %.1f (tables, metadata)",
                        n(changed), a.s3PutsChanged(), n(a.runsPerMonth()), a.s3PutsPerRun())));
        items.add(new Item("S3", "GET and HEAD requests", gets, "requests", UnitPrices.S3_GET_HEAD,
                String.format(Locale.ROOT, "%s unchanged fetches x %.3f (the daily latest/ check) + %s changed x %.1f (previous copy for the diff) + %s runs x %.1f"
                        + " (table exports)", n(unchanged), a.s3RequestsUnchanged(), n(changed), a.s3GetsChanged(), n(a.runsPerMonth()),
                        a.s3GetsPerRun())));
        double copies = 1 + a.versionsKept() + a.retentionVersions();
        double storedGb = a.devices() * (a.configKb() * 1024 * copies + METADATA_BYTES_PER_DEVICE * (1 + a.versionsKept())) / GB;
        items.add(new Item("S3", "storage", storedGb, "GB-month", UnitPrices.S3_GB_MONTH,
                String.format(Locale.ROOT, "%d devices x (%.0f KB x %.0f copies (latest, %d versions, %d archive) + metadata)",
                        a.devices(), a.configKb(), copies, a.versionsKept(), a.retentionVersions())));
        double accessLogGb = (puts + gets) * ACCESS_LOG_RECORD_BYTES * ACCESS_LOG_MONTHS / GB;
        items.add(new Item("S3", "server access logs storage", accessLogGb, "GB-month", UnitPrices.S3_GB_MONTH,
                String.format(Locale.ROOT, "%s requests x %.0f B a log record x %.0f months kept", n(puts + gets),
                        ACCESS_LOG_RECORD_BYTES, ACCESS_LOG_MONTHS)));

        items.add(new Item("DynamoDB", "write request units", fetches * a.writeUnitsPerDevice(), "WRU", UnitPrices.DYNAMODB_WRU,
                String.format(Locale.ROOT, "%s fetches x %.2f WRU (measured: inventory state, job result, job counter)",
                        n(fetches), a.writeUnitsPerDevice())));
        items.add(new Item("DynamoDB", "read request units", fetches * a.readUnitsPerDevice(), "RRU", UnitPrices.DYNAMODB_RRU,
                String.format(Locale.ROOT, "%s fetches x %.2f RRU (measured: batch reads, inventory scans)", n(fetches), a.readUnitsPerDevice())));
        double resultsKept = a.devices() * a.runsPerMonth() / DAYS_PER_MONTH * a.jobTtlDays();
        double tableGb = (resultsKept * a.resultBytesPerDevice() + a.devices() * INVENTORY_ITEM_BYTES) / GB;
        items.add(new Item("DynamoDB", "storage", tableGb, "GB-month", UnitPrices.DYNAMODB_GB_MONTH,
                String.format(Locale.ROOT, "%s device results (%d days TTL) x %.0f B + %d inventory items x 1 KB",
                        n(resultsKept), a.jobTtlDays(), a.resultBytesPerDevice(), a.devices())));
        items.add(new Item("DynamoDB", "point-in-time recovery", tableGb, "GB-month", UnitPrices.DYNAMODB_PITR_GB_MONTH,
                "the same table size, continuous backups on"));

        double logGb = (fetches * a.logBytesPerDevice() + invocations * a.logBytesPerInvocation()) / GB;
        items.add(new Item("CloudWatch", "log ingestion", logGb, "GB", UnitPrices.LOGS_INGEST_GB,
                String.format(Locale.ROOT, "%s fetches x %.0f B + %s invocations x %.0f B", n(fetches), a.logBytesPerDevice(),
                        n(invocations), a.logBytesPerInvocation())));
        items.add(new Item("CloudWatch", "log storage", logGb * a.logRetentionDays() / DAYS_PER_MONTH, "GB-month",
                UnitPrices.LOGS_STORED_GB_MONTH, String.format(Locale.ROOT, "a month's logs x %d days retention", a.logRetentionDays())));
        items.add(new Item("CloudWatch", "alarms", a.alarms(), "alarms", UnitPrices.ALARM_MONTH, a.alarms() + " standard alarms of the stack"));

        double traces = Math.min(invocations, a.runsPerMonth() * jobSeconds + a.tracedFraction() * invocations) + a.runsPerMonth();
        items.add(new Item("X-Ray", "traces", traces, "traces", UnitPrices.XRAY_TRACE,
                String.format(Locale.ROOT, "default sampling: 1 a second (%.0f s a job) + %.0f %% of %s worker invocations, + 1 a run",
                        jobSeconds, a.tracedFraction() * 100, n(invocations))));
        items.add(new Item("EventBridge", "custom events", a.runsPerMonth() + changed, "events", UnitPrices.EVENTBRIDGE_EVENT,
                n(a.runsPerMonth()) + " job events + " + n(changed) + " config-changed events; the schedule rule is free"));

        double containers = Math.min(a.workerConcurrency(), invocationsPerRun);
        double readsPerContainer = Math.max(1, Math.ceil(jobSeconds / 60 / a.credentialsCacheMinutes()));
        double secretCalls = a.runsPerMonth() * containers * a.secrets() * readsPerContainer;
        items.add(new Item("Secrets Manager", "secrets", a.secrets(), "secrets", UnitPrices.SECRET_MONTH,
                a.secrets() + " credential secrets"));
        items.add(new Item("Secrets Manager", "GetSecretValue", secretCalls, "calls", UnitPrices.SECRETS_API_CALL,
                String.format(Locale.ROOT, "%s runs x %.0f warm containers x %d secrets x %.0f (cached %d min a container)",
                        n(a.runsPerMonth()), containers, a.secrets(), readsPerContainer, a.credentialsCacheMinutes())));
        if (a.kms()) {
            items.add(new Item("KMS", "customer managed key", 1, "keys", UnitPrices.KMS_KEY_MONTH, "bucket and tables key"));
            double kmsCalls = a.runsPerMonth() * (containers + 1) * 6;
            items.add(new Item("KMS", "requests", kmsCalls, "requests", UnitPrices.KMS_REQUEST,
                    "modelled: each container and the orchestrator fetch data keys for the bucket (S3 Bucket Key) and 5 tables once a run"));
        }
        return new Bill(a, List.copyOf(items), seconds, invocationsPerRun, jobSeconds);
    }

    /** The bill as a text table: item, quantity, unit price, dollars, and the basis of each quantity. */
    public static String render(Bill bill) {
        var a = bill.assumptions();
        var out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "cfgvault monthly cost, us-east-1 list prices, no free tier: %s devices, %s runs a month,"
                        + " %.1f changes a device a month (%.1f %% of fetches), %.1f s slowest SSH a device, worker %d MB, batch %d%n",
                n(a.devices()), n(a.runsPerMonth()), a.changesPerMonth(), a.changedFraction() * 100, a.secondsPerDevice(),
                a.memoryMb(), a.batch()));
        out.append(String.format(Locale.ROOT, "%-16s %-30s %16s %-9s %14s %10s  %s%n", "service", "item", "quantity", "unit",
                "unit price $", "$/month", "where the quantity comes from"));
        for (Item i : bill.items()) {
            out.append(String.format(Locale.ROOT, "%-16s %-30s %16s %-9s %14s %10.2f  %s%n", i.service(), i.what(), q(i.quantity()),
                    i.unit(), price(i.unitPrice()), i.dollars(), i.basis()));
        }
        out.append(String.format(Locale.ROOT, "%-16s %-30s %16s %-9s %14s %10.2f%n", "total", "", "", "", "", bill.total()));
        out.append(String.format(Locale.ROOT, "worker invocation %.2f s; %s invocations a run; projected job wall time %.0f s"
                        + " (%d concurrent invocations)%n", bill.invocationSeconds(), n(bill.invocationsPerRun()),
                bill.projectedJobSeconds(), a.workerConcurrency()));
        return out.toString();
    }

    static String n(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String q(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.3f", v);
    }

    private static String price(double p) {
        return p >= 0.01 ? String.format(Locale.ROOT, "%.4f", p) : String.format(Locale.ROOT, "%.3g", p);
    }
}
