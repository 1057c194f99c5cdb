package io.cfgvault.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/** Small helpers over synthesized templates. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Logical id of a construct's CloudFormation resource. */
    static String logicalId(IConstruct construct) {
        return Stack.of(construct).getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    /** A resource or value as compact JSON, for substring checks on joined ARNs. */
    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /**
     * Every IAM statement in the template: identity policies and inline role policies. The owner is the
     * logical id of the role the statement applies to.
     */
    @SuppressWarnings("unchecked")
    static List<Statement> statements(Template template) {
        var out = new ArrayList<Statement>();
        template.findResources("AWS::IAM::Policy").forEach((id, r) -> {
            var props = properties((Map<String, Object>) r);
            var doc = (Map<String, Object>) props.get("PolicyDocument");
            var roles = (List<Map<String, Object>>) props.get("Roles");
            String owner = roles == null || roles.size() != 1 ? id : String.valueOf(roles.get(0).get("Ref"));
            ((List<Map<String, Object>>) doc.get("Statement")).forEach(s -> out.add(new Statement(owner, s)));
        });
        template.findResources("AWS::IAM::Role").forEach((id, r) -> {
            var policies = (List<Map<String, Object>>) properties((Map<String, Object>) r).get("Policies");
            if (policies != null) {
                for (var p : policies) {
                    var doc = (Map<String, Object>) p.get("PolicyDocument");
                    ((List<Map<String, Object>>) doc.get("Statement")).forEach(s -> out.add(new Statement(id, s)));
                }
            }
        });
        return out;
    }

    record Statement(String owner, Map<String, Object> body) {
        List<String> actions() {
            return asList(body.get("Action")).stream().map(String::valueOf).toList();
        }

        List<Object> resources() {
            return asList(body.get("Resource"));
        }

        @SuppressWarnings("unchecked")
        private static List<Object> asList(Object v) {
            return v == null ? List.of() : v instanceof List<?> l ? (List<Object>) l : List.of(v);
        }
    }
}
