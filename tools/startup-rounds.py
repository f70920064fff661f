#!/usr/bin/env python3
"""Times command lines against each other in rotated rounds and prints medians as ratios to the first.

    tools/startup-rounds.py --rounds 20 'floor=java -cp /tmp/hello Hello' 'version=./revchain --version' ...

Each round starts every command once, the order rotated from round to round, so a machine that slows down mid-run
(other builds on the same cores) slows every command alike; the first command is the floor the ratios are to, and
one named "alembic" (if any) is a second reference. Output and exit codes are ignored. Used for the start-up steps
in BENCHMARKS.md, where builds of several commits are compared in one run; `revchain bench --startup` measures the
current build alone.
"""
import argparse
import shlex
import statistics
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("commands", nargs="+", help="NAME=COMMAND LINE; the first is the floor")
    a = ap.parse_args()
    named = [c.split("=", 1) for c in a.commands]
    cmds = [(n, shlex.split(c)) for n, c in named]
    times = {n: [] for n, _ in cmds}

    def once(cmd):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return (time.perf_counter() - t) * 1000

    for _, c in cmds:
        once(c)  # warm: file caches, archives, bytecode caches
    for r in range(a.rounds):
        for i in range(len(cmds)):
            n, c = cmds[(i + r) % len(cmds)]
            times[n].append(once(c))
        print(f"round {r + 1} of {a.rounds}", file=sys.stderr, flush=True)
    floor = statistics.median(times[cmds[0][0]])
    alembic = statistics.median(times["alembic"]) if "alembic" in times else None
    print(f"{a.rounds} rounds\n")
    print("| command | median | min | ÷ floor |" + (" ÷ `alembic heads` |" if alembic else ""))
    print("|---|---:|---:|---:|" + ("---:|" if alembic else ""))
    for n, _ in cmds:
        m = statistics.median(times[n])
        row = f"| {n} | {m:.0f} ms | {min(times[n]):.0f} ms | {m / floor:.2f} |"
        if alembic:
            row += f" {m / alembic:.2f} |"
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
