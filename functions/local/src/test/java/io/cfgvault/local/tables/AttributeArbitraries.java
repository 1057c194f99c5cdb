package io.cfgvault.local.tables;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** jqwik generators for DynamoDB items: every type, nested, awkward strings and 38-digit numbers. */
public final class AttributeArbitraries {
    private AttributeArbitraries() {}

    /** Strings with tabs, newlines, trailing spaces, control characters, non-ASCII and astral-plane characters. */
    public static Arbitrary<String> strings(int maxLength) {
        Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(maxLength);
        Arbitrary<String> awkward = Arbitraries.of("", " ", "\t", "line1\nline2\n", "trailing  \n", "a\r\nb", "# not a comment",
                "- not a list", "key: value", "'quoted'", "\"dq\"", "true", "null", "1e3", "0x1F", "~", "{S: x}", "%YAML",
                "emoji \uD83D\uDE00 ok", "\u00e9\u00e8\u4e2d\u6587", "\u0000\u0001\u007f", "\uFEFFbom", "  leading", "...", "---");
        return Arbitraries.oneOf(bmp, awkward, Combinators.combine(awkward, bmp).as(String::concat));
    }

    public static Arbitrary<String> numbers() {
        Arbitrary<BigInteger> unscaled = Arbitraries.bigIntegers()
                .between(new BigInteger("-99999999999999999999999999999999999999"), new BigInteger("99999999999999999999999999999999999999"));
        Arbitrary<Integer> scale = Arbitraries.integers().between(-80, 80);
        return Combinators.combine(unscaled, scale).as((u, s) -> new BigDecimal(u, s).toString());
    }

    static Arbitrary<AttributeValue> scalar() {
        return Arbitraries.oneOf(
                strings(200).map(AttributeValue::fromS),
                numbers().map(AttributeValue::fromN),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b))),
                Arbitraries.of(true, false).map(AttributeValue::fromBool),
                Arbitraries.just(AttributeValue.fromNul(true)),
                strings(30).filter(s -> !s.isEmpty()).set().ofMinSize(1).ofMaxSize(5).map(s -> AttributeValue.fromSs(List.copyOf(s))),
                numbers().map(BigDecimal::new).set().ofMinSize(1).ofMaxSize(5)
                        .filter(set -> set.stream().map(BigDecimal::stripTrailingZeros).distinct().count() == set.size())
                        .map(s -> AttributeValue.fromNs(s.stream().map(BigDecimal::toString).toList())),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16).set().ofMinSize(1).ofMaxSize(4)
                        .filter(set -> set.stream().map(java.nio.ByteBuffer::wrap).distinct().count() == set.size())
                        .map(s -> AttributeValue.fromBs(s.stream().map(SdkBytes::fromByteArray).toList())));
    }

    public static Arbitrary<AttributeValue> value(int depth) {
        if (depth <= 0) {
            return scalar();
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalar()),
                net.jqwik.api.Tuple.of(1, Arbitraries.maps(names(), Arbitraries.lazy(() -> value(depth - 1))).ofMaxSize(4).map(AttributeValue::fromM)),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4).map(AttributeValue::fromL)));
    }

    public static Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().withChars("_-.:# ").ofMinLength(1).ofMaxLength(20),
                strings(20).filter(s -> !s.isEmpty()));
    }

    /** Valid device names (the inventory's key): a letter or digit, then letters, digits, '.', '_' and '-'. */
    public static Arbitrary<String> deviceNames() {
        return Combinators.combine(Arbitraries.strings().alpha().numeric().ofLength(1),
                Arbitraries.strings().alpha().numeric().withChars("._-").ofMaxLength(40))
                .as(String::concat).filter(n -> !n.contains(".."));
    }

    /** An item with a string key attribute {@code keyName} plus up to 8 attributes nested up to 4 levels. */
    public static Arbitrary<Map<String, AttributeValue>> items(String keyName) {
        return items(keyName, strings(40).filter(s -> !s.isEmpty()));
    }

    /** The same with keys drawn from {@code keys}. */
    public static Arbitrary<Map<String, AttributeValue>> items(String keyName, Arbitrary<String> keys) {
        return Combinators.combine(keys,
                Arbitraries.maps(names().filter(n -> !n.equals(keyName)), value(4)).ofMaxSize(8))
                .as((key, attrs) -> {
                    var item = new HashMap<>(attrs);
                    item.put(keyName, AttributeValue.fromS(key));
                    return (Map<String, AttributeValue>) item;
                });
    }
}
