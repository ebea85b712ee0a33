#!/usr/bin/env bash
# Playwright's webServer: a fresh database from the real extracts in a temp path, then a
# production build of the app on $E2E_PORT. Nothing touches data/app.db.
set -euo pipefail

PORT="${E2E_PORT:-3210}"
EXTRACTS="${E2E_EXTRACTS:-../shared/extracts}"
DB_DIR="$(mktemp -d -t pi-e2e-XXXXXX)"
export DATABASE_PATH="$DB_DIR/app.db"

npx tsx etl/cli.ts import "$EXTRACTS" --db "$DATABASE_PATH"
if [ "${E2E_SKIP_BUILD:-0}" != "1" ]; then
  npx next build
fi
exec npx next start -p "$PORT"
