#!/usr/bin/env bash
# Measures what docs/PERFORMANCE.md reports, each figure beside its baseline from the same run:
#   1. throughput: the echo baseline and the embedded gateway, uncapped, with the same games;
#   2. latency at one rate: the echo round trip and a move's latency to the opponent, at PERF_RATE messages/moves a second;
#   3. memory: PERF_CONNECTIONS idle connections held by a fresh embedded gateway and by a fresh echo server;
#   4. the local cluster (scripts/cluster.sh: Redis, 3 silos, 2 gateways), uncapped, with the same games.
# The embedded and the cluster throughput also print where a move's CPU went (scripts/node-cpu.py): each server
# process's CPU over the measured window, per move, and the rest of the machine (mostly the load client).
# Usage: scripts/perf.sh [all|throughput|latency|memory|cluster]...   (default: all)
# Settings (environment): PERF_GAMES (50), PERF_SECONDS (10), PERF_WARMUP (30: seconds played before each measured
#   load, so the servers' code is jitted and tiered up, as in a server that has run a while), PERF_RATE (1000), PERF_CONNECTIONS (10000),
#   PERF_OUT (.perf/ at the repository root: the Release build, logs and each run's JSON), PERF_CLUSTER_STOP (nodes
#   of the cluster to stop before its load, to see what a part costs: "silo-2 silo-3" leaves one silo; default none).
# Needs: dotnet, curl, python3 (to read the JSON); for the cluster, what scripts/cluster.sh needs (redis-server, nginx).
# The gateways run with their per-connection command limit lifted, and the load generator does not pace itself,
# so the figures measure the server rather than the limit (see bench/README.md).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${PERF_OUT:-$ROOT/.perf}
GAMES=${PERF_GAMES:-50}
CLUSTER_STOP=${PERF_CLUSTER_STOP:-}
SECS=${PERF_SECONDS:-10}
WARMUP=${PERF_WARMUP:-30}
RATE=${PERF_RATE:-1000}
CONNECTIONS=${PERF_CONNECTIONS:-10000}
BIN=$OUT/bin
UNCAPPED=(Gateway__CommandsPerSecond=1000000 Gateway__CommandBurst=1000000)
SERVER_PID=

die() { echo "perf: $*" >&2; exit 1; }
log() { echo "perf: $*" >&2; }

stop_server() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
trap stop_server EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_ready() { # url
  for _ in $(seq 1 300); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "nothing answered at $1 within 60 s"
}

# A fresh embedded gateway (command limit lifted) on a free port; sets PORT and SERVER_PID.
start_gateway() {
  PORT=$(free_port)
  (cd "$ROOT/gateway" && exec env "${UNCAPPED[@]}" Logging__LogLevel__Default=Warning \
    dotnet "$BIN/Connect4.Gateway.dll" --urls "http://127.0.0.1:$PORT") >"$OUT/gateway.log" 2>&1 &
  SERVER_PID=$!
  wait_ready "http://127.0.0.1:$PORT/readyz"
}

# A fresh bare echo server (workstation GC, like the gateway); sets PORT and SERVER_PID.
start_echo() {
  PORT=$(free_port)
  DOTNET_gcServer=0 dotnet "$BIN/Connect4.Bench.dll" echo-server --port "$PORT" >"$OUT/echo.log" 2>&1 &
  SERVER_PID=$!
  wait_ready "http://127.0.0.1:$PORT/stats"
}

bench() { # name, arguments...: runs the bench tool, keeps its last line (the JSON) in $OUT/<name>.json
  local name=$1
  shift
  log "$name: bench $*"
  dotnet "$BIN/Connect4.Bench.dll" "$@" 2>"$OUT/$name.err" | tee "$OUT/$name.txt" | tail -1 >"$OUT/$name.json"
}

json() { # file, python expression over d
  python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($2)" "$1"
}

# Starts sampling the CPU of the given processes (name=pid or name=pidfile) over the load's measured window, into
# $OUT/<name>.json; call it just before the bench and wait_cpu after it. The window starts 2 s into the measured
# seconds (the bench opens its connections before its warm-up) and ends 1 s before them.
sample_cpu() { # name, processes...
  local name=$1
  shift
  python3 "$ROOT/scripts/node-cpu.py" $((WARMUP + 2)) $((SECS > 4 ? SECS - 3 : 1)) "$@" >"$OUT/$name.json" &
  CPU_PID=$!
}

wait_cpu() { wait "$CPU_PID" || log "the CPU sampler failed"; }

# One line: each process's CPU per move over the window, then the rest of the machine's (mostly the load client).
cpu_per_move() { # cpu json, moves per second
  python3 - "$1" "$2" <<'PY'
import json, sys
d, moves = json.load(open(sys.argv[1])), float(sys.argv[2])
us = lambda ms: ms * 1000 / moves
rest = d["machine"] - sum(d["processes"].values())
parts = ", ".join(f"{n} {us(ms):.0f}" for n, ms in d["processes"].items())
print(f"  CPU per move, µs: {parts}; the rest of the machine (load client) {us(rest):.0f}; in all {us(d['machine']):.0f}")
PY
}

throughput() {
  bench echo-throughput baseline --games "$GAMES" --seconds "$SECS" --warmup "$WARMUP" --connection-rate 0 --json
  start_gateway
  sample_cpu embedded-cpu "gateway=$SERVER_PID"
  bench embedded-throughput load --url "http://127.0.0.1:$PORT" --games "$GAMES" --seconds "$SECS" --warmup "$WARMUP" --connection-rate 0 --json
  wait_cpu
  stop_server
  local echo moves
  echo=$(json "$OUT/echo-throughput.json" 'd["messagesPerSecond"]')
  moves=$(json "$OUT/embedded-throughput.json" 'd["movesPerSecond"]')
  printf 'throughput, %s games: echo %.0f messages/s; embedded %.0f moves/s = %.1f%% of echo (goal: not below 21%%, the home-made runtime'"'"'s figure)\n' \
    "$GAMES" "$echo" "$moves" "$(python3 -c "print(100 * $moves / $echo)")"
  cpu_per_move "$OUT/embedded-cpu.json" "$moves"
}

latency() {
  bench echo-latency baseline --games "$GAMES" --seconds "$SECS" --warmup "$WARMUP" --rate "$RATE" --connection-rate 0 --json
  start_gateway
  bench embedded-latency load --url "http://127.0.0.1:$PORT" --games "$GAMES" --seconds "$SECS" --warmup "$WARMUP" --rate "$RATE" --connection-rate 0 --json
  stop_server
  local echo move
  echo=$(json "$OUT/echo-latency.json" 'd["roundTripLatencyMs"]["p99"]')
  move=$(json "$OUT/embedded-latency.json" 'd["opponentLatencyMs"]["p99"]')
  printf 'latency at %s/s, p99: echo round trip %.2f ms; move to the opponent %.2f ms = %.1fx echo (goal: at most 3x)\n' \
    "$RATE" "$echo" "$move" "$(python3 -c "print($move / $echo)")"
}

# The per-connection figures of a hold run, in words.
HOLD_FIGURES="f\"{d['perConnection']['workingSetKB']:.1f} KB working set, {d['perConnection']['managedHeapKB']:.1f} KB managed\""

memory() {
  start_echo
  bench echo-hold hold --url "http://127.0.0.1:$PORT" --connections "$CONNECTIONS" --seconds 5 --json
  stop_server
  start_gateway
  bench embedded-hold hold --url "http://127.0.0.1:$PORT" --connections "$CONNECTIONS" --seconds 5 --json
  stop_server
  printf 'memory, %s idle connections, per connection: echo %s; gateway %s (goal: under 20 KB)\n' "$CONNECTIONS" \
    "$(json "$OUT/echo-hold.json" "$HOLD_FIGURES")" \
    "$(json "$OUT/embedded-hold.json" "$HOLD_FIGURES")"
}

cluster() {
  local base=${CLUSTER_BASE_PORT:-7600}
  local node nodes=()
  env "${UNCAPPED[@]}" CLUSTER_BASE_PORT="$base" CLUSTER_STATE_DIR="$OUT/cluster" bash "$ROOT/scripts/cluster.sh" up >&2
  for node in $CLUSTER_STOP; do
    CLUSTER_BASE_PORT="$base" CLUSTER_STATE_DIR="$OUT/cluster" bash "$ROOT/scripts/cluster.sh" stop "$node" >&2
  done
  # Every node cluster.sh still runs (a stopped node's pid file is gone).
  for node in "$OUT"/cluster/pids/*.pid; do
    nodes+=("$(basename "$node" .pid)=$node")
  done
  sample_cpu cluster-cpu "${nodes[@]}"
  bench cluster-throughput load --url "http://127.0.0.1:$((base + 31))" --url "http://127.0.0.1:$((base + 32))" \
    --games "$GAMES" --seconds "$SECS" --warmup "$WARMUP" --connection-rate 0 --json || true
  wait_cpu
  CLUSTER_BASE_PORT="$base" CLUSTER_STATE_DIR="$OUT/cluster" bash "$ROOT/scripts/cluster.sh" down >&2
  local moves
  moves=$(json "$OUT/cluster-throughput.json" 'd["movesPerSecond"]')
  printf 'cluster (3 silos, 2 gateways, Redis with appendfsync always%s), %s games: %.0f moves/s, %.0f per gateway\n' \
    "${CLUSTER_STOP:+; stopped for this run: $CLUSTER_STOP}" "$GAMES" "$moves" "$(python3 -c "print($moves / 2)")"
  if [[ -s $OUT/embedded-throughput.json ]]; then
    printf '  = %.1f%% of the embedded gateway'"'"'s moves/s (goal: at least 50%%)\n' \
      "$(python3 -c "print(100 * $moves / $(json "$OUT/embedded-throughput.json" 'd["movesPerSecond"]'))")"
  fi
  cpu_per_move "$OUT/cluster-cpu.json" "$moves"
}

mkdir -p "$OUT"
command -v python3 >/dev/null || die "python3 is needed to read the figures"
command -v curl >/dev/null || die "curl is needed"
log "building into $BIN"
dotnet build -c Release "$ROOT/bench" -o "$BIN" -v quiet -nologo >"$OUT/build.log" 2>&1 || die "the build failed: see $OUT/build.log"

steps=("$@")
[[ ${#steps[@]} -eq 0 || ${steps[0]} == all ]] && steps=(throughput latency memory cluster)
for step in "${steps[@]}"; do
  case $step in
    throughput | latency | memory | cluster) "$step" ;;
    *) die "unknown step '$step' (all, throughput, latency, memory, cluster)" ;;
  esac
done
