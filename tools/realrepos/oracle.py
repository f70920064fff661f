#!/usr/bin/python3
"""What real Alembic (Debian's 1.8.1, /usr/bin/python3) says about a checkout's migration chains.

    /usr/bin/python3 oracle.py CHECKOUT --repo NAME [--chains chains.json] [--chain CHAIN] [--timeout 60]

Reads the repository's chain specs from chains.json (keyed by repo name; format in README.md) and prints one JSON
object: {"repo", "checkout", "alembic", "chains": [{name, heads, bases, revisions, error, warnings}]}.

Each chain is built in its own subprocess (this same file with --worker) with a timeout, because building a
ScriptDirectory imports every migration file, which imports the project's modules and third-party packages.
Only what fails to import is replaced:

  * a module that no finder can find becomes a stub module whose attributes are stubs (MagicMock-like objects
    that can also be called, subclassed, iterated and used as decorators);
  * a module of the checkout that is found but raises while it runs keeps what it defined before the error, gets
    the top-level constants parsed with `ast` from its file, and stubs for the rest;
  * `from real_module import missing_name` (e.g. a SQLAlchemy 2.0 name on SQLAlchemy 1.4) gets a stub;
  * a migration file whose top-level code raises (not a SyntaxError) is loaded from `ast` instead: its literal
    `revision`, `down_revision`, `branch_labels` and `depends_on` (names from other modules resolved as far as
    possible).

Every such substitution is listed in the chain's `warnings`, so a reader can judge how much of the answer is real
Alembic on real code. Alembic's own warnings (e.g. a down_revision that names nothing) are listed there as well.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"


# --------------------------------------------------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkout")
    ap.add_argument("--repo", required=True, help="key in chains.json")
    ap.add_argument("--chains", default=os.path.join(HERE, "chains.json"))
    ap.add_argument("--chain", action="append", help="only this chain (repeatable)")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        return worker(os.path.abspath(args.checkout), json.loads(args.spec), args.out)

    with open(args.chains, encoding="utf-8") as f:
        all_specs = json.load(f)
    if args.repo not in all_specs:
        print(f"oracle: no chains for {args.repo!r} in {args.chains}", file=sys.stderr)
        return 2
    checkout = os.path.abspath(args.checkout)
    if not os.path.isdir(checkout):
        print(f"oracle: {checkout} is not a directory", file=sys.stderr)
        return 2

    results = []
    for spec in all_specs[args.repo]:
        if args.chain and spec["name"] not in args.chain:
            continue
        results.append(run_chain(checkout, spec, args.timeout))
    print(json.dumps({"repo": args.repo, "checkout": checkout, "alembic": alembic_version(),
                      "chains": results}, indent=2, sort_keys=False))
    return 0


def alembic_version():
    try:
        out = subprocess.run([PYTHON, "-c", "import alembic; print(alembic.__version__)"],
                             capture_output=True, text=True, timeout=30)
        return out.stdout.strip() or None
    except Exception:  # noqa: BLE001 - only informative
        return None


def run_chain(checkout, spec, timeout):
    fd, out = tempfile.mkstemp(prefix="oracle-", suffix=".json")
    os.close(fd)
    base = {"name": spec["name"], "heads": None, "bases": None, "revisions": None, "error": None, "warnings": []}
    try:
        proc = subprocess.run(
            # -B: never write __pycache__ into the checkout; -s/-E: no user site, no PYTHONPATH from outside.
            [PYTHON, "-B", "-s", "-E", os.path.abspath(__file__), checkout, "--repo", "-", "--worker",
             "--spec", json.dumps(spec), "--out", out],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": tempfile.gettempdir()},
        )
        try:
            with open(out, encoding="utf-8") as f:
                text = f.read()
            result = json.loads(text) if text.strip() else None
        except (OSError, ValueError):
            result = None
        if result is None:
            tail = (proc.stderr or "").strip().splitlines()[-5:]
            base["error"] = f"worker exited {proc.returncode} without a result: " + " | ".join(tail)
            return base
        return result
    except subprocess.TimeoutExpired:
        base["error"] = f"timeout after {timeout:g} s"
        return base
    finally:
        try:
            os.unlink(out)
        except OSError:
            pass


# --------------------------------------------------------------------------------------------------------------------
# worker: one chain, in a fresh interpreter
# --------------------------------------------------------------------------------------------------------------------

WARNINGS = []


def warn(msg):
    if msg not in WARNINGS:
        WARNINGS.append(msg)


def worker(root, spec, out):
    # Alembic and SQLAlchemy first, before the checkout is on sys.path (a checkout may hold a folder that shadows them).
    import warnings as pywarnings
    import alembic  # noqa: F401
    import alembic.config
    import alembic.script
    import alembic.util
    import sqlalchemy  # noqa: F401
    sys.dont_write_bytecode = True

    result = {"name": spec["name"], "heads": None, "bases": None, "revisions": None, "error": None,
              "warnings": WARNINGS}
    try:
        cfg, cwd, paths = build_config(root, spec)
        for p in reversed(paths):
            if p not in sys.path:
                sys.path.insert(0, p)
        os.chdir(cwd)
        install_hooks(root, spec.get("stub_constants") or {})
        patch_alembic_loader(root)
        with pywarnings.catch_warnings(record=True) as caught:
            pywarnings.simplefilter("always")
            try:
                script = alembic.script.ScriptDirectory.from_config(cfg)
                rmap = script.revision_map
                revs = {r.revision for r in rmap._revision_map.values() if r is not None}
                result["revisions"] = len(revs)
                result["heads"] = sorted(script.get_heads())
                result["bases"] = sorted(script.get_bases())
            except BaseException as e:  # noqa: BLE001 - report whatever Alembic raised
                result["error"] = f"{type(e).__name__}: {e}"
            for w in caught:
                msg = str(w.message)
                if issubclass(w.category, DeprecationWarning) and "alembic" not in msg.lower():
                    continue
                warn(f"alembic {w.category.__name__}: {msg}")
    except BaseException as e:  # noqa: BLE001
        result["error"] = f"{type(e).__name__}: {e}"
    result["warnings"] = WARNINGS
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0


def rel(root, p):
    return p if os.path.isabs(p) else os.path.normpath(os.path.join(root, p))


def build_config(root, spec):
    """An alembic.config.Config as the project's own CLI/env.py builds it; also the cwd and sys.path entries."""
    import alembic.config

    ini = spec.get("ini")
    toml = spec.get("toml")
    section = spec.get("section") or "alembic"
    paths = []
    if os.path.isdir(os.path.join(root, "src")):
        paths.append(os.path.join(root, "src"))
    paths.append(root)
    paths[0:0] = [rel(root, p) for p in spec.get("sys_path", [])]

    if ini:
        ini_abs = rel(root, ini)
        if not os.path.isfile(ini_abs):
            raise FileNotFoundError(f"no ini file {ini}")
        cfg = alembic.config.Config(ini_abs, ini_section=section)
        if not cfg.file_config.has_section(section):
            raise KeyError(f"no section [{section}] in {ini}")
        cwd = rel(root, spec["cwd"]) if spec.get("cwd") else os.path.dirname(ini_abs)
    else:
        cfg = alembic.config.Config(ini_section=section)
        cwd = rel(root, spec["cwd"]) if spec.get("cwd") else root
        if toml:
            toml_abs = rel(root, toml)
            load_tool_alembic(cfg, toml_abs)
            if not spec.get("cwd"):
                cwd = os.path.dirname(toml_abs)
    # prepend_sys_path, as the alembic command line does it (relative to the working directory)
    psp = cfg.get_main_option("prepend_sys_path")
    if psp:
        for p in psp.replace(",", " ").replace(os.pathsep, " ").split():
            paths.append(os.path.normpath(os.path.join(cwd, p)))

    if spec.get("script_location"):
        sl = spec["script_location"]
        if ":" not in sl or os.path.isabs(sl):
            sl = rel(root, sl)
        cfg.set_main_option("script_location", sl.replace("%", "%%"))
    locations = None
    if spec.get("version_locations") is not None:
        locations = [rel(root, p) for p in spec["version_locations"]]
    if spec.get("recursive"):
        if locations is None:
            vl = cfg.get_main_option("version_locations")
            if vl:
                sep = {None: None, "space": " ", "os": os.pathsep, ":": ":", ";": ";"}.get(
                    cfg.get_main_option("version_path_separator"))
                locations = [x for x in (vl.split(sep) if sep else vl.replace(",", " ").split()) if x]
            else:
                locations = [os.path.join(resolve_script_location(cfg, cwd, paths), "versions")]
        expanded = []
        for loc in locations:
            loc = os.path.normpath(os.path.join(cwd, loc))
            for dirpath, dirnames, _files in os.walk(loc):
                dirnames.sort()
                if dirpath.endswith("__pycache__"):
                    continue
                expanded.append(dirpath)
        warn(f"recursive_version_locations: Alembic 1.8.1 cannot recurse; the oracle passed all {len(expanded)} "
             f"folders under {', '.join(os.path.relpath(l, root) for l in locations)} as version_locations "
             f"(what Alembic >= 1.10 reads)")
        locations = expanded
    if locations is not None:
        cfg.set_main_option("version_locations", os.pathsep.join(locations).replace("%", "%%"))
        cfg.set_main_option("version_path_separator", "os")
    return cfg, cwd, paths


def resolve_script_location(cfg, cwd, paths):
    sl = cfg.get_main_option("script_location")
    if sl and ":" in sl and not os.path.isabs(sl):
        # package resource: the package's folder on the (future) sys.path, without importing it
        pkg, *rest = sl.split(":")
        for p in paths:
            cand = os.path.join(p, *pkg.split("."), *rest)
            if os.path.isdir(cand):
                return cand
        return sl
    return os.path.normpath(os.path.join(cwd, sl or ""))


def load_tool_alembic(cfg, toml_abs):
    """Alembic >= 1.16 reads [tool.alembic] from pyproject.toml; 1.8.1 does not, so the oracle copies it in."""
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python < 3.11
        import toml as tomllib  # type: ignore
    with open(toml_abs, "rb") as f:
        data = tomllib.load(f)
    tool = data.get("tool", {}).get("alembic")
    if tool is None:
        raise KeyError(f"no [tool.alembic] in {toml_abs}")
    here = os.path.dirname(toml_abs)
    for key, value in tool.items():
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            continue  # post_write_hooks and the like
        if isinstance(value, list):
            value = [str(v).replace("%(here)s", here) for v in value]
            value = (os.pathsep if key == "version_locations" else " ").join(value)
            if key == "version_locations":
                cfg.set_main_option("version_path_separator", "os")
        else:
            value = str(value).replace("%(here)s", here)
            if isinstance(tool[key], bool):
                value = value.lower()
        cfg.set_main_option(key, value.replace("%", "%%"))
    warn("[tool.alembic]: Alembic 1.8.1 does not read pyproject.toml; the oracle copied its keys into the config "
         "(as Alembic >= 1.16 does)")


# --------------------------------------------------------------------------------------------------------------------
# import hooks
# --------------------------------------------------------------------------------------------------------------------

def make_stub_classes():
    from unittest import mock

    class StubBase:
        """What a class statement gets when one of its bases is a stub."""

        def __init__(self, *a, **k):
            pass

        def __init_subclass__(cls, **kw):
            pass

        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return Stub(name=name)

    class Stub(mock.MagicMock):
        def __mro_entries__(self, bases):
            return (StubBase,)

        def __iter__(self):
            return iter(())

    return Stub, StubBase


def install_hooks(root, stub_constants):
    import ast
    import builtins
    import importlib
    import importlib.abc
    import importlib.machinery
    import types

    Stub, StubBase = make_stub_classes()
    root_prefix = os.path.join(os.path.realpath(root), "")

    class StubModule(types.ModuleType):
        # callable and subclassable too: `from pkg import Name` may land on a stubbed submodule pkg.Name
        def __call__(self, *a, **k):
            return Stub(name=f"{self.__name__}()")

        def __mro_entries__(self, bases):
            return (StubBase,)

        def __iter__(self):
            return iter(())

        def __getattr__(self, name):
            if name.startswith("__") and name.endswith("__"):
                raise AttributeError(name)
            full = f"{self.__name__}.{name}"
            if any(m == full or m.startswith(full + ".") for m in stub_constants):
                return importlib.import_module(full)  # a stubbed module that carries known constants
            value = Stub(name=full)
            setattr(self, name, value)
            return value

    class StubLoader(importlib.abc.Loader):
        def create_module(self, spec):
            m = StubModule(spec.name)
            m.__path__ = []  # a package, so that submodules resolve (to stubs) too
            return m

        def exec_module(self, module):
            parent = sys.modules.get(module.__name__.rpartition(".")[0])
            if not isinstance(parent, StubModule):  # a stub's submodules are covered by its warning
                warn(f"stubbed module (not importable here): {module.__name__}")
            consts = stub_constants.get(module.__name__)
            if consts:
                for k, v in consts.items():
                    setattr(module, k, tuple(v) if isinstance(v, list) else v)
                warn(f"stub module {module.__name__} given constants from chains.json: "
                     + ", ".join(f"{k}={v!r}" for k, v in consts.items()))

    class StubFinder(importlib.abc.MetaPathFinder):
        """Last on sys.meta_path: only what no other finder found."""

        def find_spec(self, name, path=None, target=None):
            parent = sys.modules.get(name.rpartition(".")[0])
            if parent is not None and not isinstance(parent, StubModule):
                origin = getattr(parent, "__file__", None)
                if origin is None or not os.path.realpath(origin).startswith(root_prefix):
                    # a missing submodule of an installed package: leave it missing (a missing *name* imported
                    # from it is stubbed by guarded_import below)
                    return None
            return importlib.machinery.ModuleSpec(name, StubLoader(), is_package=True)

    def ast_constants(filename):
        """Top-level NAME = literal (or NAME = other constant name) assignments of a Python file."""
        try:
            with open(filename, "rb") as f:
                tree = ast.parse(f.read(), filename)
        except (OSError, SyntaxError, ValueError):
            return {}
        env = {}
        for node in tree.body:
            targets, value = None, None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            if not targets:
                continue
            try:
                v = eval_const(value, env)
            except ValueError:
                continue
            for t in targets:
                if isinstance(t, ast.Name):
                    env[t.id] = v
        return env

    class SafeLoader(importlib.abc.Loader):
        """A checkout module that raises while it runs keeps its constants (parsed with ast) and stubs the rest."""

        def __init__(self, inner):
            self.inner = inner

        def create_module(self, spec):
            return self.inner.create_module(spec)

        def exec_module(self, module):
            try:
                self.inner.exec_module(module)
            except BaseException as e:  # noqa: BLE001 - incl. SyntaxError: newer syntax than this Python 3.11
                filename = getattr(module, "__file__", None)
                consts = ast_constants(filename) if filename else {}
                for k, v in consts.items():
                    if k not in module.__dict__:
                        setattr(module, k, v)
                name = module.__name__

                def __getattr__(attr, _name=name):
                    if attr.startswith("__") and attr.endswith("__"):
                        raise AttributeError(attr)
                    return Stub(name=f"{_name}.{attr}")

                module.__getattr__ = __getattr__
                shown = ", ".join(sorted(k for k in consts if k.isupper())[:8])
                warn(f"module {name} ({os.path.relpath(filename, root) if filename else '?'}) raised "
                     f"{type(e).__name__}: {str(e)[:160]}; fell back to its constants parsed with ast"
                     + (f" ({shown})" if shown else "") + " plus stubs")

        def __getattr__(self, name):
            return getattr(self.inner, name)

    class CheckoutFinder(importlib.abc.MetaPathFinder):
        """First on sys.meta_path: wraps the loader of modules that live in the checkout."""

        def find_spec(self, name, path=None, target=None):
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is None or spec.origin is None or spec.loader is None:
                return None
            if not os.path.realpath(spec.origin).startswith(root_prefix):
                return None
            if isinstance(spec.loader, importlib.machinery.SourceFileLoader):
                spec.loader = SafeLoader(spec.loader)
            return spec

    sys.meta_path.insert(0, CheckoutFinder())
    sys.meta_path.append(StubFinder())

    real_import = builtins.__import__

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        module = real_import(name, globals, locals, fromlist, level)
        if fromlist and not isinstance(module, StubModule):
            missing = [n for n in fromlist if n != "*" and not hasattr(module, n)]
            if missing:
                for n in missing:
                    setattr(module, n, Stub(name=f"{module.__name__}.{n}"))
                warn(f"stubbed missing name(s) {', '.join(missing)} of module {module.__name__}")
        return module

    builtins.__import__ = guarded_import


def eval_const(node, env):
    """ast.literal_eval, plus names assigned earlier in the same file and `+` of such values."""
    import ast
    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        if node.id == "None":
            return None
        raise ValueError(node.id)
    if isinstance(node, (ast.Tuple, ast.List)):
        items = [eval_const(e, env) for e in node.elts]
        return tuple(items) if isinstance(node, ast.Tuple) else items
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return eval_const(node.left, env) + eval_const(node.right, env)
    return ast.literal_eval(node)


def patch_alembic_loader(root):
    """A migration file whose top-level code raises (for want of the project's environment) is read with ast."""
    import ast
    import types
    import alembic.util

    real_load = alembic.util.load_python_file

    def load_python_file(dir_, filename):
        try:
            return real_load(dir_, filename)
        except SyntaxError:
            raise
        except BaseException as e:  # noqa: BLE001
            path = os.path.join(dir_, filename)
            if not filename.endswith(".py"):
                raise
            with open(path, "rb") as f:
                tree = ast.parse(f.read(), path)
            module = types.ModuleType(filename[:-3])
            module.__file__ = path
            env = {}
            imported = {}
            for node in tree.body:
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    for a in node.names:
                        imported[a.asname or a.name] = f"{node.module}.{a.name}"
                elif isinstance(node, ast.Import):
                    for a in node.names:
                        imported[a.asname or a.name.split(".")[0]] = a.asname and a.name or a.name.split(".")[0]
            for node in tree.body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    target, value = node.targets[0].id, node.value
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
                    target, value = node.target.id, node.value
                else:
                    continue
                try:
                    env[target] = resolve_value(value, env, imported)
                except ValueError:
                    continue
            for k in ("revision", "down_revision", "branch_labels", "depends_on"):
                if k in env:
                    setattr(module, k, env[k])
            warn(f"migration file {os.path.relpath(path, root)} raised {type(e).__name__}: {str(e)[:160]}; "
                 f"read its revision/down_revision/branch_labels/depends_on with ast instead")
            return module

    alembic.util.load_python_file = load_python_file


def resolve_value(node, env, imported):
    """A literal, a known name, or module.CONSTANT / imported CONSTANT resolved by importing that module."""
    import ast
    import importlib
    if isinstance(node, ast.Name) and node.id not in env and node.id in imported:
        modname, _, attr = imported[node.id].rpartition(".")
        return getattr(importlib.import_module(modname), attr)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imported:
        target = imported[node.value.id]
        try:
            mod = importlib.import_module(target)
        except ImportError:
            modname, _, attr = target.rpartition(".")
            mod = getattr(importlib.import_module(modname), attr)
        return getattr(mod, node.attr)
    if isinstance(node, (ast.Tuple, ast.List)):
        items = [resolve_value(e, env, imported) for e in node.elts]
        return tuple(items) if isinstance(node, ast.Tuple) else items
    return eval_const(node, env)


if __name__ == "__main__":
    sys.exit(main())
