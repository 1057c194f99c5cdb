package io.cfgvault.local.cmdb;

import java.util.List;

/**
 * Rows of a CMDB query, engine-neutral: values are String, Long, Double, BigDecimal, BigInteger, Boolean, Map,
 * List or null, so that local and Athena results print the same way.
 */
public record QueryResult(List<String> columns, List<List<Object>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
