#!/usr/bin/env bash
# CourseCove benchmark: everything on this machine, Release build, one run, numbers side by side.
#   bench/run.sh            -> prints the results and writes them to bench/out/results.md
# Starts its own PostgreSQL and Redis (ports 55732 / 56779) and its own Api and Worker; stops them at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD OUT=$ROOT/bench/out WORK=$(mktemp -d /tmp/coursecove-bench.XXXX) RESULTS=$ROOT/bench/out/results.md
PGPORT=55732 REDISPORT=56779 APIPORT=5780 WORKERPORT=5790
SECRET="whsec_$(head -c 32 /dev/urandom | base64)"
ADMIN_KEY="bench-admin-key-$(head -c 12 /dev/urandom | base64 | tr -dc a-zA-Z0-9)"
PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=coursecove"
REDIS="127.0.0.1:$REDISPORT"
source bench/lib.sh

echo "== Build (Release)"
dotnet build CourseCove.Api -c Release -v q -nologo >/dev/null
dotnet build CourseCove.Worker -c Release -v q -nologo >/dev/null
dotnet build CourseCove.Simulator -c Release -v q -nologo >/dev/null
SIM="dotnet $ROOT/CourseCove.Simulator/bin/Release/net10.0/CourseCove.Simulator.dll --target http://127.0.0.1:$APIPORT --secret $SECRET"

echo "== PostgreSQL and Redis (fsync on, as in production)"
start_stores -c max_connections=300

export ConnectionStrings__coursecove="$PG" ConnectionStrings__redis="$REDIS" Clerk__WebhookSigningSecret="$SECRET" \
       Admin__ApiKey="$ADMIN_KEY" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
start_api() { (cd CourseCove.Api/bin/Release/net10.0 && ASPNETCORE_URLS=http://127.0.0.1:$APIPORT exec dotnet CourseCove.Api.dll >"$WORK/api.log" 2>&1) & API_PID=$!; pids+=($API_PID)
              until curl -sf http://127.0.0.1:$APIPORT/health >/dev/null; do sleep 0.3; done; }
start_worker() { (cd CourseCove.Worker/bin/Release/net10.0 && ASPNETCORE_URLS=http://127.0.0.1:$WORKERPORT Worker__ConsumerName=bench exec dotnet CourseCove.Worker.dll >"$WORK/worker.log" 2>&1) & WORKER_PID=$!; pids+=($WORKER_PID)
                 until curl -sf http://127.0.0.1:$WORKERPORT/alive >/dev/null; do sleep 0.3; done; }
peak_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
commits() { "$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -d postgres -Atqc "SELECT xact_commit FROM pg_stat_database WHERE datname = 'coursecove'"; }
wait_drained() { until [ "$(psqlc "SELECT count(*) FROM webhook_events WHERE status = 'pending'")" = 0 ]; do sleep 0.2; done; }
# SECTIONS="3" bench/run.sh runs only the burst (sections 0-4; all by default).
want() { [[ " ${SECTIONS:-0 1 2 3 4} " == *" $1 "* ]]; }
sim() { $SIM "$@" 2>&1 | tee -a "$WORK/sim.log" | grep -E "p50|p95|p99|deliveries/s|Status|[0-9]{3} |consisten|OK|FAILED|Handed" || true; }

start_api; start_worker
say "# CourseCove benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
say ""

if want 0; then
say "## 0. Commits per fast-path event (1,000 user.created, one sender, Worker stopped)"
stop $WORKER_PID; sleep 12; before=$(commits)
# No --verify (and none from the environment): the simulator's own polling would count as commits too.
ConnectionStrings__coursecove= sim --users 1000 --orgs 0 --memberships 0 --updates 0 --deletes 0 --seed 100 --concurrency 1 >/dev/null
# PostgreSQL 15 flushes a backend's statistics within 10 s of it going idle.
sleep 12; after=$(commits)
say "xact_commit delta: $((after - before)) for 1000 events"
start_worker; say ""

fi
if want 1; then
say "## 1. Steady 100 webhooks/s for 30 s (mixed Clerk history, in order)"
sim --rate 100 --duration 30s --seed 101 --users 800 --orgs 60 --memberships 1500 --updates 600 --deletes 100 --concurrency 16 --verify "$PG" | tee -a "$OUT/results.md"
say ""

fi
if want 2; then
say "## 2. The race: each membership sent 0–300 ms before its user and organization"
# Svix does not queue deliveries behind each other: enough senders that a waiting membership never holds up
# the user.created it waits for (50/s x 0.5 s budget = 25 in flight at most).
sim --race --rate 50 --duration 20s --seed 102 --users 300 --orgs 40 --memberships 600 --updates 0 --deletes 0 --concurrency 128 --verify "$PG" | tee -a "$OUT/results.md"
say "$(psqlc "SELECT 'memberships completed by the fast path: ' || count(*) FILTER (WHERE completed_by = 'fast_path') || ' of ' || count(*)
  || ' (' || round(100.0 * count(*) FILTER (WHERE completed_by = 'fast_path') / greatest(count(*), 1), 1) || ' %); time to consistency p50 '
  || round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - created_at)) * 1000)::numeric, 0) || ' ms, p95 '
  || round((percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - created_at)) * 1000)::numeric, 0) || ' ms'
  FROM webhook_events WHERE event_type = 'organizationMembership.created' AND webhook_id IN (SELECT webhook_id FROM webhook_events ORDER BY id DESC LIMIT 940)")"
say ""

fi
if want 3; then
say "## 3. Burst: 10,000 user.created at 64 concurrent senders, then pgbench on the same server"
stop $API_PID; stop $WORKER_PID; start_api; start_worker
first=$(psqlc "SELECT coalesce(max(id), 0) FROM webhook_events")
api0=$(cpu_s $API_PID); apisys0=$(sys_s $API_PID); worker0=$(cpu_s $WORKER_PID); pg0=$(pg_cpu_s); redis0=$(cpu_s "$(pgrep -f "redis-server.*:$REDISPORT")")
# PROFILE=1: 15 s of the Api's stacks (dotnet-trace; a background process ignores SIGINT, so it stops by itself).
[ -n "${PROFILE:-}" ] && { dotnet tool run dotnet-trace collect -p $API_PID --profile dotnet-sampled-thread-time --duration 00:00:00:15 -o "$OUT/api-burst.nettrace" >/dev/null 2>&1 & TRACE_PID=$!; sleep 2; }
# The load generator's own CPU, from /usr/bin/time: what the 2 cores spend on making the load.
ConnectionStrings__coursecove= /usr/bin/time -f "%U %S" -o "$WORK/sim.cpu" $SIM --users 10000 --orgs 0 --memberships 0 --updates 0 --deletes 0 --seed 103 --concurrency 64 >/dev/null 2>&1
wait_drained
[ -n "${PROFILE:-}" ] && { wait $TRACE_PID 2>/dev/null || true; }
api1=$(cpu_s $API_PID); apisys1=$(sys_s $API_PID); worker1=$(cpu_s $WORKER_PID); pg1=$(pg_cpu_s); redis1=$(cpu_s "$(pgrep -f "redis-server.*:$REDISPORT")")
sim_cpu=$(awk '{printf "%.2f", $1 + $2}' "$WORK/sim.cpu")
say "CPU per event (ms): Api $(per_event_ms "$api0" "$api1" 10000) (of which kernel $(per_event_ms "$apisys0" "$apisys1" 10000)), PostgreSQL $(per_event_ms "$pg0" "$pg1" 10000), Worker $(per_event_ms "$worker0" "$worker1" 10000), Redis $(per_event_ms "$redis0" "$redis1" 10000), load generator $(per_event_ms 0 "$sim_cpu" 10000)"
# Every event applied, checked against the model (the verifier polls, so it runs after the burst, not during it).
sim --users 10000 --orgs 0 --memberships 0 --updates 0 --deletes 0 --seed 103 --concurrency 64 --verify "$PG" --consistency-timeout 300s --verify-only | tee -a "$OUT/results.md"
# Server-side: from the first receipt to the last completion, so the load generator's start-up does not count.
rate=$(psqlc "SELECT count(*) / extract(epoch FROM max(processed_at) - min(created_at)) FROM webhook_events WHERE id > $first")
say "fully processed: $(printf %.0f "$rate") events/s (first receipt to last completion); Api peak RSS $(peak_mb $API_PID) MiB, Worker peak RSS $(peak_mb $WORKER_PID) MiB"
say "$(psqlc "SELECT 'completed by the fast path: ' || count(*) FILTER (WHERE completed_by = 'fast_path') || ' of ' || count(*) FROM webhook_events WHERE id > $first")"
tps=$("$PGBIN/pgbench" -h 127.0.0.1 -p $PGPORT -U postgres -n -f bench/user_created.sql -c 64 -j 2 -T 20 coursecove 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
say "pgbench, same SQL as one fast-path user.created, 64 clients: $(printf %.0f "$tps") tps; ratio CourseCove/pgbench = $(printf %.2f "$(echo "$rate / $tps" | bc -l)")x"
say ""

fi
if want 4; then
say "## 4. Drain: 10,000 events handed to a stopped Worker, then the Worker starts"
stop $WORKER_PID
sim --users 10000 --orgs 0 --memberships 0 --updates 0 --deletes 0 --seed 104 --concurrency 16 --verify "$PG" --hand-off "$REDIS" | tee -a "$OUT/results.md"
start=$(date +%s.%N); start_worker; wait_drained; end=$(date +%s.%N)
say "drained 10000 in $(printf %.1f "$(echo "$end - $start" | bc -l)") s (incl. Worker start-up): $(printf %.0f "$(echo "10000 / ($end - $start)" | bc -l)") events/s"
fi
echo "Results: $OUT/results.md"
