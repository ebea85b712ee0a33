#!/usr/bin/env bash
# Playwright's webServer: a fresh database in a temp path from the demo's generated extracts
# (scale 1, seed 1: a live ledger, with invoices still open at its as-of date), or from
# $E2E_EXTRACTS, one user per role (e2e/users.ts), then a production build of the app on
# $E2E_PORT. Nothing touches data/app.db.
set -euo pipefail

PORT="${E2E_PORT:-3210}"
DB_DIR="$(mktemp -d -t pi-e2e-XXXXXX)"
export DATABASE_PATH="$DB_DIR/app.db"
export BETTER_AUTH_URL="http://127.0.0.1:$PORT"
EXTRACTS="${E2E_EXTRACTS:-$DB_DIR/extracts}"
if [ -z "${E2E_EXTRACTS:-}" ]; then
  npx tsx etl/generate/cli.ts --out "$EXTRACTS" --scale 1 --seed 1
fi

npx tsx etl/cli.ts import "$EXTRACTS" --db "$DATABASE_PATH"
for role in admin manager staff; do
  # Staff work one region, as in the demo; the others see every region.
  region=Unknown
  if [ "$role" = staff ]; then region=West; fi
  npx tsx etl/users/cli.ts create "$role@example.com" --role "$role" --name "E2E $role" --password "e2e-password-$role" --region "$region"
done
if [ "${E2E_SKIP_BUILD:-0}" != "1" ]; then
  npx next build
fi
# The production server (server.ts): Next behind a Node server that refuses unknown methods.
exec env NODE_ENV=production HOST=127.0.0.1 PORT="$PORT" npx tsx server.ts
