"""Loads one versions folder with real Alembic (the test runs it with PYTHONPATH set to the repository root) and
prints, as JSON, what the revision map holds: heads, bases, and each revision's parents, branch labels and
dependencies, or the exception that ended the run. Branch labels are the declared ones (Alembic also
lists, on every revision of a branch, the labels it inherits)."""
import json
import os
import sys
import warnings

from alembic.script import ScriptDirectory
from alembic.util import to_tuple


def main():
    versions = sys.argv[1]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            script = ScriptDirectory(os.path.dirname(versions), version_locations=[versions])
            heads = list(script.get_heads())
            bases = list(script.get_bases())
            revisions = {}
            for rev in script.revision_map._revision_map.values():
                if rev is None or rev.revision in revisions:
                    continue
                revisions[rev.revision] = {
                    "down": list(to_tuple(rev.down_revision, default=())),
                    "labels": sorted(rev._orig_branch_labels),  # declared, not inherited along the branch
                    "deps": list(to_tuple(rev.dependencies, default=())),
                }
        out = {"error": None, "heads": heads, "bases": bases, "revisions": revisions}
    except BaseException as e:  # noqa: every failure is data for the test
        out = {"error": type(e).__name__, "message": str(e)}
    json.dump(out, sys.stdout)


main()
