#!/usr/bin/env bash
# Real repositories: what real Alembic (oracle.py, Debian's 1.8.1) says versus what `revchain check` says.
#
#   tools/realrepos/run.sh [NAME...]        # every row of repos.tsv, or only the named ones
#
# Environment:
#   REALREPOS_DIR  where the checkouts live, one folder per repos.tsv name (default /work/realrepos)
#   REVCHAIN       the revchain launcher (default: this repository's ./revchain)
#   ORACLE_PYTHON  the Python with Alembic 1.8.1 (default /usr/bin/python3, Debian's python3-alembic)
#   OUT_DIR        where the raw results go (default: a new temporary folder, printed on stderr)
#
# Prints a Markdown table (compare.py) on stdout. Exit status 0 when the table was made, whatever it says.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
REALREPOS_DIR="${REALREPOS_DIR:-/work/realrepos}"
REVCHAIN="${REVCHAIN:-$root/revchain}"
ORACLE_PYTHON="${ORACLE_PYTHON:-/usr/bin/python3}"
OUT_DIR="${OUT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/realrepos.XXXXXX")}"
mkdir -p "$OUT_DIR" "$REALREPOS_DIR"
echo "realrepos: results in $OUT_DIR" >&2

if ! "$ORACLE_PYTHON" -c 'import alembic' 2>/dev/null; then
  echo "realrepos: $ORACLE_PYTHON cannot import alembic (apt-get install python3-alembic)" >&2
  exit 2
fi

wanted=" $* "
selected="$OUT_DIR/repos.tsv"
head -n 1 "$here/repos.tsv" >"$selected"

# checkout NAME GITHUB COMMIT: make $REALREPOS_DIR/NAME a checkout at COMMIT; print "ok" or why not.
checkout() {
  local name="$1" github="$2" commit="$3" dir="$REALREPOS_DIR/$1"
  if ! git -C "$dir" rev-parse --git-dir >/dev/null 2>&1; then
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
      echo "$dir exists but is not a git checkout"; return
    fi
    echo "realrepos: cloning https://github.com/$github into $dir" >&2
    if ! git clone --quiet --no-checkout "https://github.com/$github" "$dir" >&2; then
      rm -rf "$dir"
      echo "missing: clone https://github.com/$github into $dir and check out $commit (no network here?)"; return
    fi
  fi
  local head
  head="$(git -C "$dir" rev-parse HEAD 2>/dev/null || true)"
  if [ "$head" != "$commit" ]; then
    if [ -n "$head" ] && [ -n "$(git -C "$dir" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
      echo "at ${head:0:12}, not ${commit:0:12}, with local changes: check out $commit in $dir yourself"; return
    fi
    git -C "$dir" cat-file -e "$commit^{commit}" 2>/dev/null || git -C "$dir" fetch --quiet origin "$commit" >&2 || true
    if ! git -C "$dir" -c advice.detachedHead=false checkout --quiet --detach "$commit" >&2; then
      echo "at ${head:0:12}: commit $commit not available (git -C $dir fetch origin $commit)"; return
    fi
    head="$(git -C "$dir" rev-parse HEAD)"
    [ "$head" = "$commit" ] || { echo "at ${head:0:12}, not ${commit:0:12}"; return; }
  fi
  echo ok
}

tail -n +2 "$here/repos.tsv" | while IFS=$'\t' read -r name github commit _rest; do
  [ -z "$name" ] && continue
  case "$name" in \#*) continue ;; esac
  if [ -n "${*:-}" ] && [[ "$wanted" != *" $name "* ]]; then continue; fi
  grep -P "^\Q$name\E\t" "$here/repos.tsv" >>"$selected"
  base="$OUT_DIR/$name"
  status="$(checkout "$name" "$github" "$commit")"
  echo "$status" >"$base.status"
  if [ "$status" != ok ]; then
    echo "realrepos: $name: $status" >&2
    continue
  fi
  dir="$REALREPOS_DIR/$name"
  echo "realrepos: $name: oracle" >&2
  "$ORACLE_PYTHON" "$here/oracle.py" "$dir" --repo "$name" --chains "$here/chains.json" \
    >"$base.oracle.json" 2>"$base.oracle.err" </dev/null
  echo "realrepos: $name: revchain check" >&2
  "$REVCHAIN" check --format json "$dir" >"$base.revchain.json" 2>"$base.revchain.err" </dev/null
  rc=$?
  echo "$rc" >"$base.revchain.rc"
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "realrepos: $name: revchain check exited $rc: $(grep -v 'building revchain' "$base.revchain.err" | head -n 1)" >&2
  fi
done

python3 "$here/compare.py" "$selected" "$OUT_DIR"
