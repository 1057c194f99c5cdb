package io.cfgvault.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Registry of platform profiles: the built-ins from the classpath ({@code profiles/*.yaml}) plus user files that add
 * or override them. Immutable; {@link #withDirectory} and {@link #withYaml} return new registries.
 */
public final class Profiles {
    /** Built-in profile names, as Netmiko names device types. */
    public static final List<String> BUILTIN = List.of("cisco_ios", "cisco_nxos", "cisco_asa", "arista_eos",
            "juniper_junos", "mikrotik_routeros", "fortinet", "paloalto_panos", "huawei_vrp", "linux");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static volatile Profiles builtin;

    private final Map<String, PlatformProfile> byName;

    private Profiles(Map<String, PlatformProfile> byName) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    /** The built-in profiles, loaded once from the classpath. */
    public static Profiles builtin() {
        Profiles p = builtin;
        if (p == null) {
            synchronized (Profiles.class) {
                if (builtin == null) {
                    Map<String, PlatformProfile> map = new TreeMap<>();
                    for (String name : BUILTIN) {
                        String resource = "profiles/" + name + ".yaml";
                        try (InputStream in = Profiles.class.getClassLoader().getResourceAsStream(resource)) {
                            if (in == null) {
                                throw new IllegalStateException("Built-in profile " + resource + " is missing from the classpath");
                            }
                            PlatformProfile profile = parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                                    "classpath:" + resource);
                            map.put(profile.name(), profile);
                        } catch (IOException e) {
                            throw new UncheckedIOException("Cannot read built-in profile " + resource, e);
                        }
                    }
                    builtin = new Profiles(map);
                }
                p = builtin;
            }
        }
        return p;
    }

    /**
     * A registry where every {@code *.yaml}/{@code *.yml} file in {@code dir} adds a profile or overrides the one
     * of the same name. A missing directory is an error; a broken file fails with its path and the problem.
     */
    public Profiles withDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Profile directory " + dir + " does not exist or is not a directory");
        }
        Map<String, PlatformProfile> map = new TreeMap<>(byName);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list profile directory " + dir, e);
        }
        for (Path f : files) {
            try {
                PlatformProfile profile = parse(Files.readString(f), f.toString());
                map.put(profile.name(), profile);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read profile " + f, e);
            }
        }
        return new Profiles(map);
    }

    /** A registry with one more profile given as YAML text (e.g. from the configuration table). */
    public Profiles withYaml(String yaml, String source) {
        Map<String, PlatformProfile> map = new TreeMap<>(byName);
        PlatformProfile profile = parse(yaml, source);
        map.put(profile.name(), profile);
        return new Profiles(map);
    }

    public Optional<PlatformProfile> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** Like {@link #find} but fails with the list of known profiles. */
    public PlatformProfile require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "Unknown platform '" + name + "'; known profiles: " + String.join(", ", names())
                        + ". Add one by copying a YAML file into the profile directory."));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Parses one profile; errors name the source and the problem. */
    public static PlatformProfile parse(String yaml, String source) {
        ProfileSpec spec;
        try {
            spec = YAML.readValue(yaml, ProfileSpec.class);
        } catch (JsonProcessingException e) {
            throw PlatformProfile.invalid(source, e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (spec == null) {
            throw PlatformProfile.invalid(source, "file is empty");
        }
        return PlatformProfile.of(spec, source);
    }
}
