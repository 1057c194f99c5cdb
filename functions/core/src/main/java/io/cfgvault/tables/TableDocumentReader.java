package io.cfgvault.tables;

import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.error.YAMLException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Streams a table document (as written by {@link TableExporter}) item by item, validating every value
 * against DynamoDB's rules and the table's key, so an import can check a whole file before writing anything.
 */
public final class TableDocumentReader {

    /** Receives each valid item with the line it starts on. */
    @FunctionalInterface
    public interface ItemSink {
        void accept(Map<String, AttributeValue> item, int line);
    }

    private static final int MAX_NUMBER_DIGITS = 38;
    /** DynamoDB's limits, checked here so that an import never gets a ValidationException half-way through. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    public static final int MAX_HASH_KEY_BYTES = 2048;
    /** DynamoDB's 32 levels count the item itself, so an attribute holds at most 31 nested M/L values. */
    public static final int MAX_DEPTH = 31;
    public static final int MAX_NAME_BYTES = 65535;

    private final ParserImpl parser;
    private final String source;
    private final AppTable table;
    /** M/L nesting of the value being read; checked on the way down, so a deep document cannot exhaust the stack. */
    private int depth;
    /** DynamoDB's size of the item being read so far; checked as it grows, so a huge item is refused early. */
    private long itemBytes;
    private String itemPath;
    private Event itemStart;
    private Long declaredCount;
    private String declaredDigest;
    private int declaredLine;

    private TableDocumentReader(Reader in, String source, AppTable table) {
        var options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setAllowDuplicateKeys(false);
        this.parser = new ParserImpl(new StreamReader(in), options);
        this.source = source;
        this.table = table;
    }

    /**
     * What a document says about itself: the item count and content digest an export writes in its header (null
     * when absent, as in a hand-written document), the line they are on, and the items actually read.
     */
    public record Summary(long items, Long declaredCount, String declaredDigest, int declaredLine) {}

    /**
     * Reads a whole document, handing each item to the sink; returns the item count.
     *
     * @throws TableImportException on the first problem, naming source, line and field
     */
    public static long read(Reader in, String source, AppTable table, ItemSink sink) {
        return summary(in, source, table, sink).items();
    }

    /** Like {@link #read}, also returning the header's declared count and digest. */
    public static Summary summary(Reader in, String source, AppTable table, ItemSink sink) {
        var reader = new TableDocumentReader(in, source, table);
        try {
            long items = reader.document(sink);
            return new Summary(items, reader.declaredCount, reader.declaredDigest, reader.declaredLine);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new TableImportException(source, mark == null ? 0 : mark.getLine() + 1, "",
                    "malformed YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new TableImportException(source, 0, "", "malformed YAML: " + e.getMessage());
        }
    }

    private long document(ItemSink sink) {
        expect(Event.ID.StreamStart, "");
        if (parser.checkEvent(Event.ID.StreamEnd)) {
            throw error(parser.peekEvent(), "", "the document is empty; expected 'table', 'keySchema' and 'items'");
        }
        expect(Event.ID.DocumentStart, "");
        expect(Event.ID.MappingStart, "", "the document must be a mapping with 'table', 'keySchema' and 'items'");
        long count = 0;
        boolean sawItems = false;
        var seen = new HashSet<String>();
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            Event keyEvent = parser.peekEvent();
            String key = scalar("");
            if (!seen.add(key)) {
                throw error(keyEvent, key, "appears twice");
            }
            switch (key) {
                case "table" -> {
                    Event at = parser.peekEvent();
                    String name = scalar("table");
                    if (!name.equals(table.logicalName())) {
                        throw error(at, "table", "this is an export of table '" + name + "', not of '"
                                + table.logicalName() + "'");
                    }
                }
                case "keySchema" -> keySchema();
                case "count" -> {
                    Event at = parser.peekEvent();
                    String text = scalar("count");
                    try {
                        declaredCount = Long.parseLong(text);
                    } catch (NumberFormatException e) {
                        throw error(at, "count", "'" + abbreviate(text) + "' is not an item count");
                    }
                    declaredLine = line(at);
                }
                case "digest" -> {
                    Event at = parser.peekEvent();
                    declaredDigest = scalar("digest");
                    declaredLine = declaredLine == 0 ? line(at) : declaredLine;
                }
                case "items" -> {
                    count = items(sink);
                    sawItems = true;
                }
                default -> throw error(keyEvent, key, "unknown field; expected 'table', 'keySchema', 'count', 'digest' or 'items'");
            }
        }
        Event end = parser.getEvent();
        if (!sawItems) {
            throw error(end, "items", "missing; an empty table is written as 'items: []'");
        }
        expect(Event.ID.DocumentEnd, "");
        if (!parser.checkEvent(Event.ID.StreamEnd)) {
            throw error(parser.peekEvent(), "", "more than one YAML document; import one table per file");
        }
        return count;
    }

    private void keySchema() {
        expect(Event.ID.MappingStart, "keySchema", "expected a mapping such as {hash: " + table.hashKey() + "}");
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            Event at = parser.peekEvent();
            String k = scalar("keySchema");
            String v = scalar("keySchema." + k);
            if (!k.equals("hash")) {
                throw error(at, "keySchema." + k, "unknown key part; the " + table.logicalName()
                        + " table has only a hash key");
            }
            if (!v.equals(table.hashKey())) {
                throw error(at, "keySchema.hash", "is '" + v + "' but the " + table.logicalName()
                        + " table's key is '" + table.hashKey() + "'");
            }
        }
        parser.getEvent();
    }

    private long items(ItemSink sink) {
        expect(Event.ID.SequenceStart, "items", "expected a list of items");
        long index = 0;
        var keys = new HashSet<String>();
        while (!parser.checkEvent(Event.ID.SequenceEnd)) {
            String path = "items[" + index + "]";
            Event start = parser.peekEvent();
            itemBytes = 0;
            itemPath = path;
            itemStart = start;
            Map<String, AttributeValue> item = attributes(path, "an item is a mapping of attribute names to typed values");
            AttributeValue key = item.get(table.hashKey());
            if (key == null) {
                throw error(start, path, "has no key attribute '" + table.hashKey() + "'");
            }
            if (key.type() != AttributeValue.Type.S) {
                throw error(start, path + "." + table.hashKey(), "key must be a string {S: ...}, got " + typeName(key));
            }
            if (key.s().isEmpty()) {
                throw error(start, path + "." + table.hashKey(), "key must not be empty");
            }
            if (table == AppTable.INVENTORY) {
                var problem = io.cfgvault.store.Names.deviceNameProblem(key.s());
                if (problem.isPresent()) {
                    throw error(start, path + "." + table.hashKey(), problem.get());
                }
            }
            int keyBytes = utf8Length(key.s());
            if (keyBytes > MAX_HASH_KEY_BYTES) {
                throw error(start, path + "." + table.hashKey(), "key is " + keyBytes
                        + " bytes; DynamoDB keys are at most " + MAX_HASH_KEY_BYTES + " bytes (UTF-8)");
            }
            if (!keys.add(key.s())) {
                throw error(start, path + "." + table.hashKey(), "duplicate key '" + key.s() + "'");
            }
            sink.accept(item, start.getStartMark().getLine() + 1);
            index++;
        }
        parser.getEvent();
        return index;
    }

    private Map<String, AttributeValue> attributes(String path, String expectation) {
        expect(Event.ID.MappingStart, path, expectation);
        var map = new LinkedHashMap<String, AttributeValue>();
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            Event at = parser.peekEvent();
            String name = scalar(path);
            if (name.isEmpty()) {
                throw error(at, path, "an attribute name is empty; DynamoDB names are at least one character");
            }
            int nameBytes = utf8Length(name);
            if (nameBytes > MAX_NAME_BYTES) {
                throw error(at, path, "an attribute name is " + nameBytes + " bytes; DynamoDB allows at most "
                        + MAX_NAME_BYTES);
            }
            if (map.containsKey(name)) {
                throw error(at, path + "." + name, "attribute appears twice");
            }
            grow(at, nameBytes);
            map.put(name, value(path + "." + name));
        }
        parser.getEvent();
        return map;
    }

    private AttributeValue value(String path) {
        Event start = parser.peekEvent();
        expect(Event.ID.MappingStart, path, "expected a typed value such as {S: text} or {N: '42'}");
        if (parser.checkEvent(Event.ID.MappingEnd)) {
            throw error(start, path, "empty typed value; expected one of S, N, B, BOOL, NULL, SS, NS, BS, M, L");
        }
        Event typeEvent = parser.peekEvent();
        String type = scalar(path);
        AttributeValue v = switch (type) {
            case "S" -> AttributeValue.fromS(string(path + ".S"));
            case "N" -> AttributeValue.fromN(number(path + ".N"));
            case "B" -> AttributeValue.fromB(binary(path + ".B"));
            case "BOOL" -> {
                grow(typeEvent, 1);
                yield AttributeValue.fromBool(bool(path + ".BOOL"));
            }
            case "NULL" -> {
                Event at = parser.peekEvent();
                if (!scalar(path + ".NULL").equals("true")) {
                    throw error(at, path + ".NULL", "must be true");
                }
                grow(at, 1);
                yield AttributeValue.fromNul(true);
            }
            case "SS" -> AttributeValue.fromSs(set(path + ".SS", () -> string(path + ".SS")));
            case "NS" -> AttributeValue.fromNs(set(path + ".NS", () -> number(path + ".NS")));
            case "BS" -> AttributeValue.fromBs(set(path + ".BS", () -> binary(path + ".BS")));
            case "M" -> {
                descend(typeEvent, path);
                var m = attributes(path + ".M", "expected a mapping of names to typed values");
                grow(typeEvent, 3 + m.size());
                depth--;
                yield AttributeValue.fromM(m);
            }
            case "L" -> {
                descend(typeEvent, path);
                expect(Event.ID.SequenceStart, path + ".L", "expected a list of typed values");
                var list = new ArrayList<AttributeValue>();
                int i = 0;
                while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                    list.add(value(path + ".L[" + i++ + "]"));
                }
                parser.getEvent();
                grow(typeEvent, 3 + list.size());
                depth--;
                yield AttributeValue.fromL(list);
            }
            default -> throw error(typeEvent, path, "unknown type '" + type
                    + "'; expected one of S, N, B, BOOL, NULL, SS, NS, BS, M, L");
        };
        if (!parser.checkEvent(Event.ID.MappingEnd)) {
            throw error(parser.peekEvent(), path, "a typed value has exactly one type key");
        }
        parser.getEvent();
        return v;
    }

    private <T> List<T> set(String path, java.util.function.Supplier<T> element) {
        Event start = parser.peekEvent();
        expect(Event.ID.SequenceStart, path, "expected a list");
        var values = new ArrayList<T>();
        var unique = new HashSet<Object>();
        while (!parser.checkEvent(Event.ID.SequenceEnd)) {
            Event at = parser.peekEvent();
            T v = element.get();
            Object identity = v instanceof String s && path.endsWith(".NS") ? new BigDecimal(s).stripTrailingZeros()
                    : v instanceof SdkBytes b ? java.nio.ByteBuffer.wrap(b.asByteArray()) : v;
            if (!unique.add(identity)) {
                throw error(at, path, "duplicate set member; DynamoDB sets hold each value once");
            }
            values.add(v);
        }
        parser.getEvent();
        if (values.isEmpty()) {
            throw error(start, path, "empty set; DynamoDB does not store empty sets (use L or omit the attribute)");
        }
        return values;
    }

    private String number(String path) {
        Event at = parser.peekEvent();
        String text = scalar(path);
        BigDecimal n;
        try {
            n = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw error(at, path, "'" + text + "' is not a number");
        }
        if (n.signum() != 0) {
            BigDecimal stripped = n.stripTrailingZeros();
            if (stripped.precision() > MAX_NUMBER_DIGITS) {
                throw error(at, path, "'" + text + "' has more than 38 significant digits");
            }
            int exponent = stripped.precision() - stripped.scale() - 1;
            if (exponent > 125 || exponent < -130) {
                throw error(at, path, "'" + text + "' is outside DynamoDB's range 1E-130 .. 9.9E125");
            }
            grow(at, (stripped.precision() + 1) / 2 + 1);
        } else {
            grow(at, 1);
        }
        return text.trim();
    }

    private SdkBytes binary(String path) {
        Event at = parser.peekEvent();
        String text = scalar(path);
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw error(at, path, "not valid base64");
        }
        grow(at, bytes.length);
        return SdkBytes.fromByteArray(bytes);
    }

    private boolean bool(String path) {
        Event at = parser.peekEvent();
        String text = scalar(path);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(at, path, "'" + text + "' is not true or false");
        };
    }

    /** A string value, counted towards the item's size. */
    private String string(String path) {
        Event at = parser.peekEvent();
        String text = scalar(path);
        grow(at, utf8Length(text));
        return text;
    }

    private void descend(Event at, String path) {
        if (++depth > MAX_DEPTH) {
            throw error(at, path, "nested more than " + MAX_DEPTH + " M/L levels deep; DynamoDB allows 32 levels"
                    + " counting the item itself");
        }
    }

    private void grow(Event at, long bytes) {
        itemBytes += bytes;
        if (itemBytes > MAX_ITEM_BYTES) {
            throw error(itemStart == null ? at : itemStart, itemPath, "the item is larger than DynamoDB's limit of "
                    + MAX_ITEM_BYTES + " bytes (400 KB), counted up to line "
                    + (at.getStartMark() == null ? 0 : at.getStartMark().getLine() + 1));
        }
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private String scalar(String path) {
        Event e = parser.getEvent();
        if (e instanceof ScalarEvent s) {
            return s.getValue();
        }
        if (e.is(Event.ID.Alias)) {
            throw error(e, path, "YAML aliases are not supported in table documents");
        }
        throw error(e, path, "expected a plain value, found " + describe(e));
    }

    private void expect(Event.ID id, String path) {
        expect(id, path, "unexpected " + id);
    }

    private void expect(Event.ID id, String path, String problem) {
        Event e = parser.getEvent();
        if (!e.is(id)) {
            throw error(e, path, problem + ", found " + describe(e));
        }
    }

    private static String describe(Event e) {
        return switch (e.getEventId()) {
            case Scalar -> "'" + abbreviate(((ScalarEvent) e).getValue()) + "'";
            case MappingStart -> "a mapping";
            case SequenceStart -> "a list";
            case Alias -> "an alias";
            default -> "the end of a block";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String typeName(AttributeValue v) {
        return v.type() == AttributeValue.Type.NUL ? "NULL" : v.type().name();
    }

    private static int line(Event at) {
        return at.getStartMark() == null ? 0 : at.getStartMark().getLine() + 1;
    }

    private TableImportException error(Event at, String field, String problem) {
        int line = line(at);
        return new TableImportException(source, line, field, problem);
    }
}
