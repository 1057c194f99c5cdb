package io.cfgvault.metadata;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CMDB datasets as declared in {@code cmdb/datasets.json}: the single definition of every dataset's
 * fields and Hive types, shared by the writer, the Glue tables in infra, {@code cfgvault cmdb} and the tests.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Datasets(List<String> partitionKeys, String dayKey, List<Dataset> datasets) {
    public static final String RESOURCE = "/cmdb/datasets.json";
    private static final Datasets DEFINED = load();

    /** One field: its JSON name (the table column is the lower-cased name), Hive type and meaning. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Field(String name, String type, String doc) {
        public String column() {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    /** One dataset: {@code metadata/<name>/accountid=/region=/deployment=/[day=/]<file>}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Dataset(String name, String file, boolean dayPartition, String description, List<Field> fields) {
        public String prefix() {
            return "metadata/" + name + "/";
        }

        /** A record of this dataset in field order, refusing names the schema does not declare. */
        public Row row() {
            return new Row(this);
        }
    }

    /** A record being filled in; unset fields are written as null so every line has every column. */
    public static final class Row {
        private final Dataset dataset;
        private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

        private Row(Dataset dataset) {
            this.dataset = dataset;
            dataset.fields().forEach(f -> values.put(f.name(), null));
        }

        public Row put(String field, Object value) {
            if (!values.containsKey(field)) {
                throw new IllegalArgumentException("dataset " + dataset.name() + " has no field '" + field
                        + "'; declare it in " + RESOURCE + " first");
            }
            values.put(field, value);
            return this;
        }

        public Map<String, Object> values() {
            return values;
        }
    }

    public static Datasets defined() {
        return DEFINED;
    }

    public static Dataset get(String name) {
        return DEFINED.datasets().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dataset '" + name + "' in " + RESOURCE));
    }

    /** Partition columns of a dataset, in key-path order. */
    public List<String> partitionColumns(Dataset d) {
        var keys = new ArrayList<>(partitionKeys);
        if (d.dayPartition()) {
            keys.add(dayKey);
        }
        return keys;
    }

    private static Datasets load() {
        try (InputStream in = Datasets.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return new ObjectMapper().readValue(in, Datasets.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
