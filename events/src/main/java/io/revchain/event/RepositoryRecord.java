package io.revchain.event;

import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.config.SshSettings;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import java.util.List;
import java.util.Objects;

/**
 * One repository of the organisation on the compacted {@code revchain.repositories} topic, keyed by its id: what
 * ingest instances poll. The latest record per id is the repository's configuration; a tombstone (a {@code null}
 * value) removes it. It carries {@link RepositorySpec} field by field, names of environment variables but never a
 * secret.
 *
 * @param schema        wire-format version ({@link EventSchema#CURRENT})
 * @param id            repository id (the record key)
 * @param url           where it is fetched from (never with a user or password: {@code revchain.yaml} refuses them)
 * @param credentials   NAME of the environment variable with the fetch credentials, or {@code null}
 * @param sshKey        the ssh private key path, or {@code null}
 * @param knownHosts    the ssh known_hosts path, or {@code null}
 * @param branches      watched branches (empty = the remote's default branch)
 * @param paths         watched configurations (empty = discovered)
 * @param push          the repairer may push, or {@code null} = not set
 * @param strategy      the repair strategy's wire name, or {@code null}
 * @param deployed      revisions known to be applied, or {@code null}
 * @param policy        the policy's wire name, or {@code null}
 * @param candidates    ref patterns previewed as merges
 * @param target        the candidates' target branch, or {@code null}
 * @param webhookSecret NAME of the environment variable holding the push webhook's secret, or {@code null} = no
 *                      webhook accepted for this repository
 * @param environments  the databases ingest polls ({@code url} without a password, {@code credentials} the NAME of
 *                      the variable holding {@code user:password}), or {@code null} = none
 */
public record RepositoryRecord(
        int schema,
        String id,
        String url,
        String credentials,
        String sshKey,
        String knownHosts,
        List<String> branches,
        List<String> paths,
        Boolean push,
        String strategy,
        List<String> deployed,
        String policy,
        List<String> candidates,
        String target,
        String webhookSecret,
        List<EnvironmentSpec> environments) {

    public RepositoryRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        branches = branches == null ? List.of() : List.copyOf(branches);
        paths = paths == null ? List.of() : List.copyOf(paths);
        deployed = deployed == null ? null : List.copyOf(deployed);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        // none is written as no field, so a record without environments reads and writes as before they existed
        environments = environments == null || environments.isEmpty() ? null : List.copyOf(environments);
    }

    /** A record without environments. */
    public RepositoryRecord(
            int schema,
            String id,
            String url,
            String credentials,
            String sshKey,
            String knownHosts,
            List<String> branches,
            List<String> paths,
            Boolean push,
            String strategy,
            List<String> deployed,
            String policy,
            List<String> candidates,
            String target,
            String webhookSecret) {
        this(
                schema,
                id,
                url,
                credentials,
                sshKey,
                knownHosts,
                branches,
                paths,
                push,
                strategy,
                deployed,
                policy,
                candidates,
                target,
                webhookSecret,
                null);
    }

    /** The record of {@code spec}, with the webhook secret's variable name {@code webhookSecret} (or null). */
    public static RepositoryRecord of(RepositorySpec spec, String webhookSecret) {
        RepositorySpec.RepairSettings r = spec.repair();
        return new RepositoryRecord(
                EventSchema.CURRENT,
                spec.id(),
                spec.remote().url(),
                spec.remote().credentials(),
                spec.remote().ssh().key(),
                spec.remote().ssh().knownHosts(),
                spec.watched().branches(),
                spec.watched().paths(),
                r.push(),
                r.strategy() == null ? null : r.strategy().label(),
                r.deployed(),
                r.policy() == null ? null : r.policy().wire(),
                spec.candidates().patterns(),
                spec.candidates().target(),
                webhookSecret,
                spec.environments());
    }

    /** {@link #of(RepositorySpec, String)} without a webhook secret. */
    public static RepositoryRecord of(RepositorySpec spec) {
        return of(spec, null);
    }

    /**
     * The repository this record configures.
     *
     * @throws IllegalArgumentException when a value is not one this build accepts (an id, a strategy, a path)
     */
    public RepositorySpec spec() {
        return new RepositorySpec(
                id,
                new RepositorySpec.Remote(url, credentials, new SshSettings(sshKey, knownHosts)),
                new RepositorySpec.Watched(branches, paths),
                new RepositorySpec.RepairSettings(
                        push,
                        strategy == null ? null : Strategy.parse(strategy),
                        deployed,
                        policy == null ? null : Policy.Kind.parse(policy)),
                new RepositorySpec.Candidates(candidates, target),
                environments);
    }
}
