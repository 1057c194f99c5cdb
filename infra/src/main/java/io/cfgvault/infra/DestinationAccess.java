package io.cfgvault.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * What delivering to destinations and sharing need, and nothing more: the destinations' status file and the
 * exports under the deployment's own partition, only the secrets the deploy names for destinations, and only the
 * roles it names for S3 destinations in other accounts. Any function may finish a job (and so deliver).
 */
public final class DestinationAccess extends Construct {

    public record Props(String deployment, IBucket bucket, List<IRole> jobFinishers, IRole api,
                        List<String> secretNames, List<String> roleArns) {}

    public DestinationAccess(Construct scope, String id, Props props) {
        super(scope, id);
        String partition = "accountid=" + Aws.ACCOUNT_ID + "/region=" + Aws.REGION + "/deployment=" + props.deployment();
        var status = PolicyStatement.Builder.create().sid("DestinationStatus")
                .actions(List.of("s3:GetObject", "s3:PutObject"))
                .resources(List.of(props.bucket().arnForObjects("metadata/destinations/" + partition + "/*"))).build();
        var secrets = new ArrayList<String>();
        for (String name : props.secretNames()) {
            // Secrets Manager appends "-" and six random characters to every secret's ARN.
            secrets.add(Stack.of(this).formatArn(ArnComponents.builder().service("secretsmanager").resource("secret")
                    .resourceName(name + "-??????").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()));
        }
        for (IRole role : props.jobFinishers()) {
            role.addToPrincipalPolicy(status);
            if (!secrets.isEmpty()) {
                role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("DestinationCredentials")
                        .actions(List.of("secretsmanager:GetSecretValue")).resources(secrets).build());
                Nag.suppress(role, "AwsSolutions-IAM5", "Secrets Manager appends '-' and six random characters to a secret's "
                                + "ARN; '-??????' matches exactly the secrets named by destinationSecrets and nothing else.",
                        props.secretNames().stream().map(n -> (Object) ("Resource::arn:<AWS::Partition>:secretsmanager:"
                                + "<AWS::Region>:<AWS::AccountId>:secret:" + n + "-??????")).toList());
            }
            if (!props.roleArns().isEmpty()) {
                role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("DestinationRoles")
                        .actions(List.of("sts:AssumeRole")).resources(props.roleArns()).build());
            }
        }
        props.api().addToPrincipalPolicy(PolicyStatement.Builder.create().sid("Exports")
                .actions(List.of("s3:GetObject", "s3:PutObject"))
                .resources(List.of(props.bucket().arnForObjects("exports/" + partition + "/*"))).build());
    }
}
