package io.revchain.repair.planning;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.analysis.ReferenceGuess;
import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Risk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One planning run, shared by the strategies and fix families: the immutable inputs (the request, its policy, the
 * folder's style, the findings of the files as they came and what their broken references meant) and the plan
 * being built (the in-memory
 * {@link Workspace}, the actions taken, the notes for a person). Fixes change the plan only through
 * {@link #act}, {@link #note}, {@link #setDown} and the workspace; they read the chain as it stands now through
 * {@link #graph()}.
 */
final class PlanningContext {

    private final String location;
    private final RepairRequest request;
    private final Workspace workspace;
    private final FolderStyle style;
    private final List<MigrationScript> originalScripts;
    private final List<Finding> original;
    private ReferenceGuess guesses;
    private final List<RepairAction> actions = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    PlanningContext(String location, RepairRequest request) {
        this.location = location;
        this.request = request;
        this.workspace = new Workspace(
                request.files(), request.versionLocations(), request.policy().marker());
        this.style = FolderStyle.infer(workspace, request.template());
        this.originalScripts = workspace.scripts();
        this.original = analyse().findings();
    }

    String location() {
        return location;
    }

    RepairRequest request() {
        return request;
    }

    Policy policy() {
        return request.policy();
    }

    Workspace workspace() {
        return workspace;
    }

    FolderStyle style() {
        return style;
    }

    /** The scripts as they came, before any fix. */
    List<MigrationScript> originalScripts() {
        return originalScripts;
    }

    /** The findings of the files as they came, before any fix. */
    List<Finding> original() {
        return original;
    }

    /** What each broken reference of the files as they came probably meant: the guesses the findings name. */
    ReferenceGuess guesses() {
        if (guesses == null) {
            // the findings were made on the files as they came, under the policy's release
            guesses = ReferenceGuess.of(RevisionGraph.of(originalScripts, policy().release()));
        }
        return guesses;
    }

    List<RepairAction> actions() {
        return Collections.unmodifiableList(actions);
    }

    List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** The chain as the plan has left it so far, analysed under the policy. */
    ChainAnalysis analyse() {
        return ChainAnalysis.of(workspace.scripts(), policy());
    }

    /** The chain's graph as the plan has left it so far. */
    RevisionGraph graph() {
        return RevisionGraph.of(workspace.scripts());
    }

    void act(
            ActionKind kind, String file, String newFile, String revision, FindingRef fixes, String reason, Risk risk) {
        actions.add(new RepairAction(kind, file, newFile, revision, fixes, reason, risk));
    }

    void note(String note) {
        notes.add(note);
    }

    /** The original finding of {@code check} about {@code revision} (or {@code file}), or {@code null}. */
    FindingRef ref(Check check, String revision, String file) {
        Finding byFile = null;
        for (Finding f : original) {
            if (!f.is(check)) {
                continue;
            }
            if (check.describesChainShape() && revision == null && file == null) {
                return FindingRef.of(f);
            }
            if (revision != null
                    && (revision.equals(f.revision()) || f.revisions().contains(revision))) {
                if (file == null || file.equals(f.file())) {
                    return FindingRef.of(f);
                }
                byFile = byFile == null ? f : byFile;
            } else if (file != null && file.equals(f.file()) && byFile == null) {
                byFile = f;
            }
        }
        return byFile == null ? null : FindingRef.of(byFile);
    }

    boolean anyOriginal(Check check) {
        return original.stream().anyMatch(f -> f.is(check));
    }

    /** Where {@code n} belongs in a linear chain (its file's commit is looked up under its original path). */
    OrderKey key(RevisionNode n) {
        MigrationScript s = n.script();
        String orig = workspace.originalPath(s.path());
        return OrderKey.of(
                s.docstring().createDate(),
                s.fileName(),
                request.commitOrder().get(orig == null ? s.path() : orig),
                n.id());
    }

    char quote(String path) {
        return workspace.quoteOf(path, style.quote());
    }

    /** Writes {@code values} as the down_revision of {@code path}; a note and {@code false} when it cannot. */
    boolean setDown(String path, List<String> values) {
        MigrationScript s = workspace.script(path);
        if (s.downRevision().state() == FieldState.NON_LITERAL
                || s.downRevision().state() == FieldState.WRONG_TYPE) {
            notes.add(path + ": down_revision is computed or of the wrong type; revchain does not overwrite it");
            return false;
        }
        if (!workspace.setField(path, s.downRevision(), FolderStyle.literal(values, quote(path)))) {
            notes.add(path + " cannot be edited (not UTF-8 text as written, or no revision variable)");
            return false;
        }
        return true;
    }
}
