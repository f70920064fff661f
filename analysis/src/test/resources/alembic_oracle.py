"""Oracle for AlembicDifferentialTest: what real Alembic 1.8.1 does on each version folder.

Usage: python3 alembic_oracle.py ROOT   (every sub-directory of ROOT is one version folder)
Prints one JSON object per folder, one per line, in sorted folder order.

Alembic 1.8.1 lists a version folder with a bare os.listdir() (file-system order); later releases sort the
names. The oracle sorts them too so the run is reproducible; that is the only thing it changes.
"""
import io
import json
import os
import signal
import sys
import warnings

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.script.base import Script

_listdir = Script._list_py_dir.__func__


def _sorted_list_py_dir(cls, scriptdir, path):
    return sorted(_listdir(cls, scriptdir, path))


Script._list_py_dir = classmethod(_sorted_list_py_dir)

TIME_LIMIT = float(os.environ.get("ORACLE_TIME_LIMIT", "1.0"))


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


signal.signal(signal.SIGALRM, _alarm)


def timed(fn):
    """Runs fn under the per-folder time limit: ("ok", value) | ("hang", None) | ("error", (class, message))."""
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        return "ok", fn()
    except Hang:
        return "hang", None
    except BaseException as e:  # noqa: the oracle reports every exception as data
        return "error", (type(e).__name__, str(e))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_command(folder, name):
    out = io.StringIO()
    cfg = Config(stdout=out)
    cfg.set_main_option("script_location", folder)
    cfg.set_main_option("version_locations", folder)
    status, value = timed(lambda: getattr(command, name)(cfg))
    lines = out.getvalue().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return {"lines": lines, "status": status, "error": value if status == "error" else None}


def oracle(folder):
    res = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        script = ScriptDirectory(folder, version_locations=[folder])
        status, value = timed(lambda: (script.get_heads(), script.get_bases()))
    res["warnings"] = [str(w.message) for w in caught]
    if status == "ok":
        res["heads"], res["bases"] = value
        res["error"] = None
    else:
        res["heads"] = res["bases"] = None
        res["error"] = value
    walk_status, walk = timed(lambda: [r.revision for r in script.walk_revisions()])
    res["walk_status"] = walk_status
    res["walk"] = walk if walk_status == "ok" else None
    res["walk_error"] = walk if walk_status == "error" else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res["cmd_heads"] = run_command(folder, "heads")
        res["cmd_history"] = run_command(folder, "history")
        res["cmd_branches"] = run_command(folder, "branches")
    return res


def main():
    root = sys.argv[1]
    for name in sorted(os.listdir(root)):
        folder = os.path.join(root, name)
        if not os.path.isdir(folder):
            continue
        try:
            res = oracle(folder)
        except BaseException as e:  # noqa
            res = {"oracle_error": "%s: %s" % (type(e).__name__, e)}
        res["folder"] = name
        print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
