package io.cfgvault.infra;

import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolGroup;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * Console sign-in: a Cognito user pool (administrators create the users; no self sign-up) with the groups
 * {@value #VIEWERS} and {@value #OPERATORS} the API's roles are named after, a hosted UI domain, and a public app
 * client for the console (authorization code with PKCE, no secret) whose only callback is the console's URL.
 * The API function learns the domain and client id from its environment and hands them to the page.
 */
public final class Console extends Construct {
    public static final String VIEWERS = "viewers";
    public static final String OPERATORS = "operators";
    /** Names the API function reads (i18b's static config.json route). */
    public static final String DOMAIN_ENV = "CFGVAULT_COGNITO_DOMAIN";
    public static final String CLIENT_ENV = "CFGVAULT_COGNITO_CLIENT_ID";

    private final UserPool userPool;
    private final UserPoolDomain domain;
    private UserPoolClient client;

    /** The pool, its groups and hosted UI domain; {@link #serve} adds the client once the console's URL is known. */
    public Console(Construct scope, String id, String name) {
        super(scope, id);
        userPool = UserPool.Builder.create(this, "Users")
                .userPoolName(name + "-console")
                // Lite: the classic hosted UI, groups and TOTP are all the console needs, at the lowest per-user price.
                .featurePlan(FeaturePlan.LITE)
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().username(true).email(true).build())
                .signInCaseSensitive(false)
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireLowercase(true).requireUppercase(true)
                        .requireDigits(true).requireSymbols(true).tempPasswordValidity(Duration.days(3)).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Nag.suppress(userPool, "AwsSolutions-COG3", "Threat protection (advanced security) is a paid feature plan; the "
                + "pool has no self sign-up, requires TOTP MFA and a 12-character password, and the API keeps an "
                + "audit trail of every change by user name.");

        UserPoolGroup.Builder.create(this, "Viewers").userPool(userPool).groupName(VIEWERS).precedence(20)
                .description("May read everything in the console and API: jobs, devices, versions, diffs, tables, audit").build();
        UserPoolGroup.Builder.create(this, "Operators").userPool(userPool).groupName(OPERATORS).precedence(10)
                .description("May also start backups and exports, restore devices and tables, import and edit tables and schedules").build();

        domain = userPool.addDomain("HostedUi", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(name.toLowerCase(java.util.Locale.ROOT) + "-" + Aws.ACCOUNT_ID).build())
                .build());
    }

    /** The console's app client, whose only callback and logout URL is {@code consoleUrl}, told to the API function. */
    public void serve(String name, String consoleUrl, Function apiFunction) {
        client = userPool.addClient("ConsoleClient", software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
                .userPoolClientName(name + "-console")
                .generateSecret(false) // a browser cannot keep a secret: PKCE instead
                .authFlows(AuthFlow.builder().userSrp(false).userPassword(false).adminUserPassword(false).custom(false).build())
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).implicitCodeGrant(false).build())
                        .scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE))
                        .callbackUrls(List.of(consoleUrl))
                        .logoutUrls(List.of(consoleUrl))
                        .build())
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
                .preventUserExistenceErrors(true)
                .idTokenValidity(Duration.hours(1))
                .accessTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.hours(8))
                .enableTokenRevocation(true)
                .build());

        apiFunction.addEnvironment(DOMAIN_ENV, domain.baseUrl());
        apiFunction.addEnvironment(CLIENT_ENV, client.getUserPoolClientId());
    }

    public UserPool userPool() { return userPool; }
    public UserPoolClient client() { return client; }
    public UserPoolDomain domain() { return domain; }
}
