#!/usr/bin/env bash
# CourseCove scale-out on one box: drain with 1 vs 2 Workers, burst with 1 vs 2 Apis, every event verified.
#   bench/replicas.sh       -> prints the results and writes them to bench/out/replicas.md
# Like bench/run.sh: Release build, its own PostgreSQL (fsync on) and Redis (AOF), its own Api and Worker processes
# (ports 55742 / 56789, Apis 5781-5782, Workers 5791-5792); stops them at the end. Each measurement starts from empty
# tables and an empty stream, with freshly started processes, so 1 and 2 replicas meet the same conditions.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD OUT=$ROOT/bench/out WORK=$(mktemp -d /tmp/coursecove-replicas.XXXX) RESULTS=$ROOT/bench/out/replicas.md
PGPORT=55742 REDISPORT=56789 APIPORTS=(5781 5782) WORKERPORTS=(5791 5792)
SECRET="whsec_$(head -c 32 /dev/urandom | base64)"
PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=coursecove"
REDIS="127.0.0.1:$REDISPORT"
EVENTS=${EVENTS:-10000}  # per measurement; a smaller EVENTS (e.g. 400) checks the script itself in a minute
source bench/lib.sh

echo "== Build (Release)"
dotnet build CourseCove.Api -c Release -v q -nologo >/dev/null
dotnet build CourseCove.Worker -c Release -v q -nologo >/dev/null
dotnet build CourseCove.Simulator -c Release -v q -nologo >/dev/null
SIMDLL="$ROOT/CourseCove.Simulator/bin/Release/net10.0/CourseCove.Simulator.dll"

echo "== PostgreSQL and Redis (fsync on, AOF, as in production)"
start_stores -c max_connections=300

export ConnectionStrings__coursecove="$PG" ConnectionStrings__redis="$REDIS" Clerk__WebhookSigningSecret="$SECRET" \
       Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
# No Worker:ConsumerName: each Worker takes its default, "{machine}-{pid}", as a replica in production would.
start_apis() { API_PIDS=(); for port in "${APIPORTS[@]:0:$1}"; do
                 (cd CourseCove.Api/bin/Release/net10.0 && ASPNETCORE_URLS=http://127.0.0.1:$port exec dotnet CourseCove.Api.dll >>"$WORK/api-$port.log" 2>&1) &
                 API_PIDS+=($!); pids+=($!); done
               for port in "${APIPORTS[@]:0:$1}"; do until curl -sf http://127.0.0.1:$port/health >/dev/null; do sleep 0.3; done; done; }
start_workers() { WORKER_PIDS=(); for port in "${WORKERPORTS[@]:0:$1}"; do
                    (cd CourseCove.Worker/bin/Release/net10.0 && ASPNETCORE_URLS=http://127.0.0.1:$port exec dotnet CourseCove.Worker.dll >>"$WORK/worker-$port.log" 2>&1) &
                    WORKER_PIDS+=($!); pids+=($!); done
                  for port in "${WORKERPORTS[@]:0:$1}"; do until curl -sf http://127.0.0.1:$port/alive >/dev/null; do sleep 0.3; done; done; }
stop_all() { for p in "${API_PIDS[@]}" "${WORKER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
             API_PIDS=(); WORKER_PIDS=(); }
# Empty tables and stream (the consumer group goes with it; the next Worker creates it), then a checkpoint, so that
# neither run inherits the other's rows, bloat or dirty pages.
reset_data() { psqlc "TRUNCATE webhook_events, organization_memberships, organizations, users, tombstones" >/dev/null
               redis-cli -p $REDISPORT del coursecove:webhooks >/dev/null; psqlc "CHECKPOINT" >/dev/null; }
cpu_list() { local out=""; for p in "$@"; do out+="$(cpu_s "$p") "; done; echo "$out"; }
# "a b" before, "c d" after -> per-event ms for each process, e.g. "0.41 + 0.39".
per_event_each() { paste -d' ' <(tr ' ' '\n' <<<"$1" | grep .) <(tr ' ' '\n' <<<"$2" | grep .) \
                     | awk -v n="$3" '{printf "%s%.3f", (NR > 1 ? " + " : ""), ($2 - $1) * 1000 / n}'; }
peak_mb() { local out=""; for p in "$@"; do out+="${out:+ + }$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$p/status")"; done; echo "$out"; }
# Nothing pending any more (a dead letter would show in the verification), or 10 minutes gone.
wait_drained() { local deadline=$((SECONDS + 600))
                 until [ "$(psqlc "SELECT count(*) FROM webhook_events WHERE status = 'pending'")" = 0 ] || [ $SECONDS -ge $deadline ]; do sleep 0.2; done; }
sim() { dotnet "$SIMDLL" --secret "$SECRET" "$@"; }
users_only() { echo --users "$1" --orgs 0 --memberships 0 --updates 0 --deletes 0; }
# The simulator's verdict for a history: every event applied, checked against its model.
verify() { local log="$WORK/verify-$RANDOM.log"
           sim --target http://127.0.0.1:${APIPORTS[0]} "$@" --verify "$PG" --verify-only --consistency-timeout 300s >"$log" 2>&1 \
             && echo "verified OK" || { echo "VERIFY FAILED ($(grep -m1 -E 'FAILED|difference' "$log" | tr -d '\r'))"; }; }
# Server-side rate: first receipt to last completion, so process start-up and the generator's warm-up do not count.
rate() { printf %.0f "$(psqlc "SELECT count(*) / extract(epoch FROM max(processed_at) - min(created_at)) FROM webhook_events")"; }
worker_rate() { printf %.0f "$(psqlc "SELECT count(*) / extract(epoch FROM max(processed_at) - min(processed_at)) FROM webhook_events")"; }

API_PIDS=(); WORKER_PIDS=()
start_apis 1; stop_all  # the Api applies the migrations at start
say "# CourseCove scale-out on one box — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
say ""

# --- Drain: events handed to stopped Workers, then N Workers start together -----------------------------------------
drain() { # $1 = Workers, $2 = seed, rest = history
    local n=$1 seed=$2; shift 2
    reset_data
    sim --target http://127.0.0.1:${APIPORTS[0]} "$@" --seed "$seed" --concurrency 16 --verify "$PG" --hand-off "$REDIS" >/dev/null
    local total; total=$(psqlc "SELECT count(*) FROM webhook_events")
    local pg0; pg0=$(pg_cpu_s); local start; start=$(date +%s.%N)
    start_workers "$n"; local w0; w0=$(cpu_list "${WORKER_PIDS[@]}")
    wait_drained; local end; end=$(date +%s.%N)
    local w1; w1=$(cpu_list "${WORKER_PIDS[@]}"); local pg1; pg1=$(pg_cpu_s)
    # Entries ever added to the stream: the hand-offs plus what was enqueued again (woken by a dependency, or due).
    local added; added=$(redis-cli -p $REDISPORT xinfo stream coursecove:webhooks | awk '$0 == "entries-added" {getline; print}')
    say "| $n | $total | $added | $(printf %.1f "$(echo "$end - $start" | bc -l)") s | **$(worker_rate)** | $(per_event_each "$w0" "$w1" "$total") | $(per_event_ms "$pg0" "$pg1" "$total") | $(peak_mb "${WORKER_PIDS[@]}") | $(verify "$@" --seed "$seed") |"
    stop_all
}
say "## Drain: events handed to stopped Workers (--hand-off), then 1 or 2 Workers start"
say ""
say "| Workers | Events | Stream entries | Start to drained (incl. start-up) | Events/s (first to last completion) | Worker CPU ms/event (each) | PostgreSQL CPU ms/event | Worker peak RSS MiB | Verified |"
say "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
# The same history (seed) for 1 and 2 Workers: the tables are emptied in between.
drain 1 201 $(users_only $EVENTS)
drain 2 201 $(users_only $EVENTS)
# Memberships wait for their users across Workers: one parks, the other's completion wakes it (pub/sub).
MIXED=${MIXED:-"--users 2000 --orgs 150 --memberships 4000 --updates 1500 --deletes 300"}
drain 1 203 $MIXED
drain 2 203 $MIXED
say ""

# --- Burst: EVENTS user.created from two simulators of half each at 32 senders, at one Api or one each --------------
burst() { # $1 = Apis
    local n=$1; reset_data; start_apis "$n"; start_workers 1
    local a0; a0=$(cpu_list "${API_PIDS[@]}"); local pg0; pg0=$(pg_cpu_s)
    local half=$((EVENTS / 2)) target2=${APIPORTS[$((n - 1))]}
    # Two generators in both cases, so only the number of Apis differs; each writes its report.
    sim --target http://127.0.0.1:${APIPORTS[0]} $(users_only $half) --seed 301 --concurrency 32 >"$WORK/burst-a.log" 2>&1 &
    local s1=$!
    sim --target http://127.0.0.1:$target2 $(users_only $half) --seed 302 --concurrency 32 >"$WORK/burst-b.log" 2>&1 &
    local s2=$!
    wait $s1 || true; wait $s2 || true
    wait_drained
    local a1; a1=$(cpu_list "${API_PIDS[@]}"); local pg1; pg1=$(pg_cpu_s)
    local non2xx; non2xx=$(grep -h "Events without a 2xx" "$WORK"/burst-[ab].log | sed "s/.*2xx//" | grep -oE "[0-9]+" | awk '{t += $1} END {print t + 0}')
    local latency; latency=$(grep -h "Latency p50" "$WORK/burst-a.log" | sed -E 's/.*max//; s/[^0-9a-z. \/]//g' | xargs)
    say "| $n | $(rate) | $non2xx | $latency | $(per_event_each "$a0" "$a1" "$EVENTS") | $(per_event_ms "$pg0" "$pg1" "$EVENTS") | $(peak_mb "${API_PIDS[@]}") | $(verify $(users_only $half) --seed 301), $(verify $(users_only $half) --seed 302) |"
    stop_all
}
say "## Burst: $EVENTS user.created, two generators of $((EVENTS / 2)) at 32 senders each, to 1 Api or one per Api"
say ""
say "| Apis | Events/s (first receipt to last completion) | Events without a 2xx | Generator A's answers p50 / p95 / p99 / max | Api CPU ms/event (each) | PostgreSQL CPU ms/event | Api peak RSS MiB | Verified |"
say "| --- | --- | --- | --- | --- | --- | --- | --- |"
burst 1
burst 2
say ""
echo "Results: $OUT/replicas.md"
