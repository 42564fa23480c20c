#!/usr/bin/env bash
# `npm start` on a fresh machine with Node and npm: installs pnpm and the workspace, generates the
# synthetic branches, builds the demo portal and serves it under the strict Content-Security-Policy
# (Ctrl+C stops it). HOST and PORT choose where (default 127.0.0.1:4173, the next free port if taken).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  echo "› installing pnpm"
  npm install --global --no-fund --no-audit pnpm@12 >/dev/null
fi
echo "› installing the workspace"
pnpm install --frozen-lockfile --reporter=append-only 2>&1 | tail -n 3

tsx() { node node_modules/tsx/dist/cli.mjs "$@"; }
tsx demo/generate-data.ts
echo "› building the demo portal (dist/demo)"
node node_modules/vite/bin/vite.js build --config demo/vite.config.ts --logLevel warn

echo "› serving it"
exec node node_modules/tsx/dist/cli.mjs demo/serve.ts --host "${HOST:-127.0.0.1}" --port "${PORT:-4173}"
