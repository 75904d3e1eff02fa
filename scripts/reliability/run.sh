#!/usr/bin/env bash
# npm run test:reliability: runs the proofs of tests/reliability (their own vitest config, so
# `npm test` does not run them twice), then writes docs/reliability.md from what they recorded.
set -euo pipefail
cd "$(dirname "$0")/../.."

node scripts/ensure-native.mjs node
started_ms=$(($(date +%s) * 1000))
node_modules/.bin/vitest run --config vitest.config.reliability.ts "$@"
# A run of some of the proofs (a file name given) leaves the doc as it was.
if [[ $# -eq 0 ]]; then
  node_modules/.bin/tsx scripts/reliability/writeReport.ts "$started_ms"
  node_modules/.bin/prettier --log-level warn --write docs/reliability.md
fi
