#!/usr/bin/env bash
# bench/load.sh: Westward's speed measurements against the issue's two targets, every figure a
# ratio against a baseline measured in the same run. See bench/README.md.
#
#   bench/load.sh [STEP...]     steps: gen static random plan gobench (default: all of them)
#
# Environment (all optional):
#   WESTWARD_BENCH_DIR  work dir: cached databases, nginx root and config, results
#                       (default /tmp/westward-bench; databases are reused when present)
#   DURATION            seconds per wrk run of the static comparison (default 10)
#   REPS                runs of each static case per server, taking turns; medians reported (default 3)
#   RB_DURATION         seconds per wrk run of the random bbox runs (default 20)
#   RB_CONNS            connections of the loaded random bbox run (default 8)
#   RB_HALF             half-width in degrees of the random boxes (default 0.07)
#   SEQ_N               queries timed one at a time with curl per shape (default 1000; 5x on 10k)
#   PORT_W, PORT_N      loopback ports of westward and nginx (default 18080, 18081)
#   MODES               "pinned unpinned" (default), or one of them
#
# All traffic stays on 127.0.0.1. Every loop is bounded in count and every wrk run in time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${WESTWARD_BENCH_DIR:-/tmp/westward-bench}
DURATION=${DURATION:-10}
REPS=${REPS:-3}
RB_DURATION=${RB_DURATION:-20}
RB_CONNS=${RB_CONNS:-8}
RB_HALF=${RB_HALF:-0.07}
SEQ_N=${SEQ_N:-1000}
PORT_W=${PORT_W:-18080}
PORT_N=${PORT_N:-18081}
PORT_F=${PORT_F:-18082}
MODES=${MODES:-pinned unpinned}
STEPS=${*:-gen static random plan gobench}
CPUS=$(nproc)
RES=$DIR/results
mkdir -p "$DIR" "$RES"
SUMMARY=$RES/summary.txt

log() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

# --- tools --------------------------------------------------------------------------------
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${need[@]}"
fi
command -v go >/dev/null 2>&1 || { echo "load.sh: needs the Go toolchain" >&2; exit 1; }

TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$TMP"
}
trap cleanup EXIT

: >"$SUMMARY"
log "# westward load benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
log "machine: $CPUS cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
log "tools: $(go version | cut -d' ' -f3), $(nginx -v 2>&1 | cut -d' ' -f3), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
if [ "$CPUS" -le 2 ]; then
  log "note: only $CPUS cores, shared by wrk and the server under test: absolute figures are low; compare ratios."
fi

echo "--- build"
(cd "$ROOT" && CGO_ENABLED=0 go build -trimpath -o "$TMP/westward" . && go build -o "$TMP/floor" ./bench/floor)
BIN=$TMP/westward

# --- databases ----------------------------------------------------------------------------
# A cached database is named by a hash of the schema and the generator, so one made by an
# older schema is never reused.
SCHEMA=$(cat "$ROOT"/server/store/migrations/*.sql "$ROOT/seed/synthetic.go" | sha256sum | cut -c1-10)
dbpath() { echo "$DIR/events-$1-$SCHEMA.db"; }
# databases this script made for another schema are never used again: remove them
for f in "$DIR"/events-*-*.db "$DIR"/events-*-*.db.gen.txt "$DIR"/events-*-*.db.tmp*; do
  [ -e "$f" ] || continue
  case $f in *"-$SCHEMA.db"*) ;; *) rm -f "$f" ;; esac
done

# gen N: makes $(dbpath N) unless present (written under another name and renamed when
# complete, so an interrupted run leaves nothing to reuse); its timing is kept beside it.
gen() {
  local n=$1 db
  db=$(dbpath "$1")
  if [ -s "$db" ] && [ -s "$db.gen.txt" ]; then
    log "db $n: reused $db ($(du -h "$db" | cut -f1)); generated earlier: $(cat "$db.gen.txt")"
    return
  fi
  rm -f "$db" "$db".tmp "$db".tmp-wal "$db".tmp-shm
  local t0 t1
  t0=$(date +%s.%N)
  "$BIN" generate --events "$n" --db "$db.tmp" >"$TMP/gen.out"
  t1=$(date +%s.%N)
  [ ! -e "$db.tmp-wal" ] || [ ! -s "$db.tmp-wal" ] || { echo "load.sh: $db.tmp-wal left behind" >&2; exit 1; }
  rm -f "$db.tmp-wal" "$db.tmp-shm"
  mv "$db.tmp" "$db"
  printf '%s (wall %.1f s incl. open/close, %s on disk)\n' "$(sed 's/\.db\.tmp /.db /' "$TMP/gen.out")" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" \
    "$(du -h "$db" | cut -f1)" >"$db.gen.txt"
  log "db $n: $(cat "$db.gen.txt")"
}

# --- processes ----------------------------------------------------------------------------
# start_server DB CPULIST: westward on PORT_W, pinned to CPULIST ("" = all cores). Sets SRV_PID.
start_server() {
  local db=$1 cpus=$2
  local pre=()
  [ -n "$cpus" ] && pre=(taskset -c "$cpus")
  "${pre[@]}" "$BIN" serve --addr "127.0.0.1:$PORT_W" --db "$db" --log-level warn >>"$RES/westward.log" 2>&1 &
  SRV_PID=$!
  PIDS+=("$SRV_PID")
  wait_up "$SRV_PID" "http://127.0.0.1:$PORT_W/healthz" "westward did not start; see $RES/westward.log"
}

# wait_up PID URL MESSAGE: waits (up to 10 s) until URL answers, or fails with MESSAGE when
# PID has ended or the time is up.
wait_up() {
  for _ in $(seq 1 100); do
    curl -sf --max-time 1 -o /dev/null "$2" && return 0
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  echo "load.sh: $3" >&2
  exit 1
}

# stop_pid PID: stops a process this script started, and forgets it.
stop_pid() {
  local p=$1 q keep=()
  kill "$p" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  for q in "${PIDS[@]:-}"; do [ "$q" = "$p" ] || keep+=("$q"); done
  PIDS=("${keep[@]:-}")
}

# start_nginx WORKERS CPULIST: nginx on PORT_N serving $DIR/www. Sets NGX_PID.
start_nginx() {
  local workers=$1 cpus=$2 ngx=$DIR/nginx
  mkdir -p "$ngx/tmp"
  cat >"$ngx/nginx.conf" <<EOF
# written by bench/load.sh: a minimal static file server for the comparison
worker_processes $workers;
daemon off;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  etag on;
  # westward keeps a connection for any number of requests; so does nginx here
  keepalive_requests 1000000;
  client_body_temp_path $ngx/tmp/body;
  proxy_temp_path $ngx/tmp/proxy;
  fastcgi_temp_path $ngx/tmp/fastcgi;
  uwsgi_temp_path $ngx/tmp/uwsgi;
  scgi_temp_path $ngx/tmp/scgi;
  types { application/geo+json json; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$PORT_N;
    root $DIR/www;
    # westward's own response headers (see save_bytes), so both send the same bytes
    location /plain/ { include $ngx/headers.conf; }
    # the gzip bytes westward sent, served as they are
    location /gz/ { include $ngx/headers.conf; add_header Content-Encoding gzip; }
  }
}
EOF
  local pre=()
  [ -n "$cpus" ] && pre=(taskset -c "$cpus")
  "${pre[@]}" nginx -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" &
  NGX_PID=$!
  PIDS+=("$NGX_PID")
  wait_up "$NGX_PID" "http://127.0.0.1:$PORT_N/plain/items.json" "nginx did not start; see $ngx/error.log"
}

# start_floor CPULIST: bench/floor (bare net/http with westward's bytes and headers) on PORT_F.
# Sets FLR_PID.
start_floor() {
  local pre=()
  [ -n "$1" ] && pre=(taskset -c "$1" env GOMAXPROCS=1)
  "${pre[@]}" "$TMP/floor" "127.0.0.1:$PORT_F" "$DIR/www/plain/items.json" "$DIR/www/gz/items.json" "$TMP/h.plain" &
  FLR_PID=$!
  PIDS+=("$FLR_PID")
  wait_up "$FLR_PID" "http://127.0.0.1:$PORT_F/plain/items.json" "bench/floor did not start"
}

# --- wrk ----------------------------------------------------------------------------------
# to_ms VALUE: wrk's "1.23ms" / "850.00us" / "1.02s" in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else print "nan" }'
}

# ticks PID...: CPU time (user + system, in clock ticks) the processes have used so far.
ticks() {
  local t=0 p
  for p in "$@"; do
    [ -n "$p" ] && [ -r "/proc/$p/stat" ] || continue
    # the command name (field 2) may hold spaces: count fields after its closing parenthesis
    t=$((t + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$t"
}
HZ=$(getconf CLK_TCK)

# run_wrk NAME CPULIST WRK-ARGS...: runs wrk (pinned to CPULIST unless empty), keeps its output
# in $RES/NAME.txt and sets RPS, P50, P99 (ms) and ERRS, and CPUREQ: the CPU time the processes
# in WATCH (the server under test) spent per request, in µs. CPU per request is the figure
# least disturbed by other work on the machine.
WATCH=()
run_wrk() {
  local name=$1 cpus=$2
  shift 2
  local pre=() t0 t1 n
  [ -n "$cpus" ] && pre=(taskset -c "$cpus")
  t0=$(ticks "${WATCH[@]:-}")
  timeout $((DURATION + RB_DURATION + 60)) "${pre[@]}" wrk --latency "$@" >"$RES/$name.txt" 2>&1
  t1=$(ticks "${WATCH[@]:-}")
  n=$(awk '/requests in/ {print $1}' "$RES/$name.txt")
  CPUREQ=$(awk -v a="$t0" -v b="$t1" -v n="${n:-0}" -v hz="$HZ" 'BEGIN {if (n > 0) printf "%.1f", (b - a) * 1e6 / hz / n; else print "nan"}')
  RPS=$(awk '/^Requests\/sec:/ {print $2}' "$RES/$name.txt")
  P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$RES/$name.txt")")
  P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$RES/$name.txt")")
  ERRS=$(awk '/Non-2xx or 3xx/ {print $NF} /Socket errors/ {print}' "$RES/$name.txt" | tr '\n' ' ')
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
range() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.0f–%.0f", lo, hi}'; }
# busy: the share of CPU time the whole machine spent busy over one second, in percent.
# Anything above a few percent before a step means other work shares the cores with it.
busy() {
  local a b
  a=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)
  sleep 1
  b=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {split(a, x, " "); split(b, y, " "); t = (y[1]-x[1]) + (y[2]-x[2]); pct = 0; if (t > 0) pct = 100 * (y[1] - x[1]) / t; printf "%.0f", pct}'
}
quiet_check() {
  local pct
  pct=$(busy)
  if [ "$pct" -gt 5 ]; then
    log "WARNING: the machine was ${pct}% busy before this step (load $(cut -d' ' -f1-3 /proc/loadavg)): other processes share the cores; figures are noisy"
  else
    log "machine idle before this step (${pct}% busy, load $(cut -d' ' -f1-3 /proc/loadavg))"
  fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }

# --- step: static (target 1) --------------------------------------------------------------
# find_query: on the 10k server, a bbox + datetime query whose answer is closest to 100
# features (all of them on the page). Sets QUERY.
find_query() {
  local best="" bestd=1000000 cities=("69.17 34.53" "28.98 41.01" "2.35 48.86") c x y y1 y2 url m r d
  for c in "${cities[@]}"; do
    read -r x y <<<"$c"
    for y1 in $(seq 2015 2023); do
      for y2 in $(seq "$y1" $((y1 + 3))); do
        [ "$y2" -le 2024 ] || continue
        url="/api/collections/events/items?bbox=$(awk -v x="$x" -v y="$y" 'BEGIN {printf "%.2f,%.2f,%.2f,%.2f", x-0.5, y-0.5, x+0.5, y+0.5}')&datetime=$y1/$y2"
        m="" r=""
        read -r m r < <(curl -s --max-time 5 "http://127.0.0.1:$PORT_W$url" |
          grep -o '"number\(Matched\|Returned\)":[0-9]*' | cut -d: -f2 | tr '\n' ' '; echo) || true
        [ -n "${r:-}" ] && [ "$m" = "$r" ] || continue
        d=$((m > 100 ? m - 100 : 100 - m))
        if [ "$d" -lt "$bestd" ]; then best=$url bestd=$d; fi
      done
    done
  done
  [ -n "$best" ] || { echo "load.sh: found no query answering ~100 features" >&2; exit 1; }
  QUERY=$best
}

# etag_of URL [HEADER]: the ETag the server at URL sends.
etag_of() {
  curl -s --max-time 5 -o /dev/null -D - ${2:+-H "$2"} "$1" | awk -F': ' 'tolower($1) == "etag" {sub(/\r$/, "", $2); print $2}'
}

# save_bytes: keeps the answer to QUERY, as the running westward sends it, in nginx's root:
# identity in www/plain/items.json, gzip in www/gz/items.json. (Each server process stamps its
# own timeStamp into the body, so this is redone for every server started.)
save_bytes() {
  local W=http://127.0.0.1:$PORT_W
  mkdir -p "$DIR/www/plain" "$DIR/www/gz"
  curl -s --max-time 5 -H 'Accept-Encoding: identity' -o "$DIR/www/plain/items.json" -D "$TMP/h.plain" "$W$QUERY"
  curl -s --max-time 5 -H 'Accept-Encoding: gzip' -o "$DIR/www/gz/items.json" -D "$TMP/h.gz" "$W$QUERY"
  grep -qi '^content-encoding: gzip' "$TMP/h.gz" || { echo "load.sh: westward sent no gzip" >&2; exit 1; }
  cmp -s "$DIR/www/plain/items.json" <(curl -s --max-time 5 "$W$QUERY") ||
    { echo "load.sh: westward's answer is not stable" >&2; exit 1; }
  # nginx adds the headers westward sends (security, CORS, caching, a fresh request id), so
  # that both answers carry the same bytes; nginx makes its own Date, ETag, type and length.
  mkdir -p "$DIR/nginx"
  tr -d '\r' <"$TMP/h.plain" | awk -F': ' 'NR > 1 && NF >= 2 {
      name = tolower($1)
      if (name ~ /^(content-length|content-type|content-encoding|date|etag)$/) next
      value = substr($0, length($1) + 3)
      if (name == "x-request-id") value = "$request_id"
      else { gsub(/\\/, "\\\\", value); gsub(/"/, "\\\"", value); value = "\"" value "\"" }
      print "add_header " $1 " " value ";" }' >"$DIR/nginx/headers.conf"
}

step_static() {
  log ""
  log "## target 1: westward vs nginx serving the same bytes (10k-event db)"
  quiet_check
  local db W=http://127.0.0.1:$PORT_W N=http://127.0.0.1:$PORT_N
  local mode srv_cpus ngx_cpus ngx_workers wrk_cpus threads where
  db=$(dbpath 10000)
  QUERY=""
  for mode in $MODES; do
    if [ "$mode" = pinned ]; then
      [ "$CPUS" -ge 2 ] || { log "(pinned mode needs 2 cores; skipped)"; continue; }
      srv_cpus=1 ngx_cpus=1 ngx_workers=1 wrk_cpus=0 threads=1
      where="westward on CPU 1 (GOMAXPROCS 1), nginx 1 worker on CPU 1, wrk -t1 -c32 -d${DURATION}s on CPU 0"
    else
      srv_cpus="" ngx_cpus="" ngx_workers=$CPUS wrk_cpus="" threads=2
      where="unpinned: westward on all $CPUS cores, nginx $CPUS workers, wrk -t2 -c32 -d${DURATION}s, all sharing the cores"
    fi
    start_server "$db" "$srv_cpus"
    if [ -z "$QUERY" ]; then
      find_query
      log "query: $QUERY  (numberMatched = numberReturned = $(curl -s --max-time 5 "$W$QUERY" | grep -o '"numberMatched":[0-9]*' | cut -d: -f2))"
      save_bytes
      log "body: $(stat -c %s "$DIR/www/plain/items.json") bytes identity, $(stat -c %s "$DIR/www/gz/items.json") bytes gzip;" \
        "westward's response headers $(wc -c <"$TMP/h.plain") bytes"
    fi
    save_bytes
    log ""
    log "### $where"
    start_nginx "$ngx_workers" "$ngx_cpus"
    start_floor "$srv_cpus"
    local etw etn F=http://127.0.0.1:$PORT_F
    etw=$(etag_of "$W$QUERY")
    etn=$(etag_of "$N/plain/items.json")
    [ "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H "If-None-Match: $etw" "$W$QUERY")" = 304 ] || { echo "load.sh: westward gave no 304" >&2; exit 1; }
    [ "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H "If-None-Match: $etn" "$N/plain/items.json")" = 304 ] || { echo "load.sh: nginx gave no 304" >&2; exit 1; }
    # warm both (westward's response cache, nginx's page cache)
    run_wrk "warm-$mode-w" "$wrk_cpus" -t1 -c4 -d2s "$W$QUERY"
    run_wrk "warm-$mode-n" "$wrk_cpus" -t1 -c4 -d2s "$N/plain/items.json"
    log "| case | westward req/s (median; min–max) | p50 ms | p99 ms | CPU µs/req | nginx req/s (median; min–max) | p50 ms | p99 ms | CPU µs/req | **req/s westward/nginx** | CPU/req nginx/westward | floor req/s | CPU µs/req | floor/nginx | westward/floor |"
    log "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    local kase wargs nargs fargs rep wr wp50 wp99 wc nr np50 np99 nc fr fc errs
    local ngx_all=("$NGX_PID")
    ngx_all+=($(cat /proc/"$NGX_PID"/task/*/children 2>/dev/null))
    for kase in 200-identity 200-gzip 304; do
      case $kase in
        200-identity) wargs=("$W$QUERY") nargs=("$N/plain/items.json") fargs=("$F/plain/items.json") ;;
        200-gzip) wargs=(-H 'Accept-Encoding: gzip' "$W$QUERY") nargs=(-H 'Accept-Encoding: gzip' "$N/gz/items.json")
          fargs=(-H 'Accept-Encoding: gzip' "$F/gz/items.json") ;;
        304) wargs=(-H "If-None-Match: $etw" "$W$QUERY") nargs=(-H "If-None-Match: $etn" "$N/plain/items.json")
          fargs=(-H 'If-None-Match: "floor"' "$F/plain/items.json") ;;
      esac
      # the servers take turns, REPS times each, so drift on a shared machine hits them all
      wr="" wp50="" wp99="" wc="" nr="" np50="" np99="" nc="" fr="" fc="" errs=""
      for rep in $(seq 1 "$REPS"); do
        WATCH=("$SRV_PID")
        run_wrk "$mode-$kase-westward-$rep" "$wrk_cpus" -t"$threads" -c32 -d"${DURATION}s" "${wargs[@]}"
        wr+="$RPS " wp50+="$P50 " wp99+="$P99 " wc+="$CPUREQ " errs+="$ERRS"
        WATCH=("${ngx_all[@]}")
        run_wrk "$mode-$kase-nginx-$rep" "$wrk_cpus" -t"$threads" -c32 -d"${DURATION}s" "${nargs[@]}"
        nr+="$RPS " np50+="$P50 " np99+="$P99 " nc+="$CPUREQ " errs+="$ERRS"
        WATCH=("$FLR_PID")
        run_wrk "$mode-$kase-floor-$rep" "$wrk_cpus" -t"$threads" -c32 -d"${DURATION}s" "${fargs[@]}"
        fr+="$RPS " fc+="$CPUREQ " errs+="$ERRS"
      done
      WATCH=()
      log "| $kase | $(median $wr) ($(range $wr)) | $(median $wp50) | $(median $wp99) | $(median $wc) | $(median $nr) ($(range $nr)) | $(median $np50) | $(median $np99) | $(median $nc) | **$(ratio "$(median $wr)" "$(median $nr)")** | $(ratio "$(median $nc)" "$(median $wc)") | $(median $fr) | $(median $fc) | $(ratio "$(median $fr)" "$(median $nr)") | $(ratio "$(median $wr)" "$(median $fr)") |"
      [ -z "$errs" ] || log "  (non-2xx/3xx or socket errors: $errs)"
    done
    log "target: 200 ≥ 0.50, 304 ≥ 0.80"
    stop_pid "$NGX_PID"
    stop_pid "$FLR_PID"
    stop_pid "$SRV_PID"
  done
}

# --- step: random (target 2) --------------------------------------------------------------
# sample_rss PID SECONDS OUT: VmRSS every 0.2 s for SECONDS (bounded), in kB, into OUT.
sample_rss() {
  local pid=$1 n=$(($2 * 5)) out=$3 i
  for i in $(seq 1 "$n"); do
    awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null >>"$out" || return 0
    sleep 0.2
  done
}

kb_max() { sort -n "$1" | tail -1; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# seq_urls N HALF YEARS SEED: a curl config of N queries of the same shape random_bbox.lua
# sends (the same distribution, drawn by awk), each discarded after it is timed.
seq_urls() {
  awk -v n="$1" -v half="$2" -v years="$3" -v seed="$4" -v base="http://127.0.0.1:$PORT_W" 'BEGIN {
    srand(seed)
    split("69.17 34.53 70.45 34.43 65.71 31.61 71.52 34.01 68.78 38.56 69.24 41.31 57.08 30.28 51.39 35.69 52.53 29.61 28.98 41.01 32.85 39.93 37.62 55.75 30.31 59.94 13.40 52.52 6.96 50.94 2.35 48.86 16.37 48.21 4.35 50.85 4.90 52.37 18.07 59.33 -0.13 51.51", p, " ")
    len = 365 * years
    for (i = 0; i < n; i++) {
      k = int(rand() * 21); x = p[2*k+1] + (rand() - 0.5) * 0.4; y = p[2*k+2] + (rand() - 0.5) * 0.4
      s = 1420070400 + int(rand() * (3650 - len + 1)) * 86400; e = s + (len - 1) * 86400
      printf "url = \"%s/api/collections/events/items?bbox=%.4f,%.4f,%.4f,%.4f&datetime=%s/%s&limit=500\"\noutput = \"/dev/null\"\n",
        base, x - half, y - half, x + half, y + half, strftime("%Y-%m-%d", s, 1), strftime("%Y-%m-%d", e, 1)
    } }'
}

# run_seq NAME CPULIST N HALF YEARS SEED: N queries one after another on one kept-alive
# connection with curl, each timed on its own: latency without load and without wrk's
# coordinated-omission correction. Sets P50, P99, PMAX (ms).
run_seq() {
  local name=$1 cpus=$2 pre=()
  [ -n "$cpus" ] && pre=(taskset -c "$cpus")
  seq_urls "$3" "$4" "$5" "$6" >"$TMP/$name.cfg"
  timeout 300 "${pre[@]}" curl -s -H 'Accept-Encoding: gzip' -w '%{http_code} %{time_total}\n' -K "$TMP/$name.cfg" >"$RES/$name.txt" || true
  read -r P50 P99 PMAX < <(awk '$1 == 200 {print $2 * 1000}' "$RES/$name.txt" | sort -g |
    awk '{v[NR] = $1} END {if (NR) printf "%.3f %.3f %.3f\n", v[int(NR*0.5)+1], v[int(NR*0.99)+1], v[NR]; else print "nan nan nan"}')
  local bad
  bad=$(awk '$1 != 200' "$RES/$name.txt" | wc -l)
  [ "$bad" = 0 ] || log "  ($name: $bad answers were not 200)"
}

# matched_stats N SHAPE FILE: the distribution of numberMatched in a sample file.
matched_stats() {
  sort -n "$3" | awk -v n="$1" -v shape="$2" '
    { m[NR] = $1; r += $2; if ($1 > 500) over++; if ($3 != 200) bad++ }
    END { if (NR == 0) { print "db " n " " shape ": no sample"; exit }
      printf "db %s, %s: numberMatched over %d sampled queries: min %d, p50 %d, p90 %d, p99 %d, max %d; %.1f%% over 500; mean features returned %.1f%s\n",
        n, shape, NR, m[1], m[int(NR*0.5)+1], m[int(NR*0.9)+1], m[int(NR*0.99)+1], m[NR], 100*over/NR, r/NR, bad ? "; non-200: " bad : "" }' |
    tee -a "$SUMMARY"
}

step_random() {
  log ""
  log "## target 2: random bbox + datetime queries, limit=500, 10k vs 1M events"
  quiet_check
  local srv_cpus="" wrk_cpus="" conns seed n shape half years
  if [ "$CPUS" -ge 2 ]; then srv_cpus=1 wrk_cpus=0; fi
  log "same shape: $(awk -v h="$RB_HALF" 'BEGIN {print 2*h}')° box within 0.2° of a city, random 1-year window (bench/random_bbox.lua half=$RB_HALF years=1)"
  log "equal answer (10k only): 1° box, random 6-year window (half=0.5 years=6): about as many features from 10k as the same shape gives from 1M"
  log "server ${srv_cpus:+pinned to CPU $srv_cpus}, wrk -t1 -d${RB_DURATION}s ${wrk_cpus:+on CPU $wrk_cpus}, Accept-Encoding: gzip, a new random query every request (no cache hits)"
  declare -A p99 p50 rps pmax
  seed=1
  for n in 10000 1000000; do
    # the database file in the OS page cache, as a running server's would be: otherwise the
    # first pass over a 1.4 GB file reads from disk and the measurement is of the disk
    cat "$(dbpath "$n")" >/dev/null
    start_server "$(dbpath "$n")" "$srv_cpus"
    local rss0 samples=$TMP/rss-$n.txt
    rss0=$(rss "$SRV_PID")
    : >"$samples"
    # warm up: a fresh server's SQLite page caches are empty; the first queries on a large
    # database would otherwise set the tail (both shapes, seeds no measured run uses)
    sample_rss "$SRV_PID" 8 "$samples" &
    local wp=$!
    run_wrk "random-$n-warmup-same" "$wrk_cpus" -t1 -c2 -d3s -s "$ROOT/bench/random_bbox.lua" \
      "http://127.0.0.1:$PORT_W" -- half="$RB_HALF" years=1 seed=900
    [ "$n" = 10000 ] && run_wrk "random-$n-warmup-equal" "$wrk_cpus" -t1 -c2 -d3s -s "$ROOT/bench/random_bbox.lua" \
      "http://127.0.0.1:$PORT_W" -- half=0.5 years=6 seed=901
    wait "$wp" || true
    local shapes=(same)
    [ "$n" = 10000 ] && shapes=(same equal)
    for shape in "${shapes[@]}"; do
      if [ "$shape" = same ]; then half=$RB_HALF years=1; else half=0.5 years=6; fi
      local nseq=$SEQ_N
      [ "$n" = 10000 ] && [ "$shape" = same ] && nseq=$((SEQ_N * 5))
      run_seq "seq-$n-$shape" "$wrk_cpus" "$nseq" "$half" "$years" $((seed + 500))
      p99[$n-$shape-seq]=$P99 p50[$n-$shape-seq]=$P50 pmax[$n-$shape-seq]=$PMAX
      for conns in 1 "$RB_CONNS"; do
        sample_rss "$SRV_PID" $((RB_DURATION + 2)) "$samples" &
        local sp=$!
        run_wrk "random-$n-$shape-c$conns" "$wrk_cpus" -t1 -c"$conns" -d"${RB_DURATION}s" \
          -s "$ROOT/bench/random_bbox.lua" "http://127.0.0.1:$PORT_W" -- half="$half" years="$years" seed=$seed
        wait "$sp" || true
        p99[$n-$shape-$conns]=$P99 p50[$n-$shape-$conns]=$P50 rps[$n-$shape-$conns]=$RPS
        [ -z "$ERRS" ] || log "  ($n $shape c$conns: non-2xx/3xx or socket errors: $ERRS)"
        seed=$((seed + 1))
      done
      # numberMatched of the same shape (another seed, one connection, no gzip, at most 300)
      WESTWARD_SAMPLE_MODE=1 timeout 60 wrk -t1 -c1 -d15s -s "$ROOT/bench/random_bbox.lua" "http://127.0.0.1:$PORT_W" \
        -- half="$half" years="$years" seed=99 gzip=0 sample="$RES/matched-$n-$shape.txt" count=300 >/dev/null 2>&1 || true
      matched_stats "$n" "$shape" "$RES/matched-$n-$shape.txt"
    done
    log "db $n: server RSS at start $(mb "$rss0") MB, peak sampled $(mb "$(kb_max "$samples")") MB, VmHWM $(mb "$(hwm "$SRV_PID")") MB, after the runs $(mb "$(rss "$SRV_PID")") MB"
    stop_pid "$SRV_PID"
  done
  log ""
  log "| load | 10k p50 ms | 10k p99 ms | 10k equal-answer p50 | p99 | 1M p50 ms | 1M p99 ms | **p99 1M/10k** | p99 1M/10k equal-answer |"
  log "|---|---|---|---|---|---|---|---|---|"
  log "| curl, one request at a time ($((SEQ_N * 5)) / $SEQ_N / $SEQ_N queries; max ${pmax[10000-same-seq]} / ${pmax[10000-equal-seq]} / ${pmax[1000000-same-seq]} ms) | ${p50[10000-same-seq]} | ${p99[10000-same-seq]} | ${p50[10000-equal-seq]} | ${p99[10000-equal-seq]} | ${p50[1000000-same-seq]} | ${p99[1000000-same-seq]} | **$(ratio "${p99[1000000-same-seq]}" "${p99[10000-same-seq]}")** | $(ratio "${p99[1000000-same-seq]}" "${p99[10000-equal-seq]}") |"
  for conns in 1 "$RB_CONNS"; do
    log "| wrk -c$conns (req/s $(printf '%.0f' "${rps[10000-same-$conns]}") / $(printf '%.0f' "${rps[10000-equal-$conns]}") / $(printf '%.0f' "${rps[1000000-same-$conns]}")) | ${p50[10000-same-$conns]} | ${p99[10000-same-$conns]} | ${p50[10000-equal-$conns]} | ${p99[10000-equal-$conns]} | ${p50[1000000-same-$conns]} | ${p99[1000000-same-$conns]} | **$(ratio "${p99[1000000-same-$conns]}" "${p99[10000-same-$conns]}")** | $(ratio "${p99[1000000-same-$conns]}" "${p99[10000-equal-$conns]}") |"
  done
  log "(wrk corrects its percentiles for coordinated omission: one stall of T ms at -c1 counts as about T / mean latency requests, so a single hiccup from other work on the machine can set its p99)"
  log "target: p99 1M/10k (same shape) ≤ 2.0; peak RSS ≤ 150 MB"
}

# --- step: plan ---------------------------------------------------------------------------
step_plan() {
  log ""
  log "## query plan on the 1M-event db (the SQL eventQuery builds for bbox + datetime)"
  (cd "$ROOT" && WESTWARD_PLAN_DB=$(dbpath 1000000) go test -count=1 -run '^TestQueryPlanUsesRTree$' -v ./server/store) \
    >"$RES/plan.txt" 2>&1 || { cat "$RES/plan.txt"; exit 1; }
  grep -E '^\s+(SCAN|SEARCH|USE|bench_test)|--- (PASS|FAIL)' "$RES/plan.txt" | sed 's/^ *bench_test.go:[0-9]*: /  /' | cut -c1-160 | tee -a "$SUMMARY"
}

# --- step: gobench --------------------------------------------------------------------------
step_gobench() {
  log ""
  log "## go test -bench (FindEvents on 10k and 100k events)"
  (cd "$ROOT" && go test -count=1 -run '^$' -bench . -benchtime 20x ./server/store) >"$RES/gobench.txt" 2>&1 ||
    { cat "$RES/gobench.txt"; exit 1; }
  grep -E '^Benchmark|generated|^ok' "$RES/gobench.txt" | tee -a "$SUMMARY"
}

for s in $STEPS; do
  case $s in
    gen) gen 10000; gen 1000000 ;;
    static) gen 10000; step_static ;;
    random) gen 10000; gen 1000000; step_random ;;
    plan) gen 1000000; step_plan ;;
    gobench) step_gobench ;;
    *) echo "load.sh: unknown step $s (want gen static random plan gobench)" >&2; exit 2 ;;
  esac
done
log ""
log "results: $RES (wrk outputs, summary.txt)"
