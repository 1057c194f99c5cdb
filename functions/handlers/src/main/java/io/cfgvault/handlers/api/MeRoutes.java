package io.cfgvault.handlers.api;

import java.util.LinkedHashMap;
import java.util.Set;

/**
 * {@code GET /me}: who the API takes the caller to be and whether they may change things, so the console can
 * show the user and hide what they may not do (the API refuses it anyway).
 */
public final class MeRoutes {

    public void register(Router router) {
        router.add("GET", "/me", Set.of(), Router.Body.NONE, Access.SIGNED_IN, call -> {
            Caller caller = call.request().caller();
            var body = new LinkedHashMap<String, Object>();
            body.put("user", caller.name());
            body.put("groups", caller.groups());
            body.put("operator", caller.operator());
            body.put("viewer", caller.viewer());
            body.put("signIn", caller.via().name().toLowerCase(java.util.Locale.ROOT));
            return ApiResponse.json(200, body);
        });
    }
}
