#!/usr/bin/env bash
# Real-build lane: every case under tests/e2e/cases is built before and after
# dockerlean's rewrite (safe fixes, then --unsafe) with `dockerlean compare --engine
# buildah`, which probes both images and compares their configs. A case passes when both
# build, the probe prints the same in both, the configs are equal but for the fields the
# case declares, and the rewritten image is not larger. Prints a table, the median saving
# per mode, and the transforms the cases exercised.
#
#   tests/e2e/run.sh                      every case, both modes (about 30 minutes)
#   CASES="a b" tests/e2e/run.sh          only these cases
#   MODES=unsafe tests/e2e/run.sh         only this mode
#   SELF_CHECK=1 tests/e2e/run.sh         also each original against itself (must verify)
#
# A case is tests/e2e/cases/<name>/: before/ (the build context with its Dockerfile),
# probe (a shell command run in both images; `compare` also verifies that the image
# config is the same, and any difference fails the case), optionally rebuild (a file of
# the context, then the text of an install step: `compare --rebuild FILE` rebuilds both
# with their cache after FILE changed, and the install must run again before the
# rewrite and come from the cache after it), optionally flags (more options for fix
# and compare, on one line), optionally modes (the modes it runs in, when not both),
# optionally against/ (hand-written Dockerfiles `compare
# --against` must accept, `accept-*.Dockerfile`, or reject with exit 1,
# `reject-*.Dockerfile`), and optionally setup (run in
# the copied
# context first, for what cannot be committed, such as a .git folder), and optionally
# known-differences (files an unsafe fix changes by design that the file check cannot
# attribute, `mode path` per line, each with a comment saying why).
# Base images come from tests/e2e/bases.sh and stay cached between runs.
set -Eeuo pipefail
# One block, read whole before it runs: editing this file during a run cannot change it.
{
cd "$(dirname "$0")/../.."
root=$PWD
modes=${MODES:-safe unsafe}

cases=()
for c in tests/e2e/cases/*/; do
	name=$(basename "$c")
	if [ -n "${CASES:-}" ] && [[ " $CASES " != *" $name "* ]]; then continue; fi
	cases+=("$name")
done
[ ${#cases[@]} -gt 0 ] || { echo "e2e: no case matches CASES=$CASES" >&2; exit 2; }

# Only the stand-ins the chosen cases start from (a first run bootstraps them).
STANDINS=""
for f in python node ruby eclipse-temurin golang rust php; do
	for c in "${cases[@]}"; do
		grep -q "^FROM $f" "tests/e2e/cases/$c/before/Dockerfile" && { STANDINS+=" $f"; break; }
	done
done
# dockerlean's own image (the repository's Dockerfile) is built in the full lane, or
# with IMAGE=1; IMAGE=0 leaves it out.
image=${IMAGE:-}
[ -z "$image" ] && { [ -n "${CASES:-}" ] && image=0 || image=1; }
[ "$image" = 1 ] && STANDINS+=" rust-self"
export STANDINS
. tests/e2e/bases.sh

cargo build --release --quiet --bin dockerlean
work=$(mktemp -d "${TMPDIR:-/tmp}/dockerlean-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Its own copy: a build in the tree while the lane runs does not change what it tests.
cp "$root/target/release/dockerlean" "$work/dockerlean"
bin=$work/dockerlean
rows=$work/rows.tsv
: > "$rows"
: > "$work/applied"

for name in "${cases[@]}"; do
	src=tests/e2e/cases/$name
	probe=$(cat "$src/probe")
	for mode in $modes; do
		[ "$mode" = none ] && continue
		# A case may run in some modes only (`modes`: a fix only --unsafe makes).
		if [ -f "$src/modes" ] && ! grep -qw "$mode" "$src/modes"; then continue; fi
		ctx=$work/$name-$mode
		cp -a "$src/before" "$ctx"
		# The builds reach the package registries through this machine's TLS
		# interception; cases that fetch over HTTPS copy these certificates in.
		if grep -q extra-ca "$ctx/Dockerfile"; then
			mkdir -p "$ctx/extra-ca"
			cp /usr/local/share/ca-certificates/*.crt "$ctx/extra-ca/" 2>/dev/null || true
		fi
		[ -f "$src/setup" ] && (cd "$ctx" && sh "$root/$src/setup")
		flags=(--isolated --quiet)
		[ "$mode" = unsafe ] && flags+=(--unsafe)
		# A case's own options for fix and compare (`--cache-mounts`).
		[ -f "$src/flags" ] && read -r -a extra < "$src/flags" && flags+=("${extra[@]}")
		"$bin" fix --check --format json "${flags[@]}" "$ctx" > "$work/$name-$mode.fixes" || true
		python3 -c 'import json,sys; [print(f["transform"]) for f in json.load(open(sys.argv[1]))]' \
			"$work/$name-$mode.fixes" >> "$work/applied"
		echo "[e2e] $name ($mode): $(python3 -c 'import json,sys; print(", ".join(sorted({f["transform"] for f in json.load(open(sys.argv[1]))})) or "no change")' "$work/$name-$mode.fixes")" >&2
		rc=0
		rb=()
		[ -f "$src/rebuild" ] && rb=(--rebuild "$(head -1 "$src/rebuild")")
		"$bin" compare "$ctx/Dockerfile" --engine buildah --probe "$probe" --format json "${flags[@]}" "${rb[@]}" \
			> "$work/$name-$mode.json" 2> "$work/$name-$mode.err" || rc=$?
		mkdir -p "$root/target/e2e-reports" && cp "$work/$name-$mode.json" "$root/target/e2e-reports/"
		if [ $rc = 2 ]; then
			echo "[e2e] $name ($mode): compare failed:" >&2; cat "$work/$name-$mode.err" >&2
			printf '%s\t%s\terror\n' "$name" "$mode" >> "$rows"
			continue
		fi
		CASE_DIR=$src python3 - "$name" "$mode" "$work/$name-$mode.json" >> "$rows" <<'PY'
import json, os, sys
name, mode, path = sys.argv[1:]
r = json.load(open(path))
if not r["changed"]:
    print(f"{name}\t{mode}\tunchanged")
    sys.exit()
b, a = r["before"], r["after"]
after = a.get("size") if a["build_ok"] else None
diffs = [d["field"] for d in r.get("config_differences", [])]
config = "yes" if not diffs else "NO: " + ",".join(diffs)
rebuild = "-"
rb_path = os.path.join(os.environ["CASE_DIR"], "rebuild")
if os.path.exists(rb_path):
    install = open(rb_path).read().splitlines()[1]
    rb = r.get("rebuild")
    if not rb or not rb["before"]["build_ok"] or not rb["after"]["build_ok"]:
        rebuild = "NO: rebuild failed"
    else:
        ran = lambda side: any(install in s for s in rb[side]["steps_run_again"])
        rebuild = f'{rb["before"]["seconds"]:.1f} s -> {rb["after"]["seconds"]:.1f} s'
        if not ran("before") or ran("after"):
            rebuild = f"NO: {install} ran again before: {ran('before')}, after: {ran('after')} ({rebuild})"
# The file check: the original's files in the rewrite, or removed by design.
fc = r.get("files")
if fc is None:
    files = "NO: " + r.get("files_not_checked", "not checked")
elif fc["unexpected_count"]:
    # A case may name differences an unsafe fix makes by design and the file check
    # cannot attribute (`known-differences`: lines `mode path`, # comments): the case
    # passes when the unexpected files are exactly those.
    known = set()
    kd = os.path.join(os.environ["CASE_DIR"], "known-differences")
    if os.path.exists(kd):
        for line in open(kd):
            if line.strip() and not line.startswith("#"):
                m, p = line.split(None, 1)
                if m == mode:
                    known.add(p.strip())
    got = {u["path"] for u in fc["unexpected"]}
    if got == known and fc["unexpected_count"] == len(known):
        expected = sum(g["files"] for g in fc["expected"])
        files = f'{fc["original_files"]["files"]} checked, {expected} exp, {len(known)} known, {fc["new_in_rewrite"]["files"]} new, {fc["seconds"]:.1f} s'
    else:
        u = fc["unexpected"][0]
        files = f'NO: {fc["unexpected_count"]} unexpected ({u["path"]}: {u["problem"]})'
else:
    expected = sum(g["files"] for g in fc["expected"])
    files = f'{fc["original_files"]["files"]} checked, {expected} exp, {fc["new_in_rewrite"]["files"]} new, {fc["seconds"]:.1f} s'
print("\t".join([name, mode, "built", str(b["size"]), str(after if after is not None else "-"),
                 "yes" if a["build_ok"] else "NO",
                 "yes" if r["probe_identical"] else "NO", config, files, rebuild]))
PY
		tail -1 "$rows" | sed 's/^/[e2e] /' >&2
	done
	# The verdicts on hand-written variants (safe mode's copy of the context).
	# SELF_CHECK=1: the original against itself too, which the verification must accept
	# (two builds of one Dockerfile differ only where transforms/compare/volatile.toml says).
	selves=()
	[ "${SELF_CHECK:-}" = 1 ] && selves=("$src/before/Dockerfile")
	for other in "$src"/against/*.Dockerfile "${selves[@]}"; do
		[ -f "$other" ] || continue
		ctx=$work/$name-against
		[ -d "$ctx" ] || { cp -a "$src/before" "$ctx"; [ -f "$src/setup" ] && (cd "$ctx" && sh "$root/$src/setup"); }
		if grep -q extra-ca "$ctx/Dockerfile"; then
			mkdir -p "$ctx/extra-ca"
			cp /usr/local/share/ca-certificates/*.crt "$ctx/extra-ca/" 2>/dev/null || true
		fi
		want=$(basename "$other"); want=${want%%-*}
		[ "$other" = "$src/before/Dockerfile" ] && want=accept
		rc=0
		"$bin" compare "$ctx/Dockerfile" --engine buildah --probe "$probe" --isolated --quiet \
			--against "$other" > "$work/verdict.out" 2>&1 || rc=$?
		got=other; [ $rc = 0 ] && got=accept; [ $rc = 1 ] && got=reject
		why=$({ grep -E '^  [A-Z][A-Za-z.]*: |^  /[^ ]*: [a-z ]+$|probe: OUTPUTS DIFFER|^files: [0-9]+ UNEXPECTED' "$work/verdict.out" || true; } | sed 's/ (.*//' | tr -s ' ' | paste -sd';' -)
		printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$(basename "$other")" "$want" "$got" "$why" >> "$work/verdicts"
		echo "[e2e] $name --against $(basename "$other"): $got (wanted $want) $why" >&2
	done
done

# dockerlean's own image: it builds, runs, rewrites a Dockerfile on standard input, and
# its Dockerfile gets no finding from dockerlean (--unsafe).
if [ "$image" = 1 ]; then
	echo "[e2e] building dockerlean's own image from the repository's Dockerfile" >&2
	t0=$(date +%s); ok=yes; why=
	if buildah bud --layers --format docker --pull=never -t localhost/dockerlean:lane "$root" > "$work/image.log" 2>&1; then
		secs=$(( $(date +%s) - t0 ))
		size=$(buildah images --format '{{.Size}}' localhost/dockerlean:lane 2>/dev/null | head -1)
		ctr=$(buildah from --pull=never localhost/dockerlean:lane)
		version=$(buildah run "$ctr" -- dockerlean --version 2>&1) || { ok=NO; why="--version: $version"; }
		merged=$(buildah run "$ctr" -- sh -c 'printf "FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\n" | dockerlean fix --isolated --stdout -' 2>&1) || true
		case "$merged" in *"apt-get update && "*) ;; *) ok=NO; why="fix --stdout did not merge: $merged" ;; esac
		buildah rm "$ctr" >/dev/null
		rc=0; findings=$("$bin" check --unsafe --isolated --quiet "$root/Dockerfile" 2>&1) || rc=$?
		[ $rc = 0 ] || { ok=NO; why="dockerlean check finds: $findings"; }
		buildah rmi localhost/dockerlean:lane >/dev/null 2>&1 || true
		why=$(printf '%s' "$why" | tr '\n\t' '  ')
		printf '%s\t%s\t%s\t%s\t%s\n' "$ok" "$secs" "$size" "$version" "$why" > "$work/image"
	else
		tail -20 "$work/image.log" >&2
		printf 'NO\t-\t-\t-\tthe build failed\n' > "$work/image"
	fi
	echo "[e2e] dockerlean image: $(cat "$work/image")" >&2
fi

touch "$work/verdicts" "$work/image"
python3 - "$rows" "$work/applied" "$bin" "${CASES:-}" "$work/verdicts" "$work/image" <<'PY'
import statistics, subprocess, sys
rows_path, applied_path, bin_, subset, verdicts_path, image_path = sys.argv[1:]
# apk needs Alpine's apk-tools and mirrors, which this machine cannot reach (Debian does
# not package apk-tools); its fixtures cover it. (rpm-cache runs dnf on a local repository.)
UNREACHABLE = {"apk-no-cache"}
failed = []
table = [("case", "mode", "before bytes", "after bytes", "saving", "build ok", "probe ok", "config ok", "files (checked, expected, new)", "rebuild before -> after")]
savings = {}
for line in open(rows_path):
    f = line.rstrip("\n").split("\t")
    name, mode, kind = f[0], f[1], f[2]
    if kind == "error":
        table.append((name, mode, "-", "-", "-", "NO", "-", "-", "-", "-")); failed.append(f"{name} ({mode})")
        continue
    if kind == "unchanged":
        table.append((name, mode, "-", "-", "unchanged", "-", "-", "-", "-", "-"))
        savings.setdefault(mode, []).append((0.0, False))
        continue
    before, after, build_ok, probe_ok, config_ok, files_ok, rebuild = int(f[3]), f[4], f[5], f[6], f[7], f[8], f[9]
    if after == "-":
        table.append((name, mode, str(before), "-", "-", build_ok, probe_ok, "-", "-", "-")); failed.append(f"{name} ({mode})")
        continue
    after = int(after)
    pct = (before - after) * 100.0 / before
    savings.setdefault(mode, []).append((pct, True))
    table.append((name, mode, str(before), str(after), f"{pct:.1f} %", build_ok, probe_ok, config_ok, files_ok, rebuild))
    # A case about the build cache may grow by the layer of the manifests it copies first.
    allowed = 64 * 1024 if rebuild != "-" else 0
    if build_ok != "yes" or probe_ok != "yes" or config_ok.startswith("NO") or files_ok.startswith("NO") or rebuild.startswith("NO") or after > before + allowed:
        failed.append(f"{name} ({mode})")
widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
for r in table:
    print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
print()
for mode, runs_of_mode in savings.items():
    s = [p for p, _ in runs_of_mode]
    changed = [p for p, c in runs_of_mode if c]
    print(f"median saving, {mode}: {statistics.median(s):.1f} % over {len(s)} cases"
          + (f", {statistics.median(changed):.1f} % over the {len(changed)} it changes" if changed else ""))
applied = set(open(applied_path).read().split())
# Advice-only transforms (their fixes column says "advice") change nothing to build.
ids = [l.split()[0] for l in subprocess.run([bin_, "transforms"], capture_output=True, text=True).stdout.splitlines()[1:]
       if l.split()[2] != "advice"]
print("transforms exercised:", ", ".join(sorted(applied)) or "none")
missing = [i for i in ids if i not in applied and i not in UNREACHABLE]
if missing and not subset:
    print("transforms no case exercises:", ", ".join(missing)); failed.append("coverage")
runs = len(table) - 1
verdicts = [l.rstrip("\n").split("\t") for l in open(verdicts_path) if l.strip()]
if verdicts:
    print()
    print("compare --against verdicts:")
    for name, other, want, got, why in verdicts:
        ok = "ok" if want == got else "WRONG"
        print(f"  {name} {other}: {got} (wanted {want}) {ok}  {why}")
        if want != got:
            failed.append(f"{name} --against {other}")
runs += len(verdicts)
for line in open(image_path):
    ok, secs, size, version, why = line.rstrip("\n").split("\t")
    print()
    print(f"dockerlean's own image: {'ok' if ok == 'yes' else 'FAILED'}, built in {secs} s, {size}, {version}"
          + (f": {why}" if why else "; its Dockerfile gets no finding from `dockerlean check --unsafe`"))
    runs += 1
    if ok != "yes":
        failed.append("dockerlean image")
bad = [f for f in failed if f != "coverage"]
print(f"{runs - len(bad)} of {runs} runs passed" + (": failed " + ", ".join(failed) if failed else ""))
sys.exit(1 if failed else 0)
PY
exit
}
