#!/usr/bin/env bash
# Where chatd's time goes at P=10 W=10 (or another scenario): runs chatd on a temporary database, drives it with
# bench_load, records it with `perf record --call-graph dwarf` meanwhile, and prints, per
# thread (the event loop, `chatd`, and the group commit's `chat-writer`), the share of
# samples whose stack passes through each part of the code. The numbers behind the
# profile in docs/PERFORMANCE.md. Needs perf (Debian: linux-perf) and a build directory.
#
#   bench/profile-chatd.sh BUILD_DIR [messages per sender, default 6000]
#   PAIRS=500 WINDOW=1 bench/profile-chatd.sh BUILD_DIR 100     # the P=500 W=1 scenario
#
# Shares overlap (a stack can pass through several parts) and do not add up to 100%.
set -euo pipefail

build="${1:?usage: $0 BUILD_DIR [messages]}"
messages="${2:-6000}"
pairs="${PAIRS:-10}"
window="${WINDOW:-10}"
chatd="$build/server/chatd"
load="$build/bench/bench_load"
command -v perf >/dev/null || { echo "$0: perf is not installed (apt install linux-perf)" >&2; exit 2; }
for program in "$chatd" "$load"; do
    [[ -x "$program" ]] || { echo "$0: $program is not built" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/chat-profile.XXXXXX")"
chatd_pid=""
cleanup() {
    [[ -n "$chatd_pid" ]] && kill "$chatd_pid" 2>/dev/null && wait "$chatd_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

env -u QT_LOGGING_RULES QT_FORCE_STDERR_LOGGING=1 "$chatd" --listen 127.0.0.1 --port 0 \
    --db "$work/chatd.sqlite3" --metrics off --send-burst 1000000000 --send-rate 1000000000 \
    --login-burst 1000000 --login-rate 1000000 \
    --max-sockets-per-address 1000000 --max-connections-per-address 1000000 >"$work/chatd.log" 2>&1 &
chatd_pid=$!
port=""
for _ in $(seq 100); do
    port="$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$work/chatd.log" | grep -o '[0-9]*$' || true)"
    [[ -n "$port" ]] && break
    sleep 0.1
done
[[ -n "$port" ]] || { echo "$0: chatd did not start:" >&2; cat "$work/chatd.log" >&2; exit 1; }
server="http://127.0.0.1:$port"

"$load" setup --server "$server" --users "$(( 2 * pairs ))" --out "$work/users" >/dev/null 2>&1
# A warm-up, so that the recording sees the steady state.
"$load" throughput --name warmup --label chatd --server "$server" --users-file "$work/users" \
    --pairs "$pairs" --window "$window" --messages "$(( messages / 6 + 1 ))" >/dev/null 2>&1
perf record -F 999 --call-graph dwarf,16384 -p "$chatd_pid" -o "$work/perf.data" \
    >/dev/null 2>&1 &
perf_pid=$!
sleep 0.5
"$load" throughput --name profile --label chatd --server "$server" --users-file "$work/users" \
    --server-pid "$chatd_pid" --pairs "$pairs" --window "$window" --messages "$messages" 2>&1 | head -n 1
kill -INT "$perf_pid"
wait "$perf_pid" 2>/dev/null || true

# One line per sample: the thread, then every frame's symbol.
perf script -i "$work/perf.data" 2>/dev/null | awk '
    /^[^ \t]/ { if (stack != "") print thread stack; thread = $1; stack = ""; next }
    NF >= 2 { stack = stack ";" $2 }
    END { if (stack != "") print thread stack }' >"$work/stacks"

share() { # thread, label, pattern
    local total hits
    total=$(grep -c "^$1;" "$work/stacks" || true)
    hits=$(grep "^$1;" "$work/stacks" | grep -c -E "$3" || true)
    (( total > 0 )) && printf '  %-58s %5.1f%%\n' "$2" "$(echo "100 * $hits / $total" | bc -l)"
}
for thread in chatd chat-writer; do
    echo "$thread: $(grep -c "^$thread;" "$work/stacks" || true) samples"
done
echo "chat-writer (the group commit):"
share chat-writer "the inserts (Store::insertUnindexed)" 'insertUnindexed'
share chat-writer "  of which SQLite executing (sqlite3_step)" 'insertUnindexed.*sqlite3_step|sqlite3_step.*insertUnindexed'
share chat-writer "  of which Qt Sql binding values (QSqlResult::bindValue)" 'bindValue'
share chat-writer "the batch's search index statement (indexForSearch)" 'indexForSearch'
share chat-writer "COMMIT (Store::commitTransaction)" 'commitTransaction'
share chat-writer "  of which writing the WAL (pwrite)" 'pwrite'
share chat-writer "  of which fdatasync" 'fdatasync'
share chat-writer "checkpoints (sqlite3WalCheckpoint)" 'WalCheckpoint'
echo "chatd (the event loop):"
share chatd "answering a committed batch (MessageWriter::answer)" 'MessageWriter::answer'
share chatd "  of which encoding frames (frames::encode)" 'frames::encode'
share chatd "  of which writing message JSON (json::appendMessageJson)" 'appendMessageJson'
share chatd "  of which building a QJsonObject (json::encode)" 'json::encode\('
share chatd "  of which QJsonDocument::toJson" 'toJson'
share chatd "  of which timestamps (json::encodeTime)" 'encodeTime'
share chatd "reading frames (ClientConnection::onTextMessage)" 'onTextMessage'
share chatd "  of which parsing and validating (decodeClientFrame)" 'decodeClientFrame'
share chatd "sending a batch off (MessageWriter::dispatch)" 'MessageWriter::dispatch'
share chatd "socket writes (write syscalls)" '__libc_write|sys_write'
share chatd "waiting for events (poll)" 'do_sys_poll|__poll'
share chatd "socket reads (read syscalls)" '__libc_read|sys_read|ksys_read'
share chatd "signals between objects (QMetaObject::activate)" 'doActivate'
share chatd "timers (QTimerInfoList)" 'QTimerInfoList' 
