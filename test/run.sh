#!/usr/bin/env bash
# The whole test suite from a fresh machine that has only Node and npm: installs pnpm, the
# workspace and Chromium (Debian's package, when it can), then runs every test.
# `npm test` and .ci/run call this; extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  echo "› installing pnpm"
  npm install --global --no-fund --no-audit pnpm@12 >/dev/null
fi

echo "› installing the workspace"
pnpm install --frozen-lockfile --reporter=append-only 2>&1 | tail -n 3

# Browser tests run in Debian's Chromium; Playwright's own browser download does not work offline.
chromium_path="${CHROMIUM_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium_path" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "› installing Chromium (Debian package)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    chromium_path="$(command -v chromium)"
  else
    echo "Chromium is needed for the browser tests: install Debian's package (sudo apt-get install chromium)" >&2
    echo "or set CHROMIUM_PATH to a Chromium or Chrome binary, then run this again." >&2
    exit 1
  fi
fi
export CHROMIUM_PATH="$chromium_path"
# A Chinese font, so zh-CN screenshots show characters rather than boxes (optional).
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null)" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "› installing a Chinese font (Debian fonts-wqy-microhei) for the screenshots"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1; }; } \
    || echo "  (not installed: zh-CN screenshots will show boxes)"
fi

echo "› type check"
pnpm exec tsc -p tsconfig.json --noEmit
pnpm exec tsc -p test/tsconfig.json --noEmit

echo "› unit tests (vitest: Node with the real duckdb-wasm; renderer snapshots in jsdom; e2e: the built demo portal in Chromium under the strict CSP)"
pnpm exec vitest run --project unit --project dom --project e2e "$@"

echo "› browser tests (@web/test-runner, Chromium at $CHROMIUM_PATH, duckdb-wasm's browser build)"
pnpm exec wtr --config test/browser/wtr.config.mjs
