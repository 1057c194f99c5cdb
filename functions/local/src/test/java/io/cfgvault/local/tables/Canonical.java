package io.cfgvault.local.tables;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items in a form where equal DynamoDB content compares equal (sets are unordered in DynamoDB). */
final class Canonical {
    private Canonical() {}

    static Object item(Map<String, AttributeValue> item) {
        var out = new TreeMap<String, Object>();
        item.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    static List<Object> items(List<Map<String, AttributeValue>> items) {
        var list = new ArrayList<>(items.stream().map(Canonical::item).toList());
        list.sort((a, b) -> a.toString().compareTo(b.toString()));
        return list;
    }

    static Object value(AttributeValue v) {
        return switch (v.type()) {
            case S -> "S:" + v.s();
            case N -> "N:" + v.n();
            case B -> "B:" + Base64.getEncoder().encodeToString(v.b().asByteArray());
            case BOOL -> "BOOL:" + v.bool();
            case NUL -> "NULL";
            case SS -> "SS:" + v.ss().stream().sorted().toList();
            case NS -> "NS:" + v.ns().stream().sorted().toList();
            case BS -> "BS:" + v.bs().stream().map(b -> Base64.getEncoder().encodeToString(b.asByteArray())).sorted().toList();
            case M -> item(v.m());
            case L -> v.l().stream().map(Canonical::value).toList();
            default -> throw new IllegalArgumentException(v.type().toString());
        };
    }
}
