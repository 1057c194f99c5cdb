package io.cfgvault.tables;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An order-independent content hash of a table: the sum of the SHA-256 of every item, modulo 2^256.
 * Scan order (and parallel-scan interleaving) changes nothing, so "did the table change?" needs no sort.
 */
public final class ItemDigest {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);
    private BigInteger sum = BigInteger.ZERO;
    private long count;

    public synchronized void add(Map<String, AttributeValue> item) {
        add(item, java.util.Set.of());
    }

    /** Adds an item, ignoring the named top-level attributes. */
    public synchronized void add(Map<String, AttributeValue> item, java.util.Set<String> ignored) {
        var md = sha256();
        if (!ignored.isEmpty() && ignored.stream().anyMatch(item::containsKey)) {
            var copy = new java.util.HashMap<>(item);
            copy.keySet().removeAll(ignored);
            item = copy;
        }
        feedMap(md, item);
        sum = sum.add(new BigInteger(1, md.digest())).mod(MOD);
        count++;
    }

    public synchronized long count() {
        return count;
    }

    /** Hex digest of the item multiset, prefixed with the count so that an empty table still has a value. */
    public synchronized String hex() {
        return count + "-" + String.format("%064x", sum);
    }

    private static void feedMap(MessageDigest md, Map<String, AttributeValue> map) {
        md.update((byte) '{');
        for (var e : new TreeMap<>(map).entrySet()) {
            feed(md, e.getKey());
            feedValue(md, e.getValue());
        }
        md.update((byte) '}');
    }

    private static void feedValue(MessageDigest md, AttributeValue v) {
        feed(md, v.type().name());
        switch (v.type()) {
            case S -> feed(md, v.s());
            case N -> feed(md, canonical(v.n()));
            case B -> feed(md, AttributeYaml.base64(v.b()));
            case BOOL -> feed(md, v.bool().toString());
            case NUL -> feed(md, "null");
            case SS -> v.ss().stream().sorted().forEach(s -> feed(md, s));
            case NS -> v.ns().stream().map(ItemDigest::canonical).sorted().forEach(s -> feed(md, s));
            case BS -> v.bs().stream().map(AttributeYaml::base64).sorted().forEach(s -> feed(md, s));
            case M -> feedMap(md, v.m());
            case L -> {
                md.update((byte) '[');
                v.l().forEach(x -> feedValue(md, x));
                md.update((byte) ']');
            }
            default -> throw new IllegalArgumentException("unsupported type " + v.type());
        }
    }

    private static String canonical(String number) {
        return new BigDecimal(number).stripTrailingZeros().toString();
    }

    private static void feed(MessageDigest md, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        md.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8), (byte) bytes.length});
        md.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
