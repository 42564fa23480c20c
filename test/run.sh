#!/usr/bin/env bash
# The whole test suite from a fresh machine that has only Node and npm: installs pnpm and the
# workspace, then runs every test. `npm test` (and .ci/run) call this.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  echo "› installing pnpm"
  npm install --global --no-fund --no-audit pnpm@12 >/dev/null
fi

echo "› installing the workspace"
pnpm install --frozen-lockfile --reporter=append-only 2>&1 | tail -n 3

echo "› type check"
pnpm exec tsc -p tsconfig.json --noEmit
pnpm exec tsc -p test/tsconfig.json --noEmit

echo "› unit tests (vitest, Node, real duckdb-wasm)"
pnpm exec vitest run --project unit "$@"
