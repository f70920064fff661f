#!/usr/bin/env bash
# The GitHub Action's entry point (action.yml): checks the Alembic chains under INPUT_PATH, the pull request's or
# merge queue's base included, and reports to GitHub: SARIF for code scanning, the first annotations per severity,
# every finding in the job's step summary, and the step's outputs. Exit: 0 passed, 1 failed on INPUT_FAIL_ON,
# 2 revchain could not check (its one-line reason is an ::error:: annotation).
#
# Settings (action.yml maps the inputs to these): INPUT_PATH (.), INPUT_POLICY, INPUT_AGAINST (default: the
# pull request's base, or the merge group's base), INPUT_FAIL_ON (error | warning | never), INPUT_ALEMBIC_VERSION,
# INPUT_ANNOTATIONS (10 per severity: GitHub shows at most 10 of each per step), INPUT_SARIF_FILE; REVCHAIN, the
# command to run (default: revchain on PATH). GitHub's own: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH,
# GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP.
set -uo pipefail

revchain="${REVCHAIN:-revchain}"
path="${INPUT_PATH:-.}"
fail_on="${INPUT_FAIL_ON:-error}"
annotations="${INPUT_ANNOTATIONS:-10}"
tmp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
sarif="${INPUT_SARIF_FILE:-$tmp/revchain.sarif}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
outputs="${GITHUB_OUTPUT:-/dev/null}"

case "$fail_on" in
  error|warning|never) ;;
  *) echo "::error title=revchain::fail-on must be error, warning or never (got '${fail_on//[$'\r\n%']/}')"; exit 2 ;;
esac
case "$annotations" in
  ''|*[!0-9]*) echo "::error title=revchain::annotations must be a number (got '${annotations//[$'\r\n%']/}')"; exit 2 ;;
esac

cd "${GITHUB_WORKSPACE:-.}" || exit 2

# The base to merge into: given, or the pull request's or the merge group's (the queue checks the real merge result).
against="${INPUT_AGAINST:-}"
if [ -z "$against" ] && [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "${GITHUB_EVENT_PATH}" ]; then
  against="$(python3 - "${GITHUB_EVENT_NAME:-}" "$GITHUB_EVENT_PATH" <<'PY'
import json, re, sys
name, path = sys.argv[1], sys.argv[2]
try:
    with open(path, encoding="utf-8") as f:
        event = json.load(f)
except (OSError, ValueError):
    sys.exit(0)
sha = ""
if name in ("pull_request", "pull_request_target"):
    sha = ((event.get("pull_request") or {}).get("base") or {}).get("sha") or ""
elif name == "merge_group":
    sha = (event.get("merge_group") or {}).get("base_sha") or ""
# only a commit id: the payload is not ours to trust
print(sha if re.fullmatch(r"[0-9a-f]{40}([0-9a-f]{24})?", sha) else "")
PY
)"
fi

args=(check)
[ -n "${INPUT_POLICY:-}" ] && args+=(--policy "$INPUT_POLICY")
[ -n "${INPUT_ALEMBIC_VERSION:-}" ] && args+=(--alembic-version "$INPUT_ALEMBIC_VERSION")
if [ -n "$against" ]; then
  # a shallow checkout may lack the base: fetch just that commit
  if ! git -C "$path" cat-file -e "$against^{commit}" 2>/dev/null &&
     ! git -C "$path" fetch --quiet --no-tags --depth=1 origin "$against" 2>/dev/null; then
    echo "::error title=revchain::the base commit $against is not in the checkout and could not be fetched (actions/checkout with fetch-depth: 0)"
    echo "status=error" >>"$outputs"
    exit 2
  fi
  # the short id: it names the base in every message
  args+=(--against "$(git -C "$path" rev-parse --short=12 "$against^{commit}")")
fi

json="$tmp/revchain-$$.json"
err="$tmp/revchain-$$.err"
trap 'rm -f "$json" "$err"' EXIT

# one run: JSON for the summary and the outputs, SARIF for code scanning
"$revchain" "${args[@]}" --format json --sarif-file "$sarif" "$path" >"$json" 2>"$err"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
  # exit 2: revchain's one line says why (a bad path, a bad configuration); never read as "findings"
  reason="$(head -c 2000 "$err" | tr -d '\r' | tr '\n' ' ' | sed 's/%/%25/g')"
  echo "::error title=revchain::${reason:-revchain exited with $rc}"
  { echo "status=error"; echo "sarif-file="; } >>"$outputs"
  printf '## revchain\n\nCould not check %s: %s\n' "$(printf '%s' "$path" | sed 's/[][<>&`@|\\]/ /g')" \
    "$(head -c 2000 "$err" | tr '\r\n' '  ' | sed 's/[][<>&`@|\\]/ /g')" >>"$summary"
  exit 2
fi

python3 - "$json" "$fail_on" "$annotations" "$sarif" "$summary" "$outputs" "$path" "$against" <<'PY'
import html, json, re, sys

report_file, fail_on, cap, sarif, summary_file, outputs_file, path, against = sys.argv[1:9]
cap = int(cap)
with open(report_file, encoding="utf-8") as f:
    report = json.load(f)

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean(s, limit=1000):
    """One line of repository text, no control character, capped."""
    s = CONTROL.sub(" ", str(s if s is not None else ""))
    return s if len(s) <= limit else s[:limit] + "…"


def data(s):
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def prop(s):
    return data(s).replace(":", "%3A").replace(",", "%2C")


def cell(s):
    """Markdown text (never inside a code span): no HTML, no table break, no mention, no link or image syntax."""
    s = html.escape(clean(s, 300), quote=False)
    for ch, ent in (("|", "&#124;"), ("`", "&#96;"), ("@", "&#64;"), ("[", "&#91;"), ("]", "&#93;"),
                    ("\\", "&#92;")):
        s = s.replace(ch, ent)
    return s


chains = [c for c in report.get("chains", []) if c.get("checked", True)]
findings = [(c, f) for c in report.get("chains", []) for f in c.get("findings", [])]
errors = sum(1 for _, f in findings if f.get("severity") == "error")
warnings = sum(1 for _, f in findings if f.get("severity") == "warning")
heads = sum(len(c.get("heads", [])) for c in chains)
status = "unhealthy" if errors else ("warning" if findings else "healthy")

# annotations: GitHub shows the first 10 of each severity per step; the rest are in the summary
shown = {"error": 0, "warning": 0, "notice": 0}
for _, f in findings:
    level = {"error": "error", "warning": "warning"}.get(f.get("severity"), "notice")
    if shown[level] >= cap:
        continue
    shown[level] += 1
    props = []
    if f.get("file"):
        props.append("file=" + prop(clean(f["file"])))
        if isinstance(f.get("line"), int) and f["line"] > 0:
            props.append("line=%d" % f["line"])
    props.append("title=" + prop("revchain " + clean(f.get("check"))))
    message = data(clean(f.get("message")))
    if f.get("alembic"):
        message += "%0AAlembic: " + data(clean(f["alembic"]))
    print("::%s %s::%s" % (level, ",".join(props), message))
left = len(findings) - sum(shown.values())
if left > 0:
    print("::notice title=revchain::%d more finding(s) in the job summary" % left)

with open(summary_file, "a", encoding="utf-8") as out:
    out.write("## revchain: %s\n\n" % status)
    where = cell(path)
    if against:
        where += " merged into " + cell(against[:12])
    out.write("%s: %d chain(s), %d head(s), %d error(s), %d warning(s), %d finding(s) in all.\n\n"
              % (where, len(chains), heads, errors, warnings, len(findings)))
    for c in report.get("chains", []):
        out.write("- chain **%s** (%s): %s revision(s), heads %s\n" % (
            cell(c.get("name")), cell(c.get("location")), c.get("revisions", 0),
            ", ".join(cell(h) for h in c.get("heads", [])) or "none"))
    if findings:
        out.write("\n| severity | check | file | line | message |\n|---|---|---|---|---|\n")
        for c, f in findings:
            out.write("| %s | %s | %s | %s | %s |\n" % (
                cell(f.get("severity")), cell(f.get("check")), cell(f.get("file") or ""),
                f.get("line") if isinstance(f.get("line"), int) and f.get("line") > 0 else "",
                cell(f.get("message"))))
    out.write("\n")

with open(outputs_file, "a", encoding="utf-8") as out:
    out.write("status=%s\nheads=%d\nfindings=%d\nerrors=%d\nwarnings=%d\nsarif-file=%s\n"
              % (status, heads, len(findings), errors, warnings, sarif))

failed = (fail_on == "error" and errors > 0) or (fail_on == "warning" and errors + warnings > 0)
sys.exit(1 if failed else 0)
PY
