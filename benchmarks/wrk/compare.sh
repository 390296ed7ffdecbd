#!/usr/bin/env bash
# Cross-checks the HTTP comparison with a C load generator: wrk (2 threads, 64 connections), every
# request a new event signed as it is sent (signed-events.lua, HMAC through LuaJIT's FFI), each
# server in a fresh JVM, the servers alternating over rounds. Writes a Markdown table of requests
# per second and latency, with each round's ratio to the hand-written handler (b).
#
#   mvn -B -q -pl benchmarks -am package -DskipTests
#   benchmarks/wrk/compare.sh [ROUNDS] [SECONDS] [SERVERS...]   # defaults: 3 20 plain-jetty hand-written memory sqlite
#
# Servers: plain-jetty, hand-written, memory, sqlite, spring-plain (a plain Spring Boot controller
# doing the hand-written handler's work). WRK_WARMUP (seconds, default 10) is the unmeasured load
# before each window; Spring Boot needs 60 or more to reach its steady rate.
#
# Needs wrk (Debian: apt-get install wrk). Results: benchmarks/results/wrk-DATE.md, or WRK_OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
seconds=${2:-20}
shift $(( $# > 2 ? 2 : $# )) || true
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(plain-jetty hand-written memory sqlite)
jar=benchmarks/target/hooky-benchmarks.jar
script=benchmarks/wrk/signed-events.lua
out=${WRK_OUT:-benchmarks/results/wrk-$(date -u +%F).md}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -f "$jar" ] || { echo "build first: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

main_of() {
  case "$1" in
    plain-jetty) echo "dev.hooky.benchmarks.http.PlainJettyServer" ;;
    hand-written) echo "dev.hooky.benchmarks.http.HandWrittenServer" ;;
    memory|sqlite) echo "dev.hooky.benchmarks.http.HookyTargetServer" ;;
    spring-plain) echo "dev.hooky.benchmarks.http.SpringPlainServer" ;;
    *) echo "unknown server $1" >&2; exit 2 ;;
  esac
}

# Asks a Hooky server (its control channel on fd 3) how many events its handler has handled,
# waiting up to 30 s for it to reach $2; prints the count.
handled_by() {
  local output=$1 expected=$2 handled=0
  for _ in $(seq 1 300); do
    echo handled >&3
    sleep 0.1
    handled=$(awk '/^HANDLED/ {n = $2} END {print n + 0}' "$output")
    [ "$handled" -ge "$expected" ] && break
  done
  echo "$handled"
}

# Runs one server under wrk; prints "requests_per_second p50_ms p99_ms errors peak_rss_mib
# handled/acknowledged" (the last "-" for the servers that do not count).
run_one() {
  local server=$1 round=$2
  local port=$((20000 + RANDOM % 20000))
  local args=("$port")
  case "$server" in
    memory) args+=(memory) ;;
    sqlite) args+=("sqlite:$work/$server-$round.db") ;;
  esac
  mkfifo "$work/control"
  java -cp "$jar" "$(main_of "$server")" "${args[@]}" < "$work/control" > "$work/$server.out" 2> "$work/$server.log" &
  local pid=$!
  exec 3> "$work/control"
  for _ in $(seq 1 300); do grep -q '^PORT' "$work/$server.out" 2>/dev/null && break; sleep 0.1; done
  # Warm-up, then the measured window.
  wrk -t2 -c64 -d"${WRK_WARMUP:-10}s" -s "$script" "http://127.0.0.1:$port/webhooks/customerio" > "$work/warm.txt" 2>&1 || true
  wrk -t2 -c64 -d"${seconds}s" --latency -s "$script" "http://127.0.0.1:$port/webhooks/customerio" > "$work/wrk.txt" 2>&1 || true
  local rss; rss=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || echo -1)
  # Every request a new event: a Hooky server's handler must see as many as were acknowledged
  # (both runs, all 2xx); fewer would mean repeated ids, which Hooky acknowledges without storing.
  local check=-
  case "$server" in
    memory|sqlite)
      local acked
      acked=$(cat "$work/warm.txt" "$work/wrk.txt" | awk '/non-2xx or errors/ {n += $6 - $4} END {print n + 0}')
      check="$(handled_by "$work/$server.out" "$acked")/$acked" ;;
  esac
  echo quit >&3; exec 3>&-
  wait "$pid" 2>/dev/null || true
  rm -f "$work/control"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '/non-2xx or errors/ {print $8}' "$work/wrk.txt")
  p99=$(awk '/non-2xx or errors/ {print $11}' "$work/wrk.txt")
  errors=$(awk '/non-2xx or errors/ {print $4}' "$work/wrk.txt")
  echo "${rps:-0} ${p50:-0} ${p99:-0} ${errors:-?} $rss $check"
}

declare -A results
for round in $(seq 1 "$rounds"); do
  for server in "${servers[@]}"; do
    results[$server,$round]=$(run_one "$server" "$round")
    echo "round $round $server: ${results[$server,$round]}" >&2
  done
done

{
  echo "# wrk cross-check, $(date -u +%F)"
  echo
  echo "- date: $(date -u +%FT%TZ); machine: $(nproc) cores, $(uname -sr); $(java -version 2>&1 | head -1)"
  echo "- source: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- load: wrk -t2 -c64, ${seconds} s measured after ${WRK_WARMUP:-10} s of warm-up, every request a new event signed as sent (benchmarks/wrk/signed-events.lua); each server in a fresh JVM with its defaults, the servers alternating over $rounds rounds"
  echo
  echo "| server | round | requests/s | × hand-written | p50 ms | p99 ms | non-2xx/errors | peak RSS MiB | handled/acked |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for server in "${servers[@]}"; do
    for round in $(seq 1 "$rounds"); do
      read -r rps p50 p99 errors rss check <<< "${results[$server,$round]}"
      base=$(echo "${results[hand-written,$round]:-0}" | awk '{print $1}')
      ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
      echo "| $server | $round | $rps | $ratio | $p50 | $p99 | $errors | $rss | $check |"
    done
  done
} > "$out"
cat "$out"
echo "Written to $out" >&2
