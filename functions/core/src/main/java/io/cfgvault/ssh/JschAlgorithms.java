package io.cfgvault.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSch tests every optional algorithm on every connect ({@code CheckKexes}, {@code CheckCiphers}, ...): it builds a
 * key pair for each candidate key exchange (ML-KEM, P-384, X448, ...) just to see whether the JVM supports it. On a
 * busy backup run that is most of the client's CPU. The answer never changes within a JVM, so it is computed once
 * here (with JSch's own checks) and each session gets the filtered lists with the per-connect checks switched off.
 * If JSch's internals ever change so that this cannot be done, sessions keep JSch's default behaviour.
 */
final class JschAlgorithms {
    /** JSch list key -> its check key. */
    private static final Map<String, String> CHECKS = Map.of(
            "kex", "CheckKexes",
            "cipher.c2s", "CheckCiphers",
            "cipher.s2c", "CheckCiphers",
            "mac.c2s", "CheckMacs",
            "mac.s2c", "CheckMacs",
            "server_host_key", "CheckSignatures",
            "PubkeyAcceptedAlgorithms", "CheckSignatures");
    private static final Map<String, String> CHECK_METHODS = Map.of(
            "CheckKexes", "checkKexes",
            "CheckCiphers", "checkCiphers",
            "CheckMacs", "checkMacs",
            "CheckSignatures", "checkSignatures");
    private static final Object FAILED = new Object();
    private static volatile Object state;

    private JschAlgorithms() {
    }

    /** Applies the cached availability to a session whose algorithm lists are already set. */
    static void apply(Session session) {
        Map<String, Set<String>> missing = unavailable();
        if (missing == null) {
            return;
        }
        for (Map.Entry<String, String> e : CHECKS.entrySet()) {
            Set<String> gone = missing.get(e.getValue());
            String list = session.getConfig(e.getKey());
            if (list != null && gone != null && !gone.isEmpty()) {
                session.setConfig(e.getKey(), Arrays.stream(list.split(","))
                        .filter(a -> !gone.contains(a)).collect(Collectors.joining(",")));
            }
        }
        for (String check : CHECK_METHODS.keySet()) {
            session.setConfig(check, "");
        }
    }

    /** Null when JSch's checks could not be run ahead (then every session checks for itself). */
    private static Map<String, Set<String>> unavailable() {
        Object u = state;
        if (u == null) {
            synchronized (JschAlgorithms.class) {
                if (state == null) {
                    Map<String, Set<String>> computed = compute();
                    state = computed == null ? FAILED : computed;
                }
                u = state;
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Set<String>> map = u == FAILED ? null : (Map<String, Set<String>>) u;
        return map;
    }

    private static Map<String, Set<String>> compute() {
        try {
            Session probe = new JSch().getSession("probe", "127.0.0.1", 22);
            Map<String, Set<String>> out = new java.util.HashMap<>();
            for (Map.Entry<String, String> e : CHECK_METHODS.entrySet()) {
                Method m = Session.class.getDeclaredMethod(e.getValue(), String.class);
                m.setAccessible(true);
                String[] gone = (String[]) m.invoke(probe, JSch.getConfig(e.getKey()));
                out.put(e.getKey(), gone == null ? Set.of() : new HashSet<>(List.of(gone)));
            }
            return Map.copyOf(out);
        } catch (JSchException | ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
