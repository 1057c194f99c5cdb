package io.cfgvault;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
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
}
