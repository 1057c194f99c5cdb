package io.cfgvault.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cfgvault} command line: demo, backup, import, serve on the embedded environment or real AWS. */
@Command(name = "cfgvault", mixinStandardHelpOptions = true, version = "cfgvault 0.1.0",
        description = "Configuration backup for DynamoDB tables and network devices, to S3.",
        subcommands = {DemoCommand.class, BackupCommand.class, ImportCommand.class, ServeCommand.class, TrustCommand.class, RestoreCommand.class, CostCommand.class})
public final class Cfgvault implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Cfgvault())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("cfgvault: " + e.getMessage()));
                    return 1;
                })
                .execute(args);
        System.exit(code);
    }
}
