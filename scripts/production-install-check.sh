#!/usr/bin/env bash
# The production install, checked in a fresh clone of the committed HEAD (uncommitted changes are
# not in it): `npm ci --omit=dev` (its prepare step builds the hub: TypeScript and the type
# packages the sources need are runtime dependencies), then `npm run build` (a no-op), then the hub
# starts from what is installed, without any benchmark or test tool, and answers `{ rounds { id } }`.
# The second path, `npm ci && npm run build && npm prune --omit=dev`, is checked with --prune.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
hub_pid=''
cleanup() {
  if [ -n "$hub_pid" ]; then kill "$hub_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$repo" "$work/hub"
cd "$work/hub"
started=$SECONDS
if [ "${1:-}" = "--prune" ]; then
  npm ci --no-audit --no-fund
  echo "node_modules with dev dependencies: $(du -sh node_modules | cut -f1)"
  npm run -s build
  npm prune --omit=dev --no-audit --no-fund
else
  npm ci --omit=dev --no-audit --no-fund
  npm run -s build
fi
echo "install and build: $((SECONDS - started)) s; node_modules without dev dependencies: $(du -sh node_modules | cut -f1)"
if [ -e node_modules/jest ] || [ -e node_modules/autocannon ] || [ -e node_modules/postgraphile ]; then
  echo "FAIL: the production install holds dev tools" >&2
  exit 1
fi
[ -f dist/src/main.js ] || { echo "FAIL: the build left no dist/src/main.js" >&2; exit 1; }

# What `npm start` runs first: without TypeScript it must keep the dist/ already built.
node scripts/build.js
env -u DATABASE_URL SQLITE_PATH="$work/hub.sqlite" PORT=0 HOST=127.0.0.1 LOG_FORMAT=json \
  node dist/src/main.js >"$work/log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 90); do grep -q '"port":' "$work/log" && break; kill -0 "$hub_pid" 2>/dev/null || break; sleep 1; done
port=$(grep -o '"port":[0-9]*' "$work/log" | head -1 | cut -d: -f2)
[ -n "$port" ] || { echo "FAIL: the hub did not start:" >&2; cat "$work/log" >&2; exit 1; }
answer=$(node -e '
  fetch(process.argv[1], { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ rounds { id } }" }) })
    .then((r) => r.text()).then((t) => process.stdout.write(t), (e) => { console.error(e.message); process.exit(1); });
' "http://127.0.0.1:$port/graphql")
echo "$answer"
node -e 'const a = JSON.parse(process.argv[1]); if (a.errors || !(a.data?.rounds?.length > 0)) process.exit(1);' "$answer" \
  || { echo "FAIL: the hub did not answer { rounds { id } } with rounds" >&2; exit 1; }
echo "production install: the hub starts without dev dependencies and answers"
