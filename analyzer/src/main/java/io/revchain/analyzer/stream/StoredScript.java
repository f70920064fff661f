package io.revchain.analyzer.stream;

import io.revchain.core.adoption.Suppressions;
import io.revchain.core.model.MigrationScript;
import io.revchain.event.FileChanged;
import java.util.List;
import java.util.Objects;

/**
 * One file in the scripts store: what the parser read and the commit that last wrote it (a full scan drops every
 * file its commit did not write).
 *
 * @param commit the commit of the {@code FileChanged} event that stored it
 * @param script the parsed file
 * @param blob   the git blob id of its content ({@code null} in values stored before blob ids were kept): what a
 *               merge preview compares with the merge base
 * @param chain  the chain the event put it in ({@code null}: {@value FileChanged#DEFAULT_CHAIN}, and every value
 *               stored before chains existed)
 * @param body   the fingerprint of its {@code upgrade()}/{@code downgrade()} bodies, {@code null} when unknown
 * @param suppressions its {@code # revchain:} comments, {@code null} when none (or stored before they were carried)
 */
public record StoredScript(
        String commit,
        MigrationScript script,
        String blob,
        String chain,
        String body,
        List<Suppressions.Directive> suppressions) {
    public StoredScript {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(script, "script");
    }

    public StoredScript(String commit, MigrationScript script, String blob, String chain, String body) {
        this(commit, script, blob, chain, body, null);
    }

    public StoredScript(String commit, MigrationScript script, String blob, String chain) {
        this(commit, script, blob, chain, null);
    }

    public StoredScript(String commit, MigrationScript script, String blob) {
        this(commit, script, blob, null);
    }

    public StoredScript(String commit, MigrationScript script) {
        this(commit, script, null, null);
    }

    /** The chain's name, {@value FileChanged#DEFAULT_CHAIN} when none was stored. */
    public String chainName() {
        return chain == null ? FileChanged.DEFAULT_CHAIN : chain;
    }
}
