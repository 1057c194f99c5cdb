package io.cfgvault.local;

import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import io.cfgvault.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Isolated services wired like a deployment (own tables, bucket, queue, events file) plus a device farm. */
public record QueuedServices(Services services, String queueUrl, Path eventsFile, DeviceFarm farm) implements AutoCloseable {
    public static final String USER = "backup";
    public static final String PASSWORD = "test-password-123";

    /** {@code devices} healthy cisco_ios devices named {@code dev-000...} with ~{@code bytes} configs, plus the faulty ones. */
    public static QueuedServices start(String name, int devices, int bytes, Map<String, Fault> faulty, int visibilitySeconds) throws Exception {
        Services plain = SharedAws.isolated(name);
        String queue = plain.sqsClient().createQueue(b -> b.queueName(plain.settings().bucket() + "-q")
                .attributes(Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT,
                        Integer.toString(visibilitySeconds)))).queueUrl();
        Path dir = Files.createTempDirectory("cfgvault-" + name);
        Path events = dir.resolve("events.jsonl");
        Settings settings = plain.settings().withQueueUrl(queue);
        plain.close();
        var sims = new ArrayList<SimDevice>();
        for (int i = 0; i < devices; i++) {
            String n = String.format("dev-%03d", i);
            sims.add(new SimDevice(n, "cisco_ios", USER, PASSWORD, SimConfigs.generate("cisco_ios", n, bytes, i), Fault.NONE));
        }
        faulty.forEach((n, f) -> sims.add(new SimDevice(n, "cisco_ios", USER, PASSWORD,
                SimConfigs.generate("cisco_ios", n, bytes, n.hashCode()), f)));
        DeviceFarm farm = DeviceFarm.start(dir.resolve("farm"), sims);
        List<Device> inventory = sims.stream().map(s -> new Device(s.name(), farm.host(), farm.port(s.name()), "cisco_ios",
                s.name().hashCode() % 2 == 0 ? "C9300" : "C9500", "lab", "lab", true, Optional.empty(),
                Map.of("wallLimit", "20s", "idleTimeout", "5s", "connectTimeout", "5s"))).toList();
        var creds = new FileCredentials(Map.of("lab", InventoryFile.CredentialSpec.inline("lab", USER, PASSWORD)), Map.of(), dir);
        Services services = Services.builder(settings).events(new FileEventPublisher(events))
                .devices(creds, Profiles.builtin()).build();
        services.inventory().upsert(inventory);
        return new QueuedServices(services, queue, events, farm);
    }

    @Override
    public void close() {
        farm.close();
        services.close();
    }
}
