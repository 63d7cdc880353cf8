#!/usr/bin/env bash
# The production install, checked in a fresh clone of the committed HEAD (uncommitted changes are
# not in it): `npm ci && npm run build && npm prune --omit=dev`, then the hub starts from what is
# left, without TypeScript or any benchmark or test tool, and answers `{ rounds { id } }`.
# It takes a full npm ci (4-5 minutes on 2 cores), which is why .ci/run does not run it.
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
npm ci --no-audit --no-fund
echo "node_modules with dev dependencies: $(du -sh node_modules | cut -f1)"
npm run -s build
npm prune --omit=dev --no-audit --no-fund
echo "node_modules without them: $(du -sh node_modules | cut -f1)"
if [ -e node_modules/typescript ] || [ -e node_modules/autocannon ] || [ -e node_modules/postgraphile ]; then
  echo "FAIL: npm prune --omit=dev left dev tools in node_modules" >&2
  exit 1
fi

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
