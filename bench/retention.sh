#!/usr/bin/env bash
# Data retention at 1,000,000 webhook_events (bench/retention_seed.sql), Release build, one run.
#   bench/retention.sh                     -> prints the results and writes them to bench/out/retention.md
#   RETENTION_LEGACY=1 bench/retention.sh  -> the same from events stored before their user was recorded (the first
#                                             pass after upgrading); writes bench/out/retention-legacy.md
# Starts its own PostgreSQL (fsync on) and Redis (ports 55734 / 56781), Api and Worker; stops them at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD OUT=$ROOT/bench/out WORK=$(mktemp -d /tmp/coursecove-retention.XXXX)
PGPORT=55734 REDISPORT=56781 APIPORT=5782 WORKERPORT=5792
SECRET="whsec_$(head -c 32 /dev/urandom | base64)"
ADMIN_KEY="bench-admin-key-$(head -c 12 /dev/urandom | base64 | tr -dc a-zA-Z0-9)"
PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=coursecove"
LEGACY=${RETENTION_LEGACY:-0} RESULTS=$OUT/retention$([ "${RETENTION_LEGACY:-0}" = 1 ] && echo -legacy || true).md
source bench/lib.sh
on_exit() { cp "$WORK"/*.log "$OUT/" 2>/dev/null || true; }

echo "== Build (Release)"
for p in Api Worker Simulator; do dotnet build CourseCove.$p -c Release -v q -nologo >/dev/null; done
SIM="dotnet $ROOT/CourseCove.Simulator/bin/Release/net10.0/CourseCove.Simulator.dll --target http://127.0.0.1:$APIPORT --secret $SECRET"

echo "== PostgreSQL and Redis"
start_stores -c max_connections=300

export ConnectionStrings__coursecove="$PG" ConnectionStrings__redis="127.0.0.1:$REDISPORT" Clerk__WebhookSigningSecret="$SECRET" \
       Admin__ApiKey="$ADMIN_KEY" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
start_api() { (cd CourseCove.Api/bin/Release/net10.0 && ASPNETCORE_URLS=http://127.0.0.1:$APIPORT exec dotnet CourseCove.Api.dll >"$WORK/api.log" 2>&1) & pids+=($!)
              until curl -sf http://127.0.0.1:$APIPORT/health >/dev/null; do sleep 0.3; done; }
# The retention defaults (90 days, 30 days, 1 h): the pass runs when the Worker starts. Its one line per pass is logged.
start_worker() { (cd CourseCove.Worker/bin/Release/net10.0 && ASPNETCORE_URLS=http://127.0.0.1:$WORKERPORT Worker__ConsumerName=bench \
                  Logging__LogLevel__CourseCove=Information exec dotnet CourseCove.Worker.dll >>"$WORK/worker.log" 2>&1) & WORKER_PID=$!; pids+=($WORKER_PID); }
pass_line() { until [ "$(grep -c 'Retention pass in' "$WORK/worker.log" 2>/dev/null)" -ge "$1" ]; do sleep 0.5; done
              grep 'Retention pass in' "$WORK/worker.log" | sed -n "$1p" | sed 's/^ *//'; }
sizes() { psqlc "SELECT 'webhook_events ' || pg_size_pretty(pg_total_relation_size('webhook_events')) || ' in all (heap '
  || pg_size_pretty(pg_relation_size('webhook_events')) || ', TOAST ' || pg_size_pretty(coalesce(pg_total_relation_size(nullif(reltoastrelid, 0)), 0))
  || ', indexes ' || pg_size_pretty(pg_indexes_size('webhook_events')) || '); free space in the heap '
  || round((SELECT free_percent FROM pgstattuple('webhook_events'))::numeric, 0) || ' %; bodies held: '
  || (SELECT count(*) FROM webhook_events WHERE payload IS NOT NULL) FROM pg_class WHERE relname = 'webhook_events'"; }
# 20 requests each; the stats query reads every row of its window.
stats_latency() { for h in 24 1440; do
  for i in $(seq 20); do curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $ADMIN_KEY" "http://127.0.0.1:$APIPORT/api/webhooks/stats?hours=$h"; done \
    | sort -n | awk -v h=$h '{a[NR]=$1} END {printf "stats?hours=%d: median %.0f ms, p95 %.0f ms\n", h, a[10]*1000, a[19]*1000}'
  done; }
sim_p() { ConnectionStrings__coursecove= $SIM --rate 100 --duration 30s --users 800 --orgs 60 --memberships 1500 --updates 600 --deletes 100 --concurrency 16 --seed "$1" 2>&1 \
  | tee -a "$WORK/sim.log" | grep -E "Latency|Status" | sed 's/[│|]/ /g; s/  */ /g'; }

start_api
say "# CourseCove retention benchmark$([ "$LEGACY" = 1 ] && echo ' (legacy: no user recorded)') — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
say ""
echo "== 1,000,000 events (SQL)"
start=$(date +%s.%N)
"$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -d coursecove -q -v ON_ERROR_STOP=1 -v legacy=$LEGACY -f bench/retention_seed.sql
psqlc "CREATE EXTENSION pgstattuple"; psqlc "VACUUM ANALYZE"
# Write the seeded pages out now, not during the first measurement.
psqlc "CHECKPOINT"; sleep 10
say "Seeded in $(printf %.0f "$(echo "$(date +%s.%N) - $start" | bc -l)") s: $(psqlc "SELECT count(*) || ' events, ' || count(*) FILTER (WHERE status = 'failed') || ' dead letters' FROM webhook_events"),"
say "$(psqlc "SELECT count(*) FILTER (WHERE status = 'DELETED') || ' deleted users of ' || count(*) FROM users"), $(psqlc "SELECT count(*) FROM tombstones") tombstones"
say ""
say "## Before the pass"
say "- $(sizes)"
stats_latency | while read -r line; do say "- $line"; done
say "- fast path, 100 webhooks/s for 30 s, Api alone:"
sim_p 201 | while read -r line; do say "  - $line"; done
say ""

say "## The first pass (Worker start), with 100 webhooks/s for 30 s meanwhile"
start_worker
sim_p 202 | while read -r line; do say "  - $line"; done
say "- $(pass_line 1)"
say ""

say "## After the pass"
psqlc "VACUUM ANALYZE webhook_events"
say "- after VACUUM: $(sizes)"
stats_latency | while read -r line; do say "- $line"; done
say "- fast path, 100 webhooks/s for 30 s, Worker idle:"
sim_p 203 | while read -r line; do say "  - $line"; done
stop $WORKER_PID; start_worker
say "- the next pass (nothing old left): $(pass_line 2)"
stop $WORKER_PID
psqlc "VACUUM FULL webhook_events"
say "- for reference, after VACUUM FULL (an exclusive lock: not something the pass does): $(sizes)"
stats_latency | while read -r line; do say "- after VACUUM FULL, $line"; done
echo "Results: $RESULTS"
