#!/usr/bin/env bash
# The browser benchmark (a measurement, not part of scripts/test.sh): builds the production
# console (release), serves it with the demo manager (baton-demo-server), and runs
# tests/perf/bench.mjs in headless Chromium. Prints medians and ranges over cold runs.
#   scripts/bench-browser.sh [runs]          (default 5; BENCH_ONLY=start,list,logs,live picks parts)
#   SKIP_BUILD=1 scripts/bench-browser.sh    (reuse dist/ and the server binary as they are)
#   RELEASE_SERVER=1 scripts/bench-browser.sh (serve with an optimised demo manager)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true TRUNK_OFFLINE=true
if [ -z "${SKIP_BUILD:-}" ]; then
  trunk build --release --no-default-features --dist dist web/console.html
  # The demo manager's speed is part of every "click → rows" figure: RELEASE_SERVER=1 builds
  # it optimised (a long native build); by default the debug build the e2e tests use.
  if [ -n "${RELEASE_SERVER:-}" ]; then
    cargo build --locked -q --release -p baton-tests --bin baton-demo-server
  else
    cargo build --locked -q -p baton-tests --bin baton-demo-server
  fi
fi
# Precompressed copies, served to browsers that take gzip (as scripts/test.sh does).
gzip -k -9 -f dist/*.wasm dist/*.js dist/*.css $(ls dist/split-*/*.wasm dist/split-*/*.js 2>/dev/null)
server_bin=target/debug/baton-demo-server
[ -n "${RELEASE_SERVER:-}" ] && server_bin=target/release/baton-demo-server
port=$(( 20000 + RANDOM % 20000 ))
"$server_bin" --port "$port" --dist dist > target/bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q http target/bench-server.log 2>/dev/null && break; sleep 0.1; done
echo "production console: $(for f in dist/*.wasm dist/*.js dist/*.css; do gzip -9c "$f" | wc -c; done | paste -sd+ | bc) B gzip (wasm+js+css); server $server_bin"
node tests/perf/bench.mjs "http://127.0.0.1:$port" "${1:-5}"
