package io.cfgvault.handlers.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One page of a long list: at most {@code limit} items and at most {@link #BYTE_BUDGET} bytes of them, with
 * the cursor of the next page, so that a list never fails for being large. Clients pass {@code next} back as
 * {@code cursor}.
 */
final class Page {
    /** Well under the API's response limit, leaving room for the fields around the list. */
    static final int BYTE_BUDGET = 4 * 1024 * 1024;

    private final List<Object> items;
    private final Optional<String> next;

    private Page(List<Object> items, Optional<String> next) {
        this.items = items;
        this.next = next;
    }

    /** The {@code cursor} query parameter: where the page starts (0 when absent). */
    static int cursor(ApiRequest request) {
        Optional<String> raw = request.query("cursor");
        if (raw.isEmpty()) {
            return 0;
        }
        try {
            int v = Integer.parseInt(raw.get());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_parameter", "cursor '" + raw.get()
                    + "' is not a cursor; pass the 'next' value of the previous page unchanged");
        }
    }

    /** The page of {@code all} (in the order to return) starting at {@code offset}. */
    static Page of(List<?> all, int offset, int limit) {
        var items = new ArrayList<Object>();
        long bytes = 0;
        int i = offset;
        for (; i < all.size() && items.size() < limit; i++) {
            long size = Json.write(all.get(i)).length + 1L;
            if (!items.isEmpty() && bytes + size > BYTE_BUDGET) {
                break;
            }
            items.add(all.get(i));
            bytes += size;
        }
        return new Page(items, i < all.size() ? Optional.of(Integer.toString(i)) : Optional.empty());
    }

    /** Puts the items under {@code field} and, when there is more, {@code next}. */
    void into(Map<String, Object> body, String field) {
        body.put(field, items);
        next.ifPresent(n -> body.put("next", n));
    }

    int size() {
        return items.size();
    }
}
