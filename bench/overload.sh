#!/usr/bin/env bash
# bench/overload.sh: does westward stay up when far more clients ask than it can answer?
# It serves a synthetic database on loopback and runs wrk twice, at LOW and at HIGH
# connections, each time with half the connections asking for the map's cached public reads
# and half for uncached bbox + datetime queries (bench/overload.lua), both at once. It reports
# each class's p50/p99, its answers by status, wrk's socket errors and timeouts, and the
# server's warnings and errors; the figures that matter are the ratios HIGH/LOW of the same
# run. See bench/README.md ("Overload").
#
#   bench/overload.sh
#
# Environment (all optional):
#   WESTWARD_BENCH_DIR  work dir: the database (reused when present) and results
#                       (default /tmp/westward-bench)
#   EVENTS              synthetic events in the database (default 100000)
#   DURATION            seconds of each wrk run (default 30)
#   LOW, HIGH           total connections of the two runs (default 10 and 1000)
#   TIMEOUT             wrk's per-request timeout (default 2s, wrk's own default)
#   PORT_O              loopback port of the server (default 18090)
#   WESTWARD_BIN        a westward binary to measure instead of building this tree
#
# All traffic stays on 127.0.0.1; every wrk run is bounded in time (about 2×DURATION + 30 s
# in all, plus generating the database on the first run: about a minute for 100k events).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${WESTWARD_BENCH_DIR:-/tmp/westward-bench}
EVENTS=${EVENTS:-100000}
DURATION=${DURATION:-30}
LOW=${LOW:-10}
HIGH=${HIGH:-1000}
TIMEOUT=${TIMEOUT:-2s}
PORT=${PORT_O:-18090}
RES=$DIR/overload
mkdir -p "$DIR" "$RES"
SUMMARY=$RES/summary.txt
log() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${need[@]}"
fi
# every connection is a file descriptor, in wrk and in the server
ulimit -n $((HIGH * 2 + 1024)) 2>/dev/null || true

TMP=$(mktemp -d)
SRV_PID=
cleanup() {
  if [ -n "$SRV_PID" ]; then
    kill "$SRV_PID" 2>/dev/null || true
    wait "$SRV_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

BIN=${WESTWARD_BIN:-}
if [ -z "$BIN" ]; then
  (cd "$ROOT" && CGO_ENABLED=0 go build -trimpath -o "$TMP/westward" .)
  BIN=$TMP/westward
fi

# The database is named by a hash of the schema and the generator, so an older one is never
# reused; it is written under another name and renamed when complete.
SCHEMA=$(cat "$ROOT"/server/store/migrations/*.sql "$ROOT/seed/synthetic.go" | sha256sum | cut -c1-10)
DB=$DIR/overload-$EVENTS-$SCHEMA.db
if [ ! -s "$DB" ]; then
  rm -f "$DB.tmp" "$DB.tmp-wal" "$DB.tmp-shm"
  "$BIN" generate --events "$EVENTS" --db "$DB.tmp" >/dev/null
  mv "$DB.tmp" "$DB"
fi

: >"$SUMMARY"
log "# westward overload, $(date -u +%Y-%m-%dT%H:%MZ)"
log "machine: $(nproc) cores, shared by the server and both wrk processes; $EVENTS events; ${DURATION}s per run; wrk timeout $TIMEOUT"

# the server gets a copy: the same start every run, and a WESTWARD_BIN of another schema
# migrates its copy, not the one kept
cp "$DB" "$TMP/serve.db"
URL=http://127.0.0.1:$PORT
"$BIN" serve --addr "127.0.0.1:$PORT" --db "$TMP/serve.db" --log-level warn >"$RES/westward.log" 2>&1 &
SRV_PID=$!
for _ in $(seq 1 100); do
  curl -sf --max-time 1 -o /dev/null "$URL/healthz" && break
  kill -0 "$SRV_PID" 2>/dev/null || { echo "overload.sh: the server did not start; see $RES/westward.log" >&2; exit 1; }
  sleep 0.1
done

# warm the cache with every cached path, as the map's first visitors would
for p in $(sed -n 's/^  "\(\/api[^"]*\)",$/\1/p' "$ROOT/bench/overload.lua"); do
  curl -sf --max-time 30 -H 'Accept-Encoding: gzip' -o /dev/null "$URL$p"
done

# run CONNS SEED: both classes at once, half the connections each.
run() {
  local conns=$1 seed=$2 cached uncached
  cached=$((conns / 2))
  uncached=$((conns - cached))
  OVERLOAD_MODE=cached wrk -t1 -c"$cached" -d"${DURATION}s" --timeout "$TIMEOUT" --latency -s "$ROOT/bench/overload.lua" "$URL" >"$RES/cached-$conns.txt" &
  local w1=$!
  OVERLOAD_MODE=uncached wrk -t1 -c"$uncached" -d"${DURATION}s" --timeout "$TIMEOUT" --latency -s "$ROOT/bench/overload.lua" "$URL" -- seed="$seed" >"$RES/uncached-$conns.txt" &
  local w2=$!
  wait "$w1" "$w2"
}

field() { sed -n "s/.*RESULT.* $2=\([0-9.]*\).*/\1/p" "$RES/$1.txt"; }

run "$LOW" 1
errs_low=$(grep -cE 'level=ERROR|"level":"ERROR"' "$RES/westward.log" || true)
run "$HIGH" 2
sleep 1
errs=$(grep -cE 'level=ERROR|"level":"ERROR"' "$RES/westward.log" || true)
warns=$(grep -cE 'level=WARN|"level":"WARN"' "$RES/westward.log" || true)

log ""
log "| connections | class | requests | req/s answered | p50 ms | p99 ms | 2xx/3xx | 503 | other status | timeouts | socket errors |"
log "|---|---|---|---|---|---|---|---|---|---|---|"
for c in "$LOW" "$HIGH"; do
  for k in cached uncached; do
    f=$k-$c
    ok=$(field "$f" s2xx)
    log "| $c | $k | $(field "$f" requests) | $(awk -v n="$ok" -v d="$DURATION" 'BEGIN {printf "%.0f", n / d}') | $(field "$f" p50_ms) | $(field "$f" p99_ms) | $ok | $(field "$f" s503) | $(field "$f" sother) | $(field "$f" timeout) | $(($(field "$f" connect) + $(field "$f" read) + $(field "$f" write))) |"
  done
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
log ""
log "p99 $HIGH/$LOW, cached:   $(ratio "$(field "cached-$HIGH" p99_ms)" "$(field "cached-$LOW" p99_ms)") (target <= 10)"
log "p99 $HIGH/$LOW, uncached: $(ratio "$(field "uncached-$HIGH" p99_ms)" "$(field "uncached-$LOW" p99_ms)")"
log "answered uncached req/s $HIGH/$LOW: $(ratio "$(field "uncached-$HIGH" s2xx)" "$(field "uncached-$LOW" s2xx)")"
log "server log: $errs_low ERROR lines after the $LOW run, $errs after both; $warns WARN lines"
log "(full wrk output and the server's log: $RES)"
