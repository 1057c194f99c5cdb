package io.cfgvault.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cfgvault} command line: demo, backup, import, serve on the embedded environment or real AWS. */
@Command(name = "cfgvault", mixinStandardHelpOptions = true, version = "cfgvault 0.1.0",
        description = "Configuration backup for DynamoDB tables and network devices, to S3.",
        subcommands = {LabCommand.class, DemoCommand.class, BackupCommand.class, ImportCommand.class, InventoryCommand.class, ServeCommand.class, TrustCommand.class, RestoreCommand.class, RestoreTableCommand.class, CostCommand.class,
                CmdbCommand.class, SchedulesCommand.class, ExportCommand.class, HistoryCommand.class, DiffCommand.class})
public final class Cfgvault implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("cfgvault.command", String.join(" ", java.util.Arrays.asList(args).subList(0, Math.min(1, args.length))));
        System.exit(commandLine().execute(args));
    }

    /**
     * The command tree with the error handling {@code main} uses: one line on stderr and exit code 1, for a failure
     * and for a mistyped command line alike (which names the command's --help instead of printing the whole usage).
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Cfgvault())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("cfgvault: " + e.getMessage()));
                    return 1;
                })
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine cmd = e.getCommandLine();
                    String hint = e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                            ? "; did you mean " + String.join(" or ", u.getSuggestions()) + "?" : "";
                    cmd.getErr().println(cmd.getColorScheme().errorText("cfgvault: " + e.getMessage() + hint
                            + " (see `" + cmd.getCommandSpec().qualifiedName() + " --help`)"));
                    return 1;
                });
    }
}
