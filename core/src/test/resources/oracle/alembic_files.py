"""Test oracle: lists the files real Alembic's ScriptDirectory loads, for many layouts in one process.

stdin: JSON list of {"id", "ini", "name"?} (ini: absolute path of alembic.ini; Alembic is run from its folder,
as `alembic -n NAME` when a name is given; "path" is added to sys.path, for package-resource locations)
or {"id", "dir", "versions"} (no ini: a ScriptDirectory over dir with explicit version locations).
stdout: JSON list of {"id", "paths", "real", "warnings", "error"}; paths are absolute, in load order.
The migrations used by the tests only assign revision/down_revision, so loading them is harmless.
"""
import json
import os
import sys
import warnings

from alembic.config import Config
from alembic.script import ScriptDirectory


def run(case):
    out = {"id": case["id"], "paths": [], "real": [], "warnings": [], "error": None}
    cwd = os.getcwd()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if case.get("ini"):
                os.chdir(os.path.dirname(case["ini"]))
                if case.get("path"):
                    sys.path.insert(0, case["path"])
                script = ScriptDirectory.from_config(Config(case["ini"], ini_section=case.get("name", "alembic")))
            else:
                script = ScriptDirectory(case["dir"], version_locations=case["versions"])
            for s in script._load_revisions():
                out["paths"].append(s.path)
                out["real"].append(os.path.realpath(s.path))
        except Exception as e:  # the test compares the failure, not a traceback
            out["error"] = "%s: %s" % (type(e).__name__, e)
        finally:
            os.chdir(cwd)
            if case.get("path") and sys.path and sys.path[0] == case["path"]:
                sys.path.pop(0)
    out["warnings"] = [str(w.message) for w in caught if "loaded twice" in str(w.message)
                       or "version_path_separator" in str(w.message)]
    return out


json.dump([run(c) for c in json.load(sys.stdin)], sys.stdout)
