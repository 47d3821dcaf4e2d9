#!/usr/bin/env bash
# Runs every test of Baton; installs what is missing first (see scripts/setup.sh).
#   1. formatting and lints          4. release builds (demo and production) + size budget
#   2. native tests (core, harness)  5. end-to-end: production dist/ + demo manager over HTTP,
#   3. browser tests (Chromium)         driven by Playwright, screenshots in target/e2e/;
#                                       then the demo build alone on a static host
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true TRUNK_OFFLINE=true
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "formatting and lints"
cargo fmt --all -- --check
cargo clippy --locked -q -p baton-core -p baton-tests --all-targets --features baton-core/sim -- -D warnings
cargo clippy --locked -q -p baton-web --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native tests"
cargo test --locked -p baton-core -p baton-tests --features baton-core/sim

step "browser tests (headless Chromium)"
cargo test --locked -p baton-web --target wasm32-unknown-unknown

step "release builds"
trunk build --release --dist target/dist-demo
trunk build --release --no-default-features --dist dist
budget=$((400 * 1024))
report() {
  local dir=$1 total=0 line=""
  for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
    local raw gz; raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c); total=$((total + gz))
    line+="$(basename "$f" | sed -E 's/-[0-9a-f]{16}//') ${raw}B raw ${gz}B gzip; "
  done
  echo "$line total ${total}B gzip" >&2
  echo "$total"
}
echo "demo build:       " >&2; report target/dist-demo >/dev/null
echo "production build: " >&2; prod=$(report dist)
if [ "$prod" -gt "$budget" ]; then
  echo "FAIL: the production console is ${prod}B gzip, over the ${budget}B budget" >&2; exit 1
fi

step "end-to-end (Playwright, Chromium)"
cargo build --locked -q -p baton-tests --bin baton-demo-server
port=$(( 20000 + RANDOM % 20000 ))
./target/debug/baton-demo-server --port "$port" --dist dist > target/demo-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q http target/demo-server.log 2>/dev/null && break; sleep 0.1; done
node tests/e2e/console.mjs "http://127.0.0.1:$port" target/e2e

step "demo build smoke (Playwright, Chromium)"
./target/debug/baton-demo-server --port $((port + 1)) --dist target/dist-demo --static-only > target/demo-static.log 2>&1 &
static=$!
trap 'kill $server $static 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q http target/demo-static.log 2>/dev/null && break; sleep 0.1; done
node tests/e2e/demo.mjs "http://127.0.0.1:$((port + 1))" target/e2e

step "all tests passed"
