package io.cfgvault.handlers.api;

/**
 * Who may call a route: anyone, any signed-in caller, viewers (read), or operators (change things). The rule for
 * a route without an explicit declaration is {@link #of(String)}: reads are {@link #READ}, everything else
 * {@link #OPERATE}.
 */
public enum Access {
    /** No sign-in needed: documents that hold no data ({@code /openapi.json}). */
    PUBLIC,
    /** Any signed-in caller, even one in no group ({@code /me}, so the console can say what is missing). */
    SIGNED_IN,
    /** Viewers and operators: reads. */
    READ,
    /** Operators only: starting jobs, restores, imports, exports, table and schedule writes. */
    OPERATE;

    /** The default for a method: GET and HEAD read, any other method changes something. */
    public static Access of(String method) {
        return method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD") ? READ : OPERATE;
    }
}
