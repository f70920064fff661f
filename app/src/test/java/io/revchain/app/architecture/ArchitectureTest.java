package io.revchain.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.revchain.analysis.wrong.PureClassThatTalksToKafka;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module lines as package rules, checked on the main classes of every module (this module's test classpath holds
 * them all). The pure packages decide and never touch Kafka, git, a database or the network; the four services do not
 * know each other; nothing but the application knows the application. The Maven side of the same line (no such
 * dependency in a pure module's compile or runtime scope) is maven-enforcer-plugin's {@code enforce-purity}.
 */
class ArchitectureTest {

    static final String[] PURE = {"io.revchain.core..", "io.revchain.analysis..", "io.revchain.repair.."};

    static final String[] SERVICES = {
        "io.revchain.ingest..", "io.revchain.analyzer..", "io.revchain.repairer..", "io.revchain.reporter.."
    };

    /** What a pure package may not use: I/O libraries, the adapters and everything built on them. */
    static final String[] NOT_FOR_PURE = Stream.concat(
                    Stream.of(
                            "org.apache.kafka..",
                            "org.eclipse.jgit..",
                            "java.sql..",
                            "javax.sql..",
                            "java.net.http..",
                            "org.rocksdb..",
                            "io.micrometer..",
                            "org.eclipse.jetty..",
                            "io.netty..",
                            "io.revchain.event..",
                            "io.revchain.git..",
                            "io.revchain.runtime..",
                            "io.revchain.broker..",
                            "io.revchain.deployments..",
                            "io.revchain.testkit..",
                            "io.revchain.app.."),
                    Stream.of(SERVICES))
            .toArray(String[]::new);

    static final ArchRule PURE_STAYS_PURE = noClasses()
            .that()
            .resideInAnyPackage(PURE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(NOT_FOR_PURE)
            .because("core, analysis and repair decide; the adapters and services do the I/O (ARCHITECTURE.md)");

    static final ArchRule NOTHING_KNOWS_THE_APP = noClasses()
            .that()
            .resideOutsideOfPackage("io.revchain.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.revchain.app..")
            .because("the application wires the modules; no module may depend on it");

    /** JDBC is the deployments adapter's: no other module opens a database connection. */
    static final ArchRule ONLY_DEPLOYMENTS_USES_JDBC = noClasses()
            .that()
            .resideOutsideOfPackage("io.revchain.deployments..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..", "org.mariadb..", "org.sqlite..")
            .because("the deployments adapter reads version tables read-only; nothing else talks to a database");

    /** The adapter stays an adapter: it knows core only, not the analysis, the services or the application. */
    static final ArchRule DEPLOYMENTS_IS_AN_ADAPTER = noClasses()
            .that()
            .resideInAPackage("io.revchain.deployments..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(Stream.concat(
                            Stream.of(
                                    "io.revchain.analysis..",
                                    "io.revchain.repair..",
                                    "io.revchain.event..",
                                    "io.revchain.git..",
                                    "org.apache.kafka..",
                                    "org.eclipse.jgit.."),
                            Stream.of(SERVICES))
                    .toArray(String[]::new))
            .because("deployments is an adapter over core (ARCHITECTURE.md)");

    /**
     * Of the services only ingest reads databases (its poller, through the adapter): the analyzer, the repairer and
     * the reporter learn what is applied from {@code revchain.deployments}.
     */
    static final ArchRule ONLY_INGEST_OF_THE_SERVICES_READS_DATABASES = noClasses()
            .that()
            .resideInAnyPackage("io.revchain.analyzer..", "io.revchain.repairer..", "io.revchain.reporter..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.revchain.deployments..")
            .because("whoever polls a repository polls its databases: ingest (ARCHITECTURE.md)");

    /** One rule per service: it does not depend on any of the other three. */
    static List<ArchRule> servicesAreIndependent() {
        return Stream.of(SERVICES)
                .map(service -> (ArchRule) noClasses()
                        .that()
                        .resideInAPackage(service)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(Stream.of(SERVICES)
                                .filter(s -> !s.equals(service))
                                .toArray(String[]::new))
                        .because("the services talk through Kafka topics only"))
                .toList();
    }

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.revchain");
    }

    @Test
    void theImportSeesEveryModule() {
        // a rule over an empty or partial import would pass for nothing
        for (String pkg : List.of(
                "io.revchain.core.parse",
                "io.revchain.analysis",
                "io.revchain.repair.planning",
                "io.revchain.event",
                "io.revchain.git",
                "io.revchain.runtime.http",
                "io.revchain.broker",
                "io.revchain.ingest.service",
                "io.revchain.analyzer.stream",
                "io.revchain.repairer",
                "io.revchain.reporter.service",
                "io.revchain.deployments",
                "io.revchain.analysis.deploy",
                "io.revchain.app.status",
                "io.revchain.app.cli")) {
            assertThat(main.containPackage(pkg)).as(pkg).isTrue();
        }
    }

    @Test
    void pureModulesUseNoKafkaGitJdbcNetworkOrAdapter() {
        PURE_STAYS_PURE.check(main);
    }

    @Test
    void onlyTheDeploymentsAdapterTalksToADatabase() {
        ONLY_DEPLOYMENTS_USES_JDBC.check(main);
        DEPLOYMENTS_IS_AN_ADAPTER.check(main);
        ONLY_INGEST_OF_THE_SERVICES_READS_DATABASES.check(main);
    }

    @Test
    void servicesDoNotDependOnEachOther() {
        servicesAreIndependent().forEach(rule -> rule.check(main));
    }

    @Test
    void nothingDependsOnTheApplication() {
        NOTHING_KNOWS_THE_APP.check(main);
    }

    @Test
    void aDeliberatelyWrongImportIsReported() {
        // Given a test class in a pure package that uses Kafka, the network and a service
        JavaClasses wrong = new ClassFileImporter().importClasses(PureClassThatTalksToKafka.class);

        // When the same rule is applied to it
        EvaluationResult result = PURE_STAYS_PURE.evaluate(wrong);

        // Then each wrong dependency is a violation naming the class and what it used
        assertThat(result.hasViolation()).isTrue();
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertThat(report)
                .contains(PureClassThatTalksToKafka.class.getName())
                .contains("org.apache.kafka.clients.admin.Admin")
                .contains("java.net.http.HttpClient")
                .contains("io.revchain.analyzer.stream.AnalyzerConfig");
    }
}
