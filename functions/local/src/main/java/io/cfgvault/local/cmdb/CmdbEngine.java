package io.cfgvault.local.cmdb;

/** Runs SQL over the metadata datasets: locally (DuckDB over the embedded bucket) or in Athena. */
public interface CmdbEngine extends AutoCloseable {
    /** Runs one query; a bad query throws {@link CmdbException} with the engine's message and position. */
    QueryResult query(String sql);

    @Override
    void close();
}
