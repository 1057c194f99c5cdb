package io.cfgvault;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The rules of ARCHITECTURE.md that a build can check, over the compiled core classes. Rules are methods, not
 * fields: surefire 3.5.3 silently skips {@code @ArchTest} fields (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = "io.cfgvault", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void corePackagesHaveNoCycles(JavaClasses classes) {
        slices().matching("io.cfgvault.(*)..").should().beFreeOfCycles().check(classes);
    }

    @ArchTest
    void coreNeverUsesLambdaTypes(JavaClasses classes) {
        noClasses().that().resideInAPackage("io.cfgvault..")
                .should().dependOnClassesThat().resideInAnyPackage("com.amazonaws.services.lambda..")
                .because("handlers convert Lambda events; the domain runs the same locally").check(classes);
    }

    @ArchTest
    void domainPackagesDoNotReachForTheWiring(JavaClasses classes) {
        noClasses().that().resideInAPackage("io.cfgvault.(*)..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.cfgvault.Services")
                .because("services are handed in, never looked up").check(classes);
    }

    @ArchTest
    void servicesAreBuiltOnceAndNeverChanged(JavaClasses classes) {
        noMethods().that().areDeclaredIn(Services.class).and().areNotStatic()
                .should().haveRawReturnType(Services.class)
                .because("wiring is chosen on Services.Builder; a withX mutator or copier would change services after"
                        + " other code holds them").check(classes);
    }

    /** DynamoDB adapters: {@code Dynamo*} classes (and their nested classes) beside the port they implement. */
    private static final DescribedPredicate<JavaClass> DYNAMO_ADAPTER = DescribedPredicate.describe(
            "a DynamoDB adapter (Dynamo*)", c -> topLevel(c).getSimpleName().startsWith("Dynamo"));

    @ArchTest
    void onlyAdaptersTalkToDynamoDb(JavaClasses classes) {
        noClasses().that().resideInAPackage("io.cfgvault..")
                .and().resideOutsideOfPackages("io.cfgvault.tables..", "io.cfgvault.aws..")
                .and().doNotHaveFullyQualifiedName(Services.class.getName())
                .and(DescribedPredicate.not(DYNAMO_ADAPTER))
                .should().dependOnClassesThat().haveFullyQualifiedName("software.amazon.awssdk.services.dynamodb.DynamoDbClient")
                .because("every store has a port in its domain package; services depend on the port, and only its"
                        + " Dynamo* adapter (or the table export/import in tables) holds the client").check(classes);
    }

    @ArchTest
    void everyDynamoAdapterImplementsAPortOfItsPackage(JavaClasses classes) {
        classes().that().haveSimpleNameStartingWith("Dynamo").and().areTopLevelClasses()
                .should(new ArchCondition<JavaClass>("implement an interface of their own package") {
                    @Override
                    public void check(JavaClass adapter, ConditionEvents events) {
                        boolean ok = adapter.getRawInterfaces().stream()
                                .anyMatch(i -> i.getPackageName().equals(adapter.getPackageName()));
                        events.add(new SimpleConditionEvent(adapter, ok, adapter.getName()
                                + (ok ? " implements " : " implements no ") + "port in " + adapter.getPackageName()));
                    }
                }).check(classes);
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass t = c;
        while (t.getEnclosingClass().isPresent()) {
            t = t.getEnclosingClass().get();
        }
        return t;
    }
}
