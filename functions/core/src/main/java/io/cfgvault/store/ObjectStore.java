package io.cfgvault.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The object store the backups live in: S3 in AWS, S3Proxy locally. */
public interface ObjectStore {

    /** An object's size and user metadata (lower-case keys without the {@code x-amz-meta-} prefix). */
    record ObjectInfo(String key, long size, Map<String, String> metadata) {}

    void put(String key, Path file, String contentType, Map<String, String> metadata);

    void put(String key, byte[] content, String contentType, Map<String, String> metadata);

    Optional<ObjectInfo> head(String key);

    /** Opens an object for reading; empty when it does not exist. */
    Optional<InputStream> open(String key);

    /** Keys under a prefix in lexicographic order. */
    List<String> list(String prefix);

    void delete(List<String> keys);

    /** Where this store lives, for error messages. */
    String describe();
}
