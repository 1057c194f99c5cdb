package io.cfgvault.handlers.api;

import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.handlers.api.Router.Call;
import io.cfgvault.metadata.MetadataWriter;
import io.cfgvault.store.S3Layout;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The deployment's CMDB metadata: read the last export, or export now. */
final class MetadataRoutes {
    private final MetadataWriter metadata;
    private final Supplier<S3Layout> layout;

    MetadataRoutes(MetadataWriter metadata, Supplier<S3Layout> layout) {
        this.metadata = metadata;
        this.layout = layout;
    }

    void register(Router router) {
        router.add("GET", "/metadata", Set.of(), Body.NONE, this::read)
                .add("POST", "/metadata", Set.of(), Body.NONE, this::write);
    }

    private ApiResponse read(Call call) {
        S3Layout l = layout.get();
        return metadata.readDeployment(l).map(m -> ApiResponse.json(200, m))
                .orElseThrow(() -> ApiException.notFound("no_metadata", "no metadata has been written for deployment '"
                        + l.partition().deployment() + "' yet; POST /metadata writes it now"));
    }

    private ApiResponse write(Call call) {
        Json.object(call.request(), Set.of());
        S3Layout l = layout.get();
        Map<String, Object> deployment = metadata.write(l, Optional.empty());
        return ApiResponse.json(200, deployment).audited(l.deploymentMetadata(), Map.of());
    }
}
