package io.cfgvault.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The YAML shape of a platform profile, exactly as written in {@code profiles/*.yaml}. Parsed by Jackson and
 * turned into a validated {@link PlatformProfile}; nothing else uses it.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record ProfileSpec(String name, String description, String mode, String prompt, Login login, Pager pager,
                   Backup backup, Normalise normalise, List<String> errors, List<Secret> secrets, Restore restore,
                   Map<String, Object> options) {

    record Login(Enable enable, List<String> commands) {}

    record Enable(String command, String passwordPrompt, String when) {}

    record Pager(String pattern, String answer) {}

    record Backup(List<String> commands, String endMarker, List<String> artefactLines, List<String> startup) {}

    record Normalise(List<String> dropLines) {}

    record Secret(String pattern, String replace) {}

    record Restore(String method, String enter, String clear, String load, String commit, String commitConfirmed,
                   List<String> confirm, Integer confirmMinutes, String exit, String save) {}
}
