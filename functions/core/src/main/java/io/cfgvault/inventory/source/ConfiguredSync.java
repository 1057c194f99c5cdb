package io.cfgvault.inventory.source;

import io.cfgvault.audit.AuditLog;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.settings.Configuration;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A NetBox/Nautobot sync of the configured instance ({@code inventory.netbox.url} / {@code inventory.nautobot.url}),
 * with the token from {@link SourceTokens}, as a scheduler entry runs it. Like every sync it disables what left
 * the source, keeps pinned keys and backup state, and changes nothing when the source cannot be read whole.
 */
public final class ConfiguredSync {
    private final InventoryStore inventory;
    private final Supplier<Configuration> configuration;
    private final Supplier<SourceTokens> tokens;
    private final Set<String> profiles;
    private final AuditLog audit;

    public ConfiguredSync(InventoryStore inventory, Supplier<Configuration> configuration, Supplier<SourceTokens> tokens,
                          Set<String> profiles, AuditLog audit) {
        this.inventory = inventory;
        this.configuration = configuration;
        this.tokens = tokens;
        this.profiles = Set.copyOf(profiles);
        this.audit = audit;
    }

    /**
     * Syncs and audits it as {@code actor}.
     *
     * @throws InventorySourceException when the instance is not configured or cannot be read; nothing was changed
     */
    public ChangeSet run(DcimSource.Kind kind, List<Map.Entry<String, String>> filters, String actor) {
        Configuration config = configuration.get();
        String key = kind == DcimSource.Kind.NETBOX ? Configuration.INVENTORY_NETBOX_URL : Configuration.INVENTORY_NAUTOBOT_URL;
        String url = config.get(key).orElseThrow(() -> new InventorySourceException("configuration key " + key
                + " is not set: a scheduled " + kind.label() + " sync needs the instance's base URL"));
        String credentials = config.get(Configuration.INVENTORY_CREDENTIALS, "default");
        int timeout = config.getInt(Configuration.INVENTORY_TIMEOUT, 30, 1, 300);
        PlatformMap platforms = PlatformMap.of(config, new HashSet<>(profiles));
        try (SourceApi api = new SourceApi(kind.label(), URI.create(url), tokens.get().token(kind), Duration.ofSeconds(timeout))) {
            ChangeSet changes = new InventorySync(inventory).run(new DcimSource(kind, api, filters, platforms), credentials, false);
            audit.record(actor, "inventory", "inventory", "ok", Map.of("source", changes.source(), "summary", changes.summary()));
            return changes;
        } catch (InventorySourceException e) {
            audit.record(actor, "inventory", "inventory", "failed", Map.of("source", kind.label(), "error", e.getMessage()));
            throw e;
        }
    }
}
