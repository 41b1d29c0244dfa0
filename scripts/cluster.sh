#!/usr/bin/env bash
# The whole clustered topology as local processes on loopback: Redis, 3 silos, 2 gateways and an nginx load
# balancer in front of the gateways. Same binaries as docker-compose.yml, configured by environment variables.
#
# Usage: scripts/cluster.sh <verb> [node]
#   up            publish silo and gateway into .cluster/build/ when missing or older than the sources, start every
#                 node that is not already running, wait until all are ready, print each silo's and gateway's
#                 metrics URL ("metrics <node> <url>") and the balancer's URL (last line)
#   status        one line per node: name, pid, running or stopped, ports, and a silo's /readyz JSON; then the
#                 metrics URLs as up prints them
#   kill <node>   SIGKILL the node (a crash: no goodbye)
#   start <node>  start that node again on the same ports and wait until it is ready
#   stop <node>   SIGTERM the node and wait for it to exit (SIGKILL after CLUSTER_STOP_TIMEOUT)
#   down          stop everything this script started: SIGTERM, wait, then SIGKILL stragglers
#   logs <node> [-f]  the node's log (the last 200 lines, or follow it)
# Nodes: redis silo-1 silo-2 silo-3 gateway-1 gateway-2 lb
#
# Ports, all on 127.0.0.1, from CLUSTER_BASE_PORT (default 7400; B below):
#   B+0        lb           the load balancer (nginx): http://127.0.0.1:B, WebSockets on / and /ws
#   B+1        redis        membership and grain state (append-only file, fsync on every write)
#   B+11..13   silo-1..3    HTTP: /healthz, /readyz, /games, /metrics
#   B+21..23   silo-1..3    Orleans silo-to-silo TCP (Cluster__Port)
#   B+31..32   gateway-1..2 HTTP and WebSockets (/, /ws, /healthz, /readyz, /stats, /metrics)
#   B+41..43   silo-1..3    Orleans gateway TCP (Cluster__GatewayPort): the gateways, Orleans clients, connect here
# Gateways listen on HTTP only: they find the silos' gateway ports in Redis (the membership table) and connect out,
# retrying until one answers. The base in use is remembered in the state folder, so later verbs find a cluster
# started with another base.
#
# State lives in .cluster/ at the repository root (CLUSTER_STATE_DIR overrides it): logs/<node>.log, pids/<node>.pid
# (pid and start time, so a recycled pid is never signalled), data/redis/, lb/ (nginx.conf, pid, temp paths) and
# the gateways' shared token secret. Published binaries go to .cluster/build/ (CLUSTER_BUILD_DIR overrides it).
# Other settings: CLUSTER_TIMEOUT (seconds to wait for readiness, default 120), CLUSTER_STOP_TIMEOUT (seconds
# between SIGTERM and SIGKILL, default 20).
# Needs: dotnet, redis-server and redis-cli, nginx, curl (apt-get install -y redis-server nginx curl).
set -euo pipefail
PATH=$PATH:/usr/sbin:/sbin # nginx lives in /usr/sbin

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${CLUSTER_STATE_DIR:-$ROOT/.cluster}
BUILD=${CLUSTER_BUILD_DIR:-$ROOT/.cluster/build}
READY_TIMEOUT=${CLUSTER_TIMEOUT:-120}
STOP_TIMEOUT=${CLUSTER_STOP_TIMEOUT:-20}
DEFAULT_BASE_PORT=7400
CLUSTER_ID=connect4-local
NODES=(redis silo-1 silo-2 silo-3 gateway-1 gateway-2 lb)
BASE=

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}

say() {
  echo "$*"
}

usage() {
  sed -n '4,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

is_node() {
  local n
  for n in "${NODES[@]}"; do
    [[ $n == "$1" ]] && return 0
  done
  return 1
}

# --- ports -----------------------------------------------------------------------------------------------------

# The node's main port (the one it serves HTTP or Redis on).
port_of() {
  case $1 in
    lb) echo $((BASE)) ;;
    redis) echo $((BASE + 1)) ;;
    silo-*) echo $((BASE + 10 + ${1#silo-})) ;;
    gateway-*) echo $((BASE + 30 + ${1#gateway-})) ;;
  esac
}

# A silo's silo-to-silo port, Cluster__Port (empty for the other nodes).
cluster_port_of() {
  case $1 in
    silo-*) echo $((BASE + 20 + ${1#silo-})) ;;
  esac
}

# A silo's Orleans gateway port, Cluster__GatewayPort, where Orleans clients connect (empty for the other nodes).
gateway_port_of() {
  case $1 in
    silo-*) echo $((BASE + 40 + ${1#silo-})) ;;
  esac
}

# Every port the node listens on.
ports_of() {
  port_of "$1"
  cluster_port_of "$1"
  gateway_port_of "$1"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# --- processes -------------------------------------------------------------------------------------------------

pid_file() {
  echo "$STATE/pids/$1.pid"
}

# Reads /proc/<pid>/stat into ST_STATE, ST_PGRP and ST_START (start time in clock ticks since boot); fails when the
# process does not exist. Builtins only: it runs for every process when a group is scanned.
ST_STATE='' ST_PGRP='' ST_START=''
read_stat() {
  local line fields
  read -r line 2>/dev/null <"/proc/$1/stat" || return 1
  read -r -a fields <<<"${line##*) }"
  ST_STATE=${fields[0]} ST_PGRP=${fields[2]} ST_START=${fields[19]}
}

# True when <pid> is alive (not a zombie) and started at <start time>.
proc_is() {
  read_stat "$1" || return 1
  [[ $ST_STATE != Z && $ST_STATE != X && $ST_START == "$2" ]]
}

# Prints the pid of the node when it runs (a process this script started, by pid and start time).
node_pid() {
  local file pid start
  file=$(pid_file "$1")
  [[ -f $file ]] || return 1
  read -r pid start <"$file" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  proc_is "$pid" "$start" || return 1
  echo "$pid"
}

# Prints the processes in the process group <pgid> (each node runs in a session of its own) that started no
# earlier than <start time>: the node and any children (nginx's workers), even once the leader has died. A pid
# cannot be reused while a group of that number exists, so these are the processes this script started. When a
# process with that pid runs but started at another time, the pid was reused: nothing there is ours.
group_members() {
  local pgid=$1 start=$2 stat p
  if read_stat "$pgid" && [[ $ST_START != "$start" ]]; then
    return 0
  fi
  for stat in /proc/[0-9]*/stat; do
    p=${stat#/proc/}
    p=${p%/stat}
    read_stat "$p" || continue
    [[ $ST_PGRP == "$pgid" && $ST_STATE != Z && $ST_STATE != X ]] || continue
    ((ST_START >= start)) || continue
    echo "$p"
  done
}

# Prints the pids that belong to the node: its process and its group.
node_pids() {
  local file pid start
  file=$(pid_file "$1")
  [[ -f $file ]] || return 0
  read -r pid start <"$file" || return 0
  [[ $pid =~ ^[0-9]+$ && $start =~ ^[0-9]+$ ]] || return 0
  group_members "$pid" "$start"
}

signal_node() {
  local sig=$1 node=$2 p
  for p in $(node_pids "$node"); do
    kill "-$sig" "$p" 2>/dev/null || true
  done
}

# Waits until none of the given nodes has a process left; returns 1 when some remain after <seconds>.
wait_gone() {
  local seconds=$1 node left
  shift
  local deadline=$((SECONDS + seconds))
  while true; do
    left=
    for node in "$@"; do
      [[ -z $(node_pids "$node") ]] || left+=" $node"
    done
    [[ -n $left ]] || return 0
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# Starts <command> for <node> in <directory>, in a session of its own, with output appended to the node's log.
launch() {
  local node=$1 dir=$2
  shift 2
  local log="$STATE/logs/$node.log" pid
  # The command line goes to the log with secrets masked.
  printf '=== %s cluster.sh: starting %s: %s\n' "$(date '+%Y-%m-%dT%H:%M:%S')" "$node" "$(sed -E 's/(Secret=)[^ ]*/\1***/g' <<<"$*")" >>"$log"
  (cd "$dir" && exec setsid "$@" </dev/null >>"$log" 2>&1) &
  pid=$!
  read_stat "$pid" || die "$node exited at once; see $log"
  echo "$pid $ST_START" >"$(pid_file "$node")"
}

# --- build -----------------------------------------------------------------------------------------------------

# What the published binaries are built from (missing entries are skipped).
SOURCES=(engine grain-interfaces grains silo gateway Directory.Build.props Directory.Packages.props global.json)

build_is_current() {
  local stamp="$BUILD/.stamp" paths=() s
  [[ -f $stamp && -f $BUILD/silo/Connect4.Silo.dll && -f $BUILD/gateway/Connect4.Gateway.dll ]] || return 1
  for s in "${SOURCES[@]}"; do
    [[ -e $ROOT/$s ]] && paths+=("$ROOT/$s")
  done
  [[ -z $(find "${paths[@]}" \( -name bin -o -name obj \) -prune -o -type f -newer "$stamp" -print -quit) ]]
}

build_in_use() {
  grep -qsaF -- "$BUILD/" /proc/[0-9]*/cmdline
}

publish() {
  mkdir -p "$BUILD"
  local log="$STATE/logs/build.log"
  # One publish at a time per build folder (two clusters, or a test and a person, may share it).
  exec 9>"$BUILD/.lock"
  flock 9
  if build_is_current; then
    exec 9>&-
    return 0
  fi

  if [[ -f $BUILD/silo/Connect4.Silo.dll ]] && build_in_use; then
    say "warning: the build in $BUILD is older than the sources but running nodes use it; keeping it (run down, then up, to rebuild)"
    exec 9>&-
    return 0
  fi

  command -v dotnet >/dev/null || die "dotnet is not on PATH"
  say "publishing silo and gateway into $BUILD (log: $log)"
  local started
  started=$(mktemp "$BUILD/.stamp.XXXXXX")
  : >"$log"
  local project
  for project in silo/Connect4.Silo.csproj gateway/Connect4.Gateway.csproj; do
    local name
    name=$(dirname "$project")
    rm -rf "${BUILD:?}/$name"
    # Own intermediate folders (--artifacts-path), so a publish never races a developer's build in obj/. No build
    # servers: nothing may outlive the publish (nor inherit the lock, hence 9>&-).
    if ! dotnet publish "$ROOT/$project" -c Release -o "$BUILD/$name" --artifacts-path "$BUILD/artifacts" \
      --disable-build-servers --nologo >>"$log" 2>&1 9>&-; then
      rm -f "$started"
      tail -n 30 "$log" >&2
      die "publishing $project failed; see $log"
    fi
  done
  mv -f "$started" "$BUILD/.stamp"
  exec 9>&-
}

# --- nodes -----------------------------------------------------------------------------------------------------

token_secret() {
  local file="$STATE/token-secret"
  if [[ ! -s $file ]]; then
    (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n=/+' >"$file")
  fi
  cat "$file"
}

write_nginx_conf() {
  local dir="$STATE/lb" user_line="" nofile
  mkdir -p "$dir/tmp"
  if [[ $(id -u) == 0 ]]; then
    # As root nginx would switch its workers to nobody, who may not reach the state folder.
    user_line="user $(id -un) $(id -gn);"
  fi
  nofile=$(ulimit -Hn)
  [[ $nofile == unlimited || $nofile -gt 65536 ]] && nofile=65536
  cat >"$dir/nginx.conf" <<EOF
# Generated by scripts/cluster.sh; rewritten on every start of lb.
$user_line
daemon off;
worker_processes 1;
worker_rlimit_nofile $nofile;
pid $dir/nginx.pid;
error_log $STATE/logs/lb.log notice;

events {
  worker_connections $((nofile / 2));
}

http {
  access_log $STATE/logs/lb.log;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;

  map \$http_upgrade \$connection_upgrade {
    default upgrade;
    '' close;
  }

  upstream gateways {
    least_conn;
    # Passive health: one failure takes a gateway out for 5 s, then it is tried again.
    server 127.0.0.1:$(port_of gateway-1) max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$(port_of gateway-2) max_fails=1 fail_timeout=5s;
  }

  server {
    listen 127.0.0.1:$(port_of lb);

    location / {
      proxy_pass http://gateways;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_buffering off;
      proxy_connect_timeout 2s;
      # Idle WebSockets stay open: the gateway pings every 15 s.
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      # A dead gateway (refused, timed out) or a draining one (503) is skipped for the next.
      proxy_next_upstream error timeout http_503;
      proxy_next_upstream_tries 2;
      proxy_next_upstream_timeout 5s;
    }
  }
}
EOF
}

# Fails when a port of a node that is not running is taken (by a process this script did not start).
check_ports() {
  local node p
  for node in "$@"; do
    node_pid "$node" >/dev/null && continue
    for p in $(ports_of "$node"); do
      if port_open "$p"; then
        die "cannot start $node: port $p is already in use by a process this script did not start (choose another CLUSTER_BASE_PORT)"
      fi
    done
  done
}

start_node() {
  local node=$1 port
  port=$(port_of "$node")
  check_ports "$node"

  # Silos and gateways find each other through Redis: the silos write their addresses (silo-to-silo and gateway
  # ports) into the membership table, and the gateways, Orleans clients, read the gateway ports from it.
  local common=(env "Cluster__Redis=127.0.0.1:$(port_of redis)" "Cluster__ClusterId=$CLUSTER_ID"
    "ASPNETCORE_URLS=http://127.0.0.1:$port" DOTNET_NOLOGO=1 "Logging__Console__TimestampFormat=HH:mm:ss.fff "
    Logging__LogLevel__Microsoft.AspNetCore=Warning)
  case $node in
    redis)
      command -v redis-server >/dev/null || die "redis-server is not installed (apt-get install -y redis-server)"
      mkdir -p "$STATE/data/redis"
      launch redis "$STATE/data/redis" redis-server --port "$port" --bind 127.0.0.1 --appendonly yes --appendfsync always \
        --save "" --dir "$STATE/data/redis" --daemonize no
      ;;
    silo-*)
      launch "$node" "$BUILD/silo" "${common[@]}" Cluster__ListenHost=127.0.0.1 Cluster__AdvertisedHost=127.0.0.1 \
        "Cluster__Port=$(cluster_port_of "$node")" "Cluster__GatewayPort=$(gateway_port_of "$node")" \
        dotnet "$BUILD/silo/Connect4.Silo.dll"
      ;;
    gateway-*)
      launch "$node" "$BUILD/gateway" "${common[@]}" Gateway__Mode=client "Gateway__TokenSecret=$(token_secret)" \
        dotnet "$BUILD/gateway/Connect4.Gateway.dll"
      ;;
    lb)
      command -v nginx >/dev/null || die "nginx is not installed (apt-get install -y nginx)"
      write_nginx_conf
      local args=(-p "$STATE/lb/" -c "$STATE/lb/nginx.conf" -e "$STATE/logs/lb.log")
      nginx -t -q "${args[@]}" >>"$STATE/logs/lb.log" 2>&1 || die "nginx rejects $STATE/lb/nginx.conf; see $STATE/logs/lb.log"
      launch lb "$STATE/lb" nginx "${args[@]}"
      ;;
  esac
}

probe() {
  local node=$1 port
  port=$(port_of "$node")
  case $node in
    redis) [[ $(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]] ;;
    *) curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/readyz" 2>/dev/null ;;
  esac
}

# Waits until every given node is ready; fails at once when one exits, or after READY_TIMEOUT seconds.
wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) pending=("$@") next node
  while ((${#pending[@]} > 0)); do
    next=()
    for node in "${pending[@]}"; do
      if ! node_pid "$node" >/dev/null; then
        tail -n 20 "$STATE/logs/$node.log" >&2 || true
        die "$node exited while starting; see $STATE/logs/$node.log ('$0 down' stops what started)"
      fi
      probe "$node" || next+=("$node")
    done
    pending=("${next[@]+"${next[@]}"}")
    ((${#pending[@]} > 0)) || break
    if ((SECONDS >= deadline)); then
      for node in "${pending[@]}"; do
        echo "--- $node: last lines of $STATE/logs/$node.log" >&2
        tail -n 15 "$STATE/logs/$node.log" >&2 || true
      done
      die "not ready within ${READY_TIMEOUT}s: ${pending[*]} (see the logs in $STATE/logs/; '$0 down' stops what started)"
    fi
    sleep 0.25
  done
}

# Starts each given node that is not running; prints what it does.
ensure_started() {
  local node started=() running=()
  for node in "$@"; do
    if node_pid "$node" >/dev/null; then
      running+=("$node")
      continue
    fi
    start_node "$node"
    started+=("$node")
  done
  if ((${#running[@]} > 0)); then
    say "already running: ${running[*]}"
  fi
  if ((${#started[@]} > 0)); then
    say "started ${started[*]}"
  fi
}

any_running() {
  local node
  for node in "${NODES[@]}"; do
    node_pid "$node" >/dev/null && return 0
  done
  return 1
}

# Decides the base port: CLUSTER_BASE_PORT, else the one remembered in the state folder, else the default. A running
# cluster keeps its base.
resolve_base() {
  local stored=
  [[ -f $STATE/base-port ]] && stored=$(<"$STATE/base-port")
  local wanted=${CLUSTER_BASE_PORT:-${stored:-$DEFAULT_BASE_PORT}}
  if ! [[ $wanted =~ ^[0-9]+$ ]] || ((wanted < 1024 || wanted > 65480)); then
    die "CLUSTER_BASE_PORT is '$wanted'; it must be a number from 1024 to 65480"
  fi
  if [[ -n $stored && $stored != "$wanted" ]] && any_running; then
    die "the cluster in $STATE runs with CLUSTER_BASE_PORT=$stored; run down first, or use that base"
  fi
  BASE=$wanted
}

# --- verbs -----------------------------------------------------------------------------------------------------

cmd_up() {
  local t0=$SECONDS
  echo "$BASE" >"$STATE/base-port"
  check_ports "${NODES[@]}"
  publish
  ensure_started redis
  wait_ready redis
  # Silos and gateways start together: a gateway's Orleans client retries every second until a silo's gateway port
  # answers, so the order only decides when each becomes ready.
  ensure_started silo-1 silo-2 silo-3 gateway-1 gateway-2
  wait_ready silo-1 silo-2 silo-3 gateway-1 gateway-2
  ensure_started lb
  wait_ready lb
  say "cluster ready in $((SECONDS - t0))s; logs in $STATE/logs/"
  print_metrics_urls
  say "http://127.0.0.1:$(port_of lb)"
}

# One line per silo and gateway: where Prometheus (or curl) reads its metrics.
print_metrics_urls() {
  local node
  for node in silo-1 silo-2 silo-3 gateway-1 gateway-2; do
    say "metrics $node http://127.0.0.1:$(port_of "$node")/metrics"
  done
}

cmd_status() {
  local node pid state ports extra
  for node in "${NODES[@]}"; do
    pid=-
    state=stopped
    extra=
    if pid=$(node_pid "$node"); then
      state=running
    else
      pid=-
    fi
    ports="port $(port_of "$node")"
    [[ -n $(cluster_port_of "$node") ]] && ports+=" cluster $(cluster_port_of "$node") gateway $(gateway_port_of "$node")"
    if [[ $state == running ]]; then
      case $node in
        silo-* | gateway-*)
          extra=$(curl -sS --max-time 2 "http://127.0.0.1:$(port_of "$node")/readyz" 2>/dev/null) || extra="${extra:-(no answer on /readyz)}"
          ;;
        redis) [[ $(redis-cli -h 127.0.0.1 -p "$(port_of redis)" ping 2>/dev/null) == PONG ]] || extra="(no answer to PING)" ;;
        lb) extra="http://127.0.0.1:$(port_of lb)" ;;
      esac
    fi
    printf '%-10s pid %-8s %-8s %-36s %s\n' "$node" "$pid" "$state" "$ports" "$extra"
  done
  print_metrics_urls
}

cmd_kill() {
  local node=$1
  if [[ -z $(node_pids "$node") ]]; then
    say "$node is not running"
    return 0
  fi
  signal_node KILL "$node"
  wait_gone 10 "$node" || die "$node survived SIGKILL"
  rm -f "$(pid_file "$node")"
  say "killed $node"
}

cmd_start() {
  local node=$1
  if [[ $node == silo-* || $node == gateway-* ]]; then
    [[ -f $BUILD/silo/Connect4.Silo.dll && -f $BUILD/gateway/Connect4.Gateway.dll ]] || die "no build in $BUILD; run up first"
  fi
  echo "$BASE" >"$STATE/base-port"
  ensure_started "$node"
  wait_ready "$node"
  say "$node is ready"
}

# SIGTERM to the given nodes together, then SIGKILL what is left after STOP_TIMEOUT.
stop_nodes() {
  local node running=()
  for node in "$@"; do
    [[ -n $(node_pids "$node") ]] && running+=("$node")
  done
  ((${#running[@]} > 0)) || return 0
  for node in "${running[@]}"; do
    signal_node TERM "$node"
  done
  if ! wait_gone "$STOP_TIMEOUT" "${running[@]}"; then
    for node in "${running[@]}"; do
      if [[ -n $(node_pids "$node") ]]; then
        say "$node did not stop within ${STOP_TIMEOUT}s; SIGKILL"
        signal_node KILL "$node"
      fi
    done
    wait_gone 10 "${running[@]}" || die "some of ${running[*]} survived SIGKILL"
  fi
  for node in "${running[@]}"; do
    rm -f "$(pid_file "$node")"
  done
  say "stopped ${running[*]}"
}

cmd_down() {
  # Front to back: gateways drain their sockets while the silos still serve; silos persist into Redis before it stops.
  stop_nodes lb gateway-1 gateway-2
  stop_nodes silo-1 silo-2 silo-3
  stop_nodes redis
  rm -f "$STATE"/pids/*.pid
  say "cluster down"
}

cmd_logs() {
  local file="$STATE/logs/$1.log"
  [[ -f $file ]] || die "no log for $1 yet ($file)"
  if [[ ${2:-} == -f ]]; then
    exec tail -n 200 -f "$file"
  fi
  tail -n 200 "$file"
}

main() {
  local verb=${1:-}
  [[ -n $verb ]] || usage
  shift
  case $verb in
    up | status | down) (($# == 0)) || usage ;;
    kill | start | stop | logs)
      (($# >= 1)) || usage
      is_node "$1" || die "unknown node '$1'; nodes: ${NODES[*]}"
      ;;
    *) usage ;;
  esac

  mkdir -p "$STATE/logs" "$STATE/pids"
  resolve_base
  case $verb in
    up) cmd_up ;;
    status) cmd_status ;;
    down) cmd_down ;;
    kill) cmd_kill "$1" ;;
    start) cmd_start "$1" ;;
    stop) stop_nodes "$1" ;;
    logs) cmd_logs "$@" ;;
  esac
}

main "$@"
