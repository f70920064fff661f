#!/usr/bin/env python3
"""Markdown table of what real Alembic says versus what `revchain check` says, from the files run.sh wrote.

    python3 compare.py repos.tsv RESULTS_DIR [--no-details]

RESULTS_DIR holds, per repository NAME: NAME.status (ok, or why the checkout is unusable), NAME.oracle.json
(oracle.py), NAME.revchain.json / NAME.revchain.err / NAME.revchain.rc (`revchain check --format json`).

A revchain chain and an Alembic chain agree when their heads and their bases are equal as sets. Each Alembic chain
is paired with the revchain chain that shares most heads and bases with it (each revchain chain used once), so the
details name the closest revchain chain even when they disagree.
"""
import collections
import csv
import json
import os
import sys


def read(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return default


def load_json(path):
    text = read(path)
    if not text or not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def first_line(text, limit=120):
    lines = [l for l in (text or "").splitlines() if l.strip() and "building revchain" not in l]
    line = lines[0].strip() if lines else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def pair(oracle_chains, rc_chains):
    """For each Alembic chain, the closest unused revchain chain (or None)."""
    used = set()
    pairs = []
    for oc in oracle_chains:
        oh, ob = set(oc.get("heads") or []), set(oc.get("bases") or [])
        best, best_score = None, -1
        for i, rc in enumerate(rc_chains):
            if i in used:
                continue
            score = len(oh & set(rc["heads"])) + len(ob & set(rc["bases"]))
            if score > best_score:
                best, best_score = i, score
        if best is not None and (best_score > 0 or not oh):
            used.add(best)
            pairs.append((oc, rc_chains[best]))
        else:
            pairs.append((oc, None))
    return pairs


def md(text):
    return str(text).replace("|", "\\|")


def fmt_ids(ids, limit=4):
    ids = list(ids or [])
    shown = ", ".join(ids[:limit])
    return f"[{shown}{', …' if len(ids) > limit else ''}] ({len(ids)})" if len(ids) != 1 else f"[{shown}]"


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    details = "--no-details" not in argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    tsv, results = args
    with open(tsv, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r.get("name") and not r["name"].startswith("#")]

    table = ["| repository | commit | revchain chains | Alembic chains | agreement (heads+bases) | revchain findings | exit |",
             "|---|---|---|---|---|---|---|"]
    notes = []
    totals = collections.Counter()
    for row in rows:
        name = row["name"]
        base = os.path.join(results, name)
        commit = row["commit"][:12]
        status = (read(base + ".status", "not run") or "").strip()
        if status != "ok":
            table.append(f"| {md(name)} | {commit} | — | — | not run: {md(status)} | — | — |")
            totals["not run"] += 1
            continue
        oracle = load_json(base + ".oracle.json")
        rc_code = (read(base + ".revchain.rc", "") or "").strip()
        rc = load_json(base + ".revchain.json") if rc_code in ("0", "1") else None
        rc_chains = rc["chains"] if rc else []
        o_chains = oracle["chains"] if oracle else []

        o_ok = [c for c in o_chains if not c.get("error")]
        o_err = [c for c in o_chains if c.get("error")]
        o_cell = str(len(o_chains)) if oracle else "oracle failed"
        if o_err:
            o_cell += f" ({len(o_err)} error{'s' if len(o_err) > 1 else ''})"

        if rc is None:
            rc_cell = "—"
            agree_cell = "revchain error"
            find_cell = md(first_line(read(base + ".revchain.err"))) or "—"
            exit_cell = f"{rc_code or '?'}"
            pairs = [(c, None) for c in o_chains]
        else:
            rc_cell = str(len(rc_chains))
            pairs = pair(o_ok, rc_chains)
            agree = sum(1 for oc, rcc in pairs if rcc is not None and set(oc["heads"]) == set(rcc["heads"])
                        and set(oc["bases"]) == set(rcc["bases"]))
            all_agree = agree == len(o_ok) and not o_err and len(rc_chains) == len(o_ok)
            agree_cell = f"{'yes' if all_agree else 'no'} {agree}/{len(o_ok)}"
            if len(rc_chains) != len(o_ok):
                agree_cell += f", {len(rc_chains)} vs {len(o_ok)} chains"
            if o_err:
                agree_cell += f", {len(o_err)} unchecked"
            totals["agree" if all_agree else "disagree"] += 1
            counts = collections.Counter(f["check"] for c in rc_chains for f in c.get("findings", []))
            find_cell = ", ".join(f"{k} ×{v}" for k, v in sorted(counts.items())) or "none"
            exit_cell = rc_code
            pairs += [(c, None) for c in o_err]
        table.append(f"| {md(name)} | {commit} | {rc_cell} | {o_cell} | {agree_cell} | {md(find_cell)} | {exit_cell} |")

        if details:
            notes.append(f"**{name}** ({row['github']} @ {commit}; features {row['features']})")
            if oracle is None:
                notes.append(f"- oracle failed: {md(first_line(read(base + '.oracle.err'), 300))}")
            for oc, rcc in pairs:
                if oc.get("error"):
                    notes.append(f"- Alembic `{oc['name']}`: error: {md(oc['error'])}")
                    continue
                line = (f"- Alembic `{oc['name']}`: {oc['revisions']} revisions, heads {fmt_ids(oc['heads'])}, "
                        f"bases {fmt_ids(oc['bases'])}")
                if rcc is None:
                    line += " — revchain: no matching chain"
                else:
                    same = set(oc["heads"]) == set(rcc["heads"]) and set(oc["bases"]) == set(rcc["bases"])
                    if same and oc["revisions"] == rcc["revisions"]:
                        line += f" — revchain `{rcc['location']}`: same"
                    else:
                        line += (f" — revchain `{rcc['location']}`: {rcc['revisions']} revisions, heads "
                                 f"{fmt_ids(rcc['heads'])}, bases {fmt_ids(rcc['bases'])}")
                subst = [w for w in oc.get("warnings", []) if not w.startswith("alembic ")]
                alembic_w = [w for w in oc.get("warnings", []) if w.startswith("alembic ")]
                if alembic_w:
                    line += f"; Alembic warned: {md(alembic_w[0][:160])}" + (
                        f" (+{len(alembic_w) - 1})" if len(alembic_w) > 1 else "")
                if subst:
                    line += f"; oracle substitutions: {len(subst)}"
                notes.append(line)
            if rc is not None:
                paired = {id(r) for _, r in pairs if r is not None}
                for rcc in rc_chains:
                    if id(rcc) not in paired:
                        notes.append(f"- revchain only `{rcc['location']}`: {rcc['revisions']} revisions, heads "
                                     f"{fmt_ids(rcc['heads'])}, bases {fmt_ids(rcc['bases'])}")
            notes.append("")

    print("\n".join(table))
    print()
    print(f"{len(rows)} repositories: {totals['agree']} agree on every chain, {totals['disagree']} disagree"
          + (f", {totals['not run']} not run" if totals["not run"] else "") + ".")
    if details and notes:
        print()
        print("### Per chain")
        print()
        print("\n".join(notes).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
