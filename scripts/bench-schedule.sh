#!/usr/bin/env bash
# Baton's schedule engine against python-dateutil 2.9.0.post0 on the same rules:
# checks that both give exactly the same first 1,000 dates, and prints the time ratio.
# Creates a throwaway virtualenv under target/ (needs python3 and PyPI).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/target/bench-schedule"
VENV="$OUT/venv"
mkdir -p "$OUT"

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import dateutil, sys; sys.exit(dateutil.__version__ != "2.9.0.post0")' 2>/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check python-dateutil==2.9.0.post0
fi

echo "python-dateutil $("$VENV/bin/python" -c 'import dateutil; print(dateutil.__version__)'): timing the manager's rules..." >&2
"$VENV/bin/python" "$ROOT/scripts/bench_schedule.py" python \
  --rules-out "$OUT/rules.json" --out "$OUT/dateutil.json" --reps "${PY_REPS:-21}"

echo "baton-core (release, cargo bench profile): timing the same rules..." >&2
(cd "$ROOT" && BATON_SCHEDULE_RULES="$OUT/rules.json" \
  cargo bench --quiet -p baton-core --bench schedule) > "$OUT/baton.json"

"$VENV/bin/python" "$ROOT/scripts/bench_schedule.py" compare \
  --python "$OUT/dateutil.json" --rust "$OUT/baton.json"
