#!/usr/bin/env bash
# Real-build lane: every case under tests/e2e/cases is built before and after
# `dockerlean fix` with buildah (no Docker daemon), smoke-tested in both images, and
# must not grow. Uses the shared image-e2e recipe (../shared/tools/image-e2e), which
# installs buildah and bootstraps local Debian and python stand-in bases.
#
#   tests/e2e/run.sh            safe fixes only
#   MODE=unsafe tests/e2e/run.sh   with --unsafe
#   CASES="a b" ...              only these cases
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
shared=${DOCKERLEAN_SHARED:-$root/../shared}
recipe=$shared/tools/image-e2e/image-e2e.sh
[ -f "$recipe" ] || { echo "e2e: $recipe not found" >&2; exit 2; }

cargo build --release --quiet --bin dockerlean
mode=${MODE:-safe}
flags="--stdout"
[ "$mode" = unsafe ] && flags="--unsafe --stdout"

work=$(mktemp -d /tmp/dockerlean-e2e-cases.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cases"
for c in tests/e2e/cases/*/; do
  name=$(basename "$c")
  if [ -n "${CASES:-}" ] && [[ " $CASES " != *" $name "* ]]; then continue; fi
  cp -a "$c" "$work/cases/$name"
  # Builds reach the package registries through this machine's TLS interception:
  # the cases that fetch over HTTPS get its extra CA certificates in their context.
  mkdir -p "$work/cases/$name/before/extra-ca"
  cp /usr/local/share/ca-certificates/*.crt "$work/cases/$name/before/extra-ca/" 2>/dev/null || true
done

need_python=0
grep -lq '^FROM python' "$work"/cases/*/before/Dockerfile 2>/dev/null && need_python=1

CASES_DIR="$work/cases" BUILTIN_CASES=0 PYTHON_BASES=$need_python ALLOW_EQUAL=${ALLOW_EQUAL:-0} \
  REWRITE_CMD="$root/target/release/dockerlean fix $flags" \
  WORK=${WORK:-/tmp/dockerlean-e2e} \
  bash "$recipe"
