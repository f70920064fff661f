package io.revchain.app.status;

import java.util.List;

/**
 * What {@code revchain status} found: one status per database, in the order given.
 *
 * @param path         the repository read
 * @param environments each database's status
 */
public record StatusResult(String path, List<EnvironmentStatus> environments) {
    /** Every database at head. */
    public static final int AT_HEAD = 0;
    /** A database in a state {@code alembic upgrade head} cannot handle. */
    public static final int BROKEN = 1;
    /** A database could not be read (and none is broken). */
    public static final int UNREAD = 2;
    /** Databases behind only: {@code alembic upgrade head} brings them to head. */
    public static final int BEHIND = 3;

    public StatusResult {
        environments = List.copyOf(environments);
    }

    /** 1 when any database is broken, else 2 when any could not be read, else 3 when any is behind, else 0. */
    public int exitCode() {
        if (environments.stream().anyMatch(EnvironmentStatus::broken)) {
            return BROKEN;
        }
        if (environments.stream().anyMatch(EnvironmentStatus::unread)) {
            return UNREAD;
        }
        if (environments.stream().anyMatch(EnvironmentStatus::behind)) {
            return BEHIND;
        }
        return AT_HEAD;
    }
}
