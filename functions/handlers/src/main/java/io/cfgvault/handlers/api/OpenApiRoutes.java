package io.cfgvault.handlers.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /openapi.json}: the OpenAPI 3 description of this API, a resource file kept in step with the routes,
 * parameters and error codes by a test. Public: it describes the API and holds no data.
 */
public final class OpenApiRoutes {
    /** Where the document lives on the classpath. */
    public static final String RESOURCE = "/openapi.json";

    private final byte[] document;

    public OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the handlers jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void register(Router router) {
        router.add("GET", "/openapi.json", Set.of(), Router.Body.NONE, Access.PUBLIC,
                call -> new ApiResponse(200, ApiResponse.JSON, document, Map.of(), null));
    }
}
