package io.cfgvault.tables;

import io.cfgvault.yaml.YamlEvents;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes DynamoDB attribute values in the typed notation of the DynamoDB API ({@code {S: x}}, {@code {N: '1'}},
 * {@code {M: ...}}), so that every type round-trips exactly and numbers never pass through a double.
 * Scalars and sets are written in flow style on one line; maps and lists as indented blocks.
 */
public final class AttributeYaml {
    private AttributeYaml() {}

    /** Writes one item: the key attribute first, the rest sorted by name so that exports diff cleanly. */
    public static void writeItem(YamlEvents out, Map<String, AttributeValue> item, String hashKey) {
        out.startMap(false);
        AttributeValue key = item.get(hashKey);
        if (key != null) {
            out.string(hashKey);
            writeValue(out, key);
        }
        for (var e : new TreeMap<>(item).entrySet()) {
            if (!e.getKey().equals(hashKey)) {
                out.string(e.getKey());
                writeValue(out, e.getValue());
            }
        }
        out.endMap();
    }

    public static void writeValue(YamlEvents out, AttributeValue v) {
        switch (v.type()) {
            case S -> flow(out, "S").string(v.s()).endMap();
            case N -> flow(out, "N").string(v.n()).endMap();
            case B -> flow(out, "B").string(base64(v.b())).endMap();
            case BOOL -> flow(out, "BOOL").raw(v.bool().toString()).endMap();
            case NUL -> flow(out, "NULL").raw("true").endMap();
            case SS -> set(out, "SS", v.ss());
            case NS -> set(out, "NS", v.ns());
            case BS -> set(out, "BS", v.bs().stream().map(AttributeYaml::base64).toList());
            case M -> {
                out.startMap(false).string("M").startMap(false);
                for (var e : new TreeMap<>(v.m()).entrySet()) {
                    out.string(e.getKey());
                    writeValue(out, e.getValue());
                }
                out.endMap().endMap();
            }
            case L -> {
                out.startMap(false).string("L").startList(false);
                for (AttributeValue element : v.l()) {
                    writeValue(out, element);
                }
                out.endList().endMap();
            }
            default -> throw new IllegalArgumentException("unsupported DynamoDB attribute type " + v.type());
        }
    }

    private static YamlEvents flow(YamlEvents out, String type) {
        return out.startMap(true).string(type);
    }

    /** Sets are written sorted: DynamoDB does not keep set order, and a stable file diffs cleanly. */
    private static void set(YamlEvents out, String type, List<String> values) {
        var sorted = new ArrayList<>(values);
        if (type.equals("NS")) {
            sorted.sort((a, b) -> new BigDecimal(a).compareTo(new BigDecimal(b)));
        } else {
            sorted.sort(null);
        }
        out.startMap(true).string(type).startList(true);
        sorted.forEach(out::string);
        out.endList().endMap();
    }

    static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }
}
