#!/usr/bin/env bash
# Seeds the fuzz corpora from the fixture cases (named after their folder, so they do
# not collide). The corpora are not committed.
set -euo pipefail
cd "$(dirname "$0")"
for t in scan pipeline shell; do
  mkdir -p "corpus/$t"
  for f in ../transforms/*/cases/*.Dockerfile ../tests/interactions/*.Dockerfile; do
    id=$(basename "$(dirname "$(dirname "$f")")")
    cp "$f" "corpus/$t/$id-$(basename "$f")"
  done
done
