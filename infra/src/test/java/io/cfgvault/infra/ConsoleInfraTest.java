package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Console sign-in in the synthesized stack: a user pool only administrators add users to, with the viewers and
 * operators groups, a hosted UI domain, a public PKCE app client whose callback is the console, and a second
 * RestApi where every API route needs a Cognito ID token while the CLI's RestApi stays SigV4-only.
 */
class ConsoleInfraTest {
    private static Synth.Result synth;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        synth = Synth.defaults();
        template = synth.template();
    }

    @Test
    void userPoolIsAdminOnlyWithTotpMfaAndTheViewersAndOperatorsGroups() {
        template.resourceCountIs("AWS::Cognito::UserPool", 1);
        template.hasResourceProperties("AWS::Cognito::UserPool", Match.objectLike(Map.of(
                "AdminCreateUserConfig", Match.objectLike(Map.of("AllowAdminCreateUserOnly", true)),
                "MfaConfiguration", "ON",
                "UserPoolTier", "LITE",
                "EnabledMfas", List.of("SOFTWARE_TOKEN_MFA"),
                "Policies", Match.objectLike(Map.of("PasswordPolicy", Match.objectLike(Map.of("MinimumLength", 12)))))));
        template.resourceCountIs("AWS::Cognito::UserPoolGroup", 2);
        template.hasResourceProperties("AWS::Cognito::UserPoolGroup", Match.objectLike(Map.of("GroupName", "viewers")));
        template.hasResourceProperties("AWS::Cognito::UserPoolGroup", Match.objectLike(Map.of("GroupName", "operators")));
        template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    }

    @Test
    void appClientUsesTheCodeFlowWithoutSecretAndCallsBackOnlyToTheConsole() {
        template.resourceCountIs("AWS::Cognito::UserPoolClient", 1);
        template.hasResourceProperties("AWS::Cognito::UserPoolClient", Match.objectLike(Map.of(
                "AllowedOAuthFlows", List.of("code"),
                "AllowedOAuthFlowsUserPoolClient", true,
                "AllowedOAuthScopes", Match.arrayWith(List.of("openid")),
                "GenerateSecret", false,
                "SupportedIdentityProviders", List.of("COGNITO"),
                "PreventUserExistenceErrors", "ENABLED")));
        var client = Json.text(template.findResources("AWS::Cognito::UserPoolClient"));
        String consoleApi = Json.logicalId(synth.stack().consoleApi().restApi());
        assertTrue(client.contains("\"CallbackURLs\":[{\"Fn::Join\":[\"\",[\"https://\",{\"Ref\":\"" + consoleApi + "\"}"), client);
        assertTrue(client.contains("/v1/console/\"]]}]"), client);
    }

    @Test
    void apiFunctionTellsThePageTheHostedUiDomainAndClientId() {
        String function = Json.text(template.findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("Handler", "io.cfgvault.handlers.ApiHandler::handleRequest"))));
        assertTrue(function.contains("\"" + Console.DOMAIN_ENV + "\""), function);
        assertTrue(function.contains("\"" + Console.CLIENT_ENV + "\":{\"Ref\":\""
                + Json.logicalId(synth.stack().console().client()) + "\"}"), function);
    }

    @Test
    void consoleApiPutsEveryApiRouteBehindTheUserPoolAndServesTheStaticFilesWithoutSignIn() {
        var methods = ApiTest.methodsOf(synth.stack().consoleApi());
        assertEquals(Api.ROUTES.size() + Api.PUBLIC_ROUTES.size() + Api.CONSOLE_ROUTES.size(), methods.size());
        long cognito = methods.stream().map(Json::text).filter(m -> m.contains("\"AuthorizationType\":\"COGNITO_USER_POOLS\"")
                && m.contains("\"AuthorizerId\":{\"Ref\":")).count();
        long open = methods.stream().map(Json::text).filter(m -> m.contains("\"AuthorizationType\":\"NONE\"")).count();
        assertEquals(Api.ROUTES.size(), cognito);
        assertEquals(Api.PUBLIC_ROUTES.size() + Api.CONSOLE_ROUTES.size(), open);
        template.hasResourceProperties("AWS::ApiGateway::Authorizer", Match.objectLike(Map.of(
                "Type", "COGNITO_USER_POOLS",
                "IdentitySource", "method.request.header.Authorization",
                "ProviderARNs", List.of(Map.of("Fn::GetAtt", List.of(Json.logicalId(synth.stack().console().userPool()), "Arn"))))));
        template.resourceCountIs("AWS::ApiGateway::Authorizer", 1);
    }

    @Test
    void stackOutputsNameTheConsoleAndItsUserPool() {
        var outputs = Json.text(template.findOutputs("*"));
        assertTrue(outputs.contains("\"ConsoleUrl\""), outputs);
        assertTrue(outputs.contains("\"UserPoolId\""), outputs);
    }
}
