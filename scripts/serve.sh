#!/usr/bin/env bash
# Serves the console on http://127.0.0.1:8080 with `trunk serve`.
#   scripts/serve.sh                      the built-in demo manager runs in the browser
#   scripts/serve.sh https://manager.example.com
#                                         /api is proxied to that manager (same origin for the browser)
# Set BATON_PROXY_INSECURE=1 for a manager with a self-signed certificate.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true TRUNK_OFFLINE=true

args=()
if [ $# -ge 1 ] && [ -n "$1" ]; then
  manager="${1%/}"
  case "$manager" in http://*|https://*) ;; *) echo "serve: the manager must be an http(s) URL, got '$1'" >&2; exit 2;; esac
  args+=(--proxy-backend "$manager/api/")
  [ "${BATON_PROXY_INSECURE:-}" = 1 ] && args+=(--proxy-insecure)
  echo "[serve] /api is proxied to $manager; sign in with \"This server's manager\"." >&2
else
  echo "[serve] no manager given: sign in to the built-in demo manager (admin / admin)." >&2
fi
exec trunk serve "${args[@]}"
