#!/usr/bin/env bash
# `npm start` on a fresh machine with Node and npm: installs what it needs, generates a synthetic
# bank and prints its dashboard figures through the strata CLI. (The embedded web dashboard
# replaces this printout once the widgets and the demo portal land.)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  echo "› installing pnpm"
  npm install --global --no-fund --no-audit pnpm@12 >/dev/null
fi
echo "› installing the workspace"
pnpm install --frozen-lockfile --reporter=append-only 2>&1 | tail -n 3

data=demo/.data/bank
echo "› generating a synthetic bank (100,000 loan rows) in $data"
pnpm --silent synth --out "$data" --rows 100000 --format parquet >/dev/null

strata() { node packages/sdk/bin/strata.js "$@"; }
echo; echo "═══ KPIs (latest month end vs the previous) ═══"; strata kpis --data "$data"
echo; echo "═══ NPL by industry class of the employer ═══"; strata npl --data "$data" --by industry_class
echo; echo "═══ Customers by tier ═══"; strata segments --data "$data" --by tier --measure balance
echo; echo "═══ 百日营销: loan amount attainment by institution ═══"; strata attainment --data "$data" --by branch
echo; echo "═══ Pipeline funnel ═══"; strata funnel --data "$data"
