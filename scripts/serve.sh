#!/usr/bin/env bash
# Serves the console on http://127.0.0.1:8080 with `trunk serve`.
#   scripts/serve.sh                      the built-in demo manager runs in the browser
#   scripts/serve.sh https://manager.example.com
#                                         /api is proxied to that manager (same origin for the browser)
#   scripts/serve.sh [manager] --imply https://acme.implycloud.com --lyve https://api.lyvecloud.seagate.com \
#                    --sailpoint https://acme.api.identitynow.com \
#                    --cdm https://cdm.eu-de.otc.t-systems.com --cdm-iam https://iam.eu-de.otc.t-systems.com
#                                         each cloud manager is proxied under /proxy/<kind>/ (none of
#                                         them documents CORS): on the Clusters page, give a
#                                         connection the address /proxy/<kind> (CDM's IAM: /proxy/cdm-iam)
# Set BATON_PROXY_INSECURE=1 for managers with self-signed certificates.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/serve.sh [manager-url] [--imply URL] [--lyve URL] [--sailpoint URL] [--cdm URL] [--cdm-iam URL]" >&2; exit 2; }
url_or_die() {
  case "$2" in http://*|https://*) ;; *) echo "serve: $1 must be an http(s) URL, got '$2'" >&2; exit 2;; esac
}

manager=""
clouds=()   # pairs: kind url
while [ $# -gt 0 ]; do
  case "$1" in
    --imply|--lyve|--sailpoint|--cdm|--cdm-iam)
      [ $# -ge 2 ] || usage
      url_or_die "$1" "$2"
      clouds+=("${1#--}" "${2%/}")
      shift 2;;
    -h|--help) usage;;
    -*) echo "serve: unknown option $1" >&2; usage;;
    *)
      [ -z "$manager" ] || usage
      if [ -n "$1" ]; then url_or_die "the manager" "$1"; manager="${1%/}"; fi
      shift;;
  esac
done

scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true TRUNK_OFFLINE=true

insecure=false
[ "${BATON_PROXY_INSECURE:-}" = 1 ] && insecure=true

# Trunk takes one proxy on its command line and any number in a config file: write Trunk.toml
# plus one [[proxy]] per manager next to it (relative paths in it stay right), and serve with it.
config=Trunk.toml
if [ -n "$manager" ] || [ ${#clouds[@]} -gt 0 ]; then
  config=.trunk-serve.toml
  cp Trunk.toml "$config"
  if [ -n "$manager" ]; then
    printf '\n[[proxy]]\nbackend = "%s/api/"\ninsecure = %s\n' "$manager" "$insecure" >> "$config"
    echo "[serve] /api is proxied to $manager; sign in with \"This server's manager\"." >&2
  fi
  i=0
  while [ $i -lt ${#clouds[@]} ]; do
    kind="${clouds[$i]}" url="${clouds[$((i + 1))]}"
    printf '\n[[proxy]]\nbackend = "%s/"\nrewrite = "/proxy/%s/"\ninsecure = %s\n' "$url" "$kind" "$insecure" >> "$config"
    echo "[serve] /proxy/$kind/ is proxied to $url; on Clusters, give the connection the address /proxy/$kind." >&2
    i=$((i + 2))
  done
fi
[ -n "$manager" ] || echo "[serve] no manager given: sign in to the built-in demo manager (admin / admin)." >&2
exec trunk serve --config "$config"
