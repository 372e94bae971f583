#!/usr/bin/env bash
# The standard load scenarios of issue 13, against chatd and against bench_relay (the
# no-store ceiling) in one run, then a table of each figure, the chatd/relay ratio and the
# target. Builds nothing: give it a build directory with chatd, bench_load and bench_relay.
#
#   bench/run-standard.sh [--short] [--results FILE] BUILD_DIR
#
#   --short          every scenario tiny (a few seconds in all), every frame also decoded
#                    by the protocol's codec, and the results checked for form, not
#                    against targets: what CI runs (ctest -R bench_standard_short)
#   --results FILE   keep the JSON lines (one object per scenario) in FILE
#
# chatd runs on 127.0.0.1 on a free port with a temporary database, its per-user send
# limit, sign-in throttle and per-address caps lifted (flags below). Users are signed up
# once per server (two Argon2id hashes each on chatd: minutes for 5,000) and reused by
# every scenario. Every process and the temporary directory are cleaned up on exit.
set -euo pipefail

short=0
results_copy=""
build=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --short) short=1 ;;
        --results) results_copy="$2"; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) build="$1" ;;
    esac
    shift
done
if [[ -z "$build" ]]; then
    echo "usage: $0 [--short] [--results FILE] BUILD_DIR" >&2
    exit 2
fi
chatd="$build/server/chatd"
load="$build/bench/bench_load"
relay="$build/bench/bench_relay"
for program in "$chatd" "$load" "$relay"; do
    [[ -x "$program" ]] || { echo "$0: $program is not built" >&2; exit 2; }
done

if (( short )); then
    users=20; connect_clients=20; reconnect_clients=10
    p10w10=(--pairs 2 --window 4 --messages 50)
    p10w1=(--pairs 2 --window 1 --messages 20)
    p500w1=(--pairs 5 --window 1 --messages 10)
    strict=(--strict)
else
    users=5000; connect_clients=5000; reconnect_clients=5000
    p10w10=(--pairs 10 --window 10 --messages 10000)
    p10w1=(--pairs 10 --window 1 --messages 2000)
    p500w1=(--pairs 500 --window 1 --messages 100)
    strict=()
fi

# One descriptor per socket, in the load generator and in the servers (which inherit it).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work="$(mktemp -d "${TMPDIR:-/tmp}/chat-bench.XXXXXX")"
chatd_pid=""
relay_pid=""
load_pid=""
stop() {
    local pid="$1"
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local status=$?
    stop "$load_pid"
    stop "$chatd_pid"
    stop "$relay_pid"
    if (( status != 0 )); then
        echo "--- end of chatd's log:" >&2
        tail -n 20 "$work/chatd.log" >&2 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until `log` holds `count` "listening on" lines and prints the last one's port.
port_from_log() {
    local log="$1" count="$2" pid="$3"
    for _ in $(seq 300); do
        if (( $(grep -c 'listening on http://' "$log" 2>/dev/null || true) >= count )); then
            grep -o 'listening on http://[0-9.]*:[0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$'
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { echo "$0: the server ended:" >&2; tail "$log" >&2; return 1; }
        sleep 0.1
    done
    echo "$0: the server did not say which port it listens on" >&2
    return 1
}

chatd_starts=0
# chatd logs "listening on" at info level to stderr: whatever this environment's logging
# rules (ctest turns chat.*.info off), not here.
start_chatd() {
    env -u QT_LOGGING_RULES -u QT_MESSAGE_PATTERN QT_FORCE_STDERR_LOGGING=1 "$chatd" \
        --listen 127.0.0.1 --port "$1" --db "$work/chatd/chatd.sqlite3" --metrics off \
        --send-burst 1000000000 --send-rate 1000000000 \
        --login-burst 1000000 --login-rate 1000000 \
        --max-sockets-per-address 1000000 --max-connections-per-address 1000000 \
        >>"$work/chatd.log" 2>&1 &
    chatd_pid=$!
    chatd_starts=$((chatd_starts + 1))
    chatd_port="$(port_from_log "$work/chatd.log" "$chatd_starts" "$chatd_pid")"
}

start_chatd 0
"$relay" --listen 127.0.0.1 --port 0 >"$work/relay.log" 2>&1 &
relay_pid=$!
relay_port="$(port_from_log "$work/relay.log" 1 "$relay_pid")"
echo "chatd (pid $chatd_pid) on port $chatd_port, bench_relay (pid $relay_pid) on port $relay_port; data in $work" >&2

results="$work/results.jsonl"
echo "signing up $users users on chatd (Argon2id: this takes a while) and on the relay" >&2
"$load" setup --server "http://127.0.0.1:$chatd_port" --users "$users" --out "$work/chatd.users"
"$load" setup --server "http://127.0.0.1:$relay_port" --users "$users" --out "$work/relay.users"

# run NAME SCENARIO ARGS...: the scenario against chatd, then against the relay.
run() {
    local name="$1" scenario="$2"
    shift 2
    "$load" "$scenario" --name "$name" --label chatd --server "http://127.0.0.1:$chatd_port" \
        --users-file "$work/chatd.users" --server-pid "$chatd_pid" "${strict[@]}" "$@" >>"$results"
    "$load" "$scenario" --name "$name" --label relay --server "http://127.0.0.1:$relay_port" \
        --users-file "$work/relay.users" --server-pid "$relay_pid" "${strict[@]}" "$@" >>"$results"
}

# The connect storm first: the servers' memory has not yet grown with any other load, so
# the difference it makes is the sockets'.
run connect connect --clients "$connect_clients"
run p10w10 throughput "${p10w10[@]}"
run p10w1 throughput "${p10w1[@]}"
run p500w1 throughput "${p500w1[@]}"

# The reconnect storm, chatd only: once every client is connected, kill -9 and restart
# chatd on the same port with the same database; the clients come back with their cursor.
rm -f "$work/ready"
"$load" reconnect --name reconnect --label chatd --server "http://127.0.0.1:$chatd_port" \
    --users-file "$work/chatd.users" --clients "$reconnect_clients" \
    --ready-file "$work/ready" "${strict[@]}" >>"$results" &
load_pid=$!
while [[ ! -e "$work/ready" ]]; do
    kill -0 "$load_pid" 2>/dev/null || { wait "$load_pid"; exit 1; }
    sleep 0.05
done
kill -KILL "$chatd_pid"
wait "$chatd_pid" 2>/dev/null || true
start_chatd "$chatd_port"
wait "$load_pid"
load_pid=""

echo >&2
if (( short )); then
    "$load" report "$results" --check
else
    "$load" report "$results"
fi
if [[ -n "$results_copy" ]]; then
    cp "$results" "$results_copy"
fi
