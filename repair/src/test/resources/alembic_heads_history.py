"""Runs real Alembic's `heads` and `history` on every alembic.ini given; one JSON line per ini."""
import io
import json
import sys

from alembic import command
from alembic.config import Config
from alembic.util import CommandError

for ini in sys.argv[1:]:
    res = {"ini": ini}
    for name in ("heads", "history"):
        out = io.StringIO()
        code = 0
        err = ""
        try:
            getattr(command, name)(Config(ini, stdout=out))
        except CommandError as e:
            code, err = 255, "FAILED: %s" % e
        except BaseException as e:  # a traceback in the real CLI
            code, err = 1, "%s: %s" % (type(e).__name__, e)
        res[name] = {"exit": code, "out": out.getvalue(), "err": err}
    print(json.dumps(res), flush=True)
