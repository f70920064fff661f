package io.revchain.app.cli;

import io.revchain.app.service.KafkaOptions;
import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.config.RepositorySpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code revchain deployed --repo ID --env prod --revision X}: a CD pipeline says what it just applied, instead of
 * giving revchain access to the database. Publishes the same record ingest's database poller does, with
 * {@code source=push}.
 */
@Command(
        name = "deployed",
        mixinStandardHelpOptions = true,
        description = DeployedCommand.DESCRIPTION,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:published", "2:usage error, bad value, or Kafka did not acknowledge"})
public final class DeployedCommand implements Callable<Integer> {

    /** What {@code --help} says of this command (the slim jar lists it without loading this class). */
    public static final String DESCRIPTION = "Record what an environment's database now has applied (from a CD "
            + "pipeline): one record on revchain.deployments, read by the analyzer and the repairer.";

    /** The longest revision id taken: far over Alembic's VARCHAR(32), short enough for one line. */
    static final int MAX_REVISION_LENGTH = 255;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--repo",
            required = true,
            paramLabel = "ID",
            description = "The repository id (as in revchain.yaml)")
    String repo;

    @Option(names = "--env", required = true, paramLabel = "NAME", description = "The environment (prod, staging…)")
    String env;

    @Option(
            names = "--revision",
            required = true,
            paramLabel = "REV",
            description = "A revision the database's version table now holds (repeat for each head applied)")
    List<String> revisions;

    @Option(names = "--chain", paramLabel = "NAME", description = "The chain the database runs (default: the only one)")
    String chain;

    @Override
    public Integer call() {
        check(repo, env, revisions, chain);
        // the Kafka work is in a class of its own: --help builds this command and must load no Kafka class
        return DeployedPublish.run(
                repo,
                env,
                List.copyOf(new LinkedHashSet<>(revisions)),
                chain,
                kafka.requireExternalSettings(),
                spec.commandLine().getOut());
    }

    /** Refuses, in one line, a value the record could not carry. */
    static void check(String repo, String env, List<String> revisions, String chain) {
        try {
            RepositorySpec.of(repo, "-");
        } catch (IllegalArgumentException e) {
            throw new UserError("revchain deployed: --repo: " + e.getMessage());
        }
        if (repo.contains("@")) {
            throw new UserError("revchain deployed: --repo: a repository id may not contain '@'");
        }
        if (!EnvironmentSpec.validName(env)) {
            throw new UserError(
                    "revchain deployed: --env '" + printable(env)
                            + "' must start with a letter or digit and use only letters, digits, '.', '_' and '-' (at most 64)");
        }
        for (String r : revisions) {
            if (r.isBlank() || r.length() > MAX_REVISION_LENGTH || !r.strip().equals(r) || hasControl(r)) {
                throw new UserError("revchain deployed: --revision '" + printable(r)
                        + "' is not a revision id (no spaces or control characters, at most "
                        + MAX_REVISION_LENGTH + ")");
            }
        }
        if (chain != null && (chain.isBlank() || hasControl(chain))) {
            throw new UserError("revchain deployed: --chain must name a chain");
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c));
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
