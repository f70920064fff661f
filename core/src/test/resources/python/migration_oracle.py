"""Reference reader for revchain's MigrationParser tests: what CPython itself sees in migration files.

Usage: python3 migration_oracle.py DIR  -> prints one JSON object {file name: result} for every file in DIR.

Uses only CPython's own compiler front end (ast, tokenize) and ast.literal_eval; never executes the files.
For each of revision / down_revision / branch_labels / depends_on, the last module-level binding wins;
a binding inside a top-level compound statement, by unpacking, chaining, augmented assignment or import
is "NON_LITERAL". Values are normalised like Alembic (to_tuple + tuple_rev_as_scalar + dedupe in order).
Offsets are UTF-16 code units into the decoded text (BOM removed, line endings as written).
"""
import ast
import bisect
import io
import json
import os
import re
import sys
import tokenize

NAMES = ("revision", "down_revision", "branch_labels", "depends_on")
COMPOUND = tuple(getattr(ast, n) for n in ("If", "For", "AsyncFor", "While", "With", "AsyncWith", "Try",
                                           "TryStar", "Match") if hasattr(ast, n))
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
HEADER = {"revisionId": re.compile(r"^revision id\s*:(.*)$", re.I | re.S),
          "revises": re.compile(r"^revises\s*:(.*)$", re.I | re.S),
          "createDate": re.compile(r"^create date\s*:(.*)$", re.I | re.S)}


class Source:
    def __init__(self, data):
        # CPython's C tokenizer ends lines at CR too when it looks for the coding declaration
        enc = tokenize.detect_encoding(io.BytesIO(re.sub(rb"\r\n?", b"\n", data)).readline)[0]
        self.text = data.decode(enc)
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", self.text)]
        self.astral = [i for i, ch in enumerate(self.text) if ord(ch) > 0xFFFF]
        norm = re.sub(r"\r\n?", "\n", self.text)
        self.tokens = [t for t in tokenize.generate_tokens(io.StringIO(norm).readline)
                       if t.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)]

    def line_text(self, lineno):
        end = self.starts[lineno] if lineno < len(self.starts) else len(self.text)
        return self.text[self.starts[lineno - 1]:end]

    def offset(self, lineno, byte_col):
        """Code-point offset of an ast (line, utf-8 column) position."""
        col = len(self.line_text(lineno).encode("utf-8")[:byte_col].decode("utf-8"))
        return self.starts[lineno - 1] + col

    def line_of(self, off):
        return bisect.bisect_right(self.starts, off)

    def pos(self, row, col):
        return self.starts[row - 1] + col

    def u16(self, off):
        return off + sum(1 for i in self.astral if i < off)

    def outer_span(self, node):
        """The node's span widened over redundant enclosing parentheses, as a statement's value is written."""
        start = self.offset(node.lineno, node.col_offset)
        end = self.offset(node.end_lineno, node.end_col_offset)
        idx = [i for i, t in enumerate(self.tokens) if self.pos(*t.start) == start]
        jdx = [i for i, t in enumerate(self.tokens) if self.pos(*t.end) == end]
        if idx and jdx:
            i, j = idx[0], jdx[-1]
            while i > 0 and j + 1 < len(self.tokens) and self.tokens[i - 1].string == "(" \
                    and self.tokens[j + 1].string == ")":
                i, j = i - 1, j + 1
            start, end = self.pos(*self.tokens[i].start), self.pos(*self.tokens[j].end)
        return start, end


def literal_field(name, node):
    try:
        value = ast.literal_eval(node)
    except Exception:
        return {"state": "NON_LITERAL"}
    while isinstance(node, ast.Expr):
        node = node.value
    if isinstance(value, str):
        return {"state": "LITERAL", "values": [value] if value else [], "emptyString": value == ""}
    if name == "revision":
        return {"state": "WRONG_TYPE"}
    if value is None:
        return {"state": "LITERAL", "values": [], "isNone": True}
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = [ast.literal_eval(e) for e in node.elts]
        if all(isinstance(v, str) for v in items):
            unique = []
            for v in items:
                if v not in unique:
                    unique.append(v)
            return {"state": "LITERAL", "values": unique}
    return {"state": "WRONG_TYPE"}


def bound_names(target):
    """Names a target binds (Store context), not those used in attributes or subscripts."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for e in target.elts for n in bound_names(e)]
    if isinstance(target, ast.Starred):
        return bound_names(target.value)
    return []


def visit(stmt, conditional, src, out):
    def record(name, value_node, span_node, literal):
        if name not in NAMES:
            return
        start, end = src.outer_span(span_node)
        field = literal_field(name, value_node) if literal else {"state": "NON_LITERAL"}
        field.update({"line": src.line_of(start), "start": src.u16(start), "end": src.u16(end)})
        out[name] = field

    if isinstance(stmt, SCOPES):
        return
    if isinstance(stmt, ast.Assign):
        simple = len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
        for target in stmt.targets:
            for name in bound_names(target):
                record(name, stmt.value, stmt.value, simple and not conditional)
    elif isinstance(stmt, ast.AnnAssign):
        if stmt.value is not None:
            for name in bound_names(stmt.target):
                record(name, stmt.value, stmt.value, isinstance(stmt.target, ast.Name) and not conditional)
    elif isinstance(stmt, ast.AugAssign):
        for name in bound_names(stmt.target):
            record(name, stmt.value, stmt.value, False)
    elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
        for alias in stmt.names:
            bound = alias.asname or (alias.name.split(".")[0] if isinstance(stmt, ast.Import) else alias.name)
            record(bound, stmt, stmt, False)
    elif isinstance(stmt, COMPOUND):
        children = list(getattr(stmt, "body", [])) + list(getattr(stmt, "orelse", [])) \
            + list(getattr(stmt, "finalbody", []))
        for handler in getattr(stmt, "handlers", []):
            children += handler.body
        for case in getattr(stmt, "cases", []):
            children += case.body
        for child in children:
            visit(child, True, src, out)


def docstring(tree, src):
    if not tree.body or not isinstance(tree.body[0], ast.Expr):
        return None
    node = tree.body[0].value
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return None
    doc = node.value
    longdoc = doc.strip()
    result = {"message": re.split("\n\n", longdoc)[0], "line": node.lineno,
              "start": src.u16(src.offset(node.lineno, node.col_offset)),
              "end": src.u16(src.offset(node.end_lineno, node.end_col_offset))}
    for k, raw in enumerate(doc.split("\n")):
        stripped = raw.strip()
        for key, pattern in HEADER.items():
            m = pattern.match(stripped)
            if m and key not in result:
                result[key] = m.group(1).strip()
                result[key + "Line"] = node.lineno + k
                break
    return result


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError) as e:
        return {"error": str(getattr(e, "msg", e)), "line": getattr(e, "lineno", 0) or 0}
    src = Source(data)
    fields = {}
    for stmt in tree.body:
        visit(stmt, False, src, fields)
    return {"fields": fields, "doc": docstring(tree, src)}


def main():
    folder = sys.argv[1]
    result = {}
    for name in sorted(os.listdir(folder)):
        try:
            result[name] = read(os.path.join(folder, name))
        except Exception as e:  # the oracle itself failed: report it, the test counts it as a disagreement
            result[name] = {"oracleError": "%s: %s" % (type(e).__name__, e)}
    json.dump(result, sys.stdout, ensure_ascii=True)


main()
