package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.sharing.ConfigExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes a zip of selected devices' configs with a manifest, to hand to a colleague or a vendor. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write one zip of the selected devices' configs (one file per device) with a manifest of versions and sha256.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Option(names = "--device", description = "A device to export (repeatable). Default: every enabled device.")
    List<String> devices = List.of();
    @Option(names = "--model", description = "Only devices of this model.")
    String model;
    @Option(names = "--group", description = "Only devices of this group.")
    String group;
    @Option(names = "--as-of", description = "Export the newest version at or before this time (ISO-8601, e.g. 2026-11-20T00:00:00Z) instead of latest.")
    Instant asOf;
    @Option(names = "--out", required = true, description = "The zip file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (Target.Session session = target.open()) {
            Services services = session.services();
            var export = new ConfigExport(services.store(), services.inventory());
            var selection = new ConfigExport.Selection(devices, Optional.ofNullable(model), Optional.ofNullable(group), Optional.ofNullable(asOf));
            var chosen = export.select(selection);
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // Written beside the target and moved into place, so a failed export never leaves half a zip under --out.
            ConfigExport.Written written;
            try (ProgressBar bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName("devices")
                    .setInitialMax(chosen.size()).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
                written = export.writeTemp(parent, services.layout(), selection, chosen, Instant.now(),
                        (done, total) -> { if (bar != null) bar.stepTo(done); });
            }
            Files.move(written.file(), out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ConfigExport.Result result = written.result();
            services.auditLog().record("local:" + System.getProperty("user.name"), "export", "export/" + out.getFileName(), "ok",
                    Map.of("devices", Integer.toString(result.devices()), "missing", Integer.toString(result.missing().size())));
            System.out.printf("%s: %d devices, %d bytes of config%s%n", out, result.devices(), result.bytes(),
                    result.missing().isEmpty() ? "" : "; no copy to export for " + String.join(", ", result.missing()));
            return result.missing().isEmpty() ? 0 : 2;
        }
    }
}
