package io.cfgvault.handlers.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who is calling and what they may do; the one place where the API decides roles. A console user signed in
 * through the Cognito user pool is a viewer or operator by group membership ({@value #VIEWERS},
 * {@value #OPERATORS}); IAM (SigV4) callers and the local {@code serve} user are operators, as the CLI always
 * was; a request with no identity may only read public documents. {@link #name()} is what the audit log records.
 */
public record Caller(String name, List<String> groups, Via via) {
    public static final String VIEWERS = "viewers";
    public static final String OPERATORS = "operators";

    /** How the caller was identified. */
    public enum Via {
        /** A Cognito user pool token checked by API Gateway's authorizer. */
        COGNITO,
        /** A SigV4-signed request from an IAM principal. */
        IAM,
        /** The OS user of {@code cfgvault serve}, or an in-process caller. */
        LOCAL,
        /** No identity at all. */
        NONE
    }

    public Caller {
        name = name == null || name.isBlank() ? "anonymous" : name;
        groups = groups == null ? List.of() : List.copyOf(groups);
        via = via == null ? Via.NONE : via;
    }

    public static Caller anonymous() {
        return new Caller("anonymous", List.of(), Via.NONE);
    }

    public static Caller iam(String principal) {
        return new Caller(principal, List.of(), Via.IAM);
    }

    public static Caller local(String name) {
        return new Caller(name, List.of(), Via.LOCAL);
    }

    /**
     * A console user from the claims API Gateway's Cognito authorizer puts under
     * {@code requestContext.authorizer.claims}, or empty when the claims name no user. Every claim arrives as a
     * string: {@code cognito:groups} is {@code "operators"}, {@code "operators,viewers"} or
     * {@code "[operators viewers]"} depending on the gateway, so all three are read.
     */
    public static java.util.Optional<Caller> cognito(Map<String, ?> claims) {
        if (claims == null) {
            return java.util.Optional.empty();
        }
        Object user = claims.get("cognito:username");
        if (user == null) {
            user = claims.get("username"); // an access token names the user here
        }
        if (user == null || user.toString().isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Caller(user.toString(), groups(claims.get("cognito:groups")), Via.COGNITO));
    }

    static List<String> groups(Object claim) {
        var out = new ArrayList<String>();
        if (claim instanceof Iterable<?> list) {
            list.forEach(g -> out.add(String.valueOf(g)));
            return out;
        }
        if (claim == null) {
            return out;
        }
        String s = claim.toString().trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        // Cognito group names cannot contain whitespace, so commas and blanks both separate.
        for (String g : s.split("[,\\s]+")) {
            if (!g.isEmpty() && !out.contains(g)) {
                out.add(g);
            }
        }
        return out;
    }

    /** Operators change things: IAM and local callers, and Cognito users in {@value #OPERATORS}. */
    public boolean operator() {
        return via == Via.IAM || via == Via.LOCAL || groups.contains(OPERATORS);
    }

    /** Viewers read: operators, and Cognito users in {@value #VIEWERS}. */
    public boolean viewer() {
        return operator() || groups.contains(VIEWERS);
    }

    public boolean may(Access access) {
        return switch (access) {
            case PUBLIC -> true;
            case SIGNED_IN -> via != Via.NONE;
            case READ -> viewer();
            case OPERATE -> operator();
        };
    }

    /**
     * The refusal for a route this caller may not use: 401 without an identity, else 403 naming the action and
     * the group it needs.
     */
    public ApiException refusal(String action, Access access) {
        if (via == Via.NONE) {
            return new ApiException(401, "unauthenticated", action + " needs a signed-in caller: sign in to the console,"
                    + " or sign the request with IAM credentials (SigV4)");
        }
        String needed = access == Access.OPERATE ? "'" + OPERATORS + "'" : "'" + VIEWERS + "' or '" + OPERATORS + "'";
        String member = groups.isEmpty() ? "is in no group"
                : "is in " + String.join(", ", groups.stream().map(g -> "'" + g + "'").toList());
        return new ApiException(403, "forbidden", action + " needs the " + needed + " group; " + name + " " + member
                + (viewer() ? ", which may only read" : "") + ". Ask an administrator to add " + name + " to '"
                + (access == Access.OPERATE ? OPERATORS : VIEWERS) + "' in the cfgvault user pool");
    }
}
