#!/usr/bin/env bash
# Backfill and reconciliation throughput against the simulator's fake Clerk Backend API, Release build, one run.
#   bench/backfill.sh        -> prints the results and writes them to bench/out/backfill.md
# Starts its own PostgreSQL (fsync on) and Redis (ports 55733 / 56780), Api, Worker and fake Clerk; stops them at the end.
# Instance: 10,000 users, 400 organizations, 16,000 memberships (26,400 objects).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD OUT=$ROOT/bench/out WORK=$(mktemp -d /tmp/coursecove-backfill.XXXX) RESULTS=$ROOT/bench/out/backfill.md
PGPORT=55733 REDISPORT=56780 APIPORT=5781 WORKERPORT=5791 CLERKPORT=5795
ADMIN_KEY="bench-admin-key-$(head -c 12 /dev/urandom | base64 | tr -dc a-zA-Z0-9)"
INSTANCE="--users 10000 --orgs 400 --memberships 16000 --updates 0 --deletes 0 --seed 7"
source bench/lib.sh
per_1000() { printf %.0f "$(echo "($2 - $1) * 1000000 / $3" | bc -l)"; }

echo "== Build (Release)"
for p in Api Worker Simulator; do dotnet build CourseCove.$p -c Release -v q -nologo >/dev/null; done

echo "== PostgreSQL and Redis"
DB=postgres start_stores

export ConnectionStrings__redis="127.0.0.1:$REDISPORT" Admin__ApiKey="$ADMIN_KEY" Clerk__WebhookSigningSecret="whsec_$(head -c 32 /dev/urandom | base64)" \
       Clerk__ApiUrl="http://127.0.0.1:$CLERKPORT/v1" Clerk__ReconcileInterval=00:00:00 Logging__LogLevel__Default=Warning \
       ASPNETCORE_ENVIRONMENT=Production

# One scenario: a fresh database, a fake Clerk with the given key and limit, the Api and the Worker, then passes.
scenario() {
  local db=$1 key=$2 limit=$3 page=$4; DB=$db
  "$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -qc "CREATE DATABASE $db"
  export ConnectionStrings__coursecove="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$db" Clerk__SecretKey=$key Clerk__PageSize=$page
  run_bg "$WORK/clerk-$db.log" dotnet CourseCove.Simulator/bin/Release/net10.0/CourseCove.Simulator.dll \
    --serve-clerk-api "http://127.0.0.1:$CLERKPORT" --clerk-secret-key "$key" --clerk-rate-limit "$limit" $INSTANCE; CLERK=$LAST
  until grep -q Serving "$WORK/clerk-$db.log"; do sleep 0.5; done
  run_bg "$WORK/api-$db.log" env ASPNETCORE_URLS=http://127.0.0.1:$APIPORT dotnet CourseCove.Api/bin/Release/net10.0/CourseCove.Api.dll; API=$LAST
  until curl -sf http://127.0.0.1:$APIPORT/health >/dev/null; do sleep 0.3; done
  run_bg "$WORK/worker-$db.log" env ASPNETCORE_URLS=http://127.0.0.1:$WORKERPORT Worker__ConsumerName=bench dotnet CourseCove.Worker/bin/Release/net10.0/CourseCove.Worker.dll; WORKER=$LAST
  until curl -sf http://127.0.0.1:$WORKERPORT/alive >/dev/null; do sleep 0.3; done
  pass "backfill into the empty database"
  pass "reconciliation of the unchanged instance"
  # The first pass also paid for the Worker's JIT compilation; this one shows the steady rate.
  psqlc "TRUNCATE organization_memberships, organizations, users, tombstones" >/dev/null
  pass "backfill into the emptied tables (Worker warm)"
  stop $WORKER; stop $API; stop $CLERK
}

pass() {
  local pg0 worker0 clerk0; pg0=$(pg_cpu_s) worker0=$(cpu_s $WORKER) clerk0=$(cpu_s $CLERK)
  local before; before=$(curl -sf http://127.0.0.1:$CLERKPORT/stats)
  local id; id=$(curl -sf -X POST -H "Authorization: Bearer $ADMIN_KEY" http://127.0.0.1:$APIPORT/api/sync/reconcile | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  until psqlc "SELECT status FROM reconcile_runs WHERE id = '$id'" | grep -qv running; do sleep 0.5; done
  local after; after=$(curl -sf http://127.0.0.1:$CLERKPORT/stats)
  local pg1 worker1 clerk1; pg1=$(pg_cpu_s) worker1=$(cpu_s $WORKER) clerk1=$(cpu_s $CLERK)
  local requests=$(( $(echo "$after" | sed -n 's/.*"requests":\([0-9]*\).*/\1/p') - $(echo "$before" | sed -n 's/.*"requests":\([0-9]*\).*/\1/p') ))
  local limited=$(( $(echo "$after" | sed -n 's/.*"rateLimited":\([0-9]*\).*/\1/p') - $(echo "$before" | sed -n 's/.*"rateLimited":\([0-9]*\).*/\1/p') ))
  psqlc "SELECT status, fetched_users + fetched_organizations + fetched_memberships, extract(epoch FROM finished_at - started_at), created, updated, deleted
         FROM reconcile_runs WHERE id = '$id'" | while IFS='|' read -r status objects seconds created updated deleted; do
    say "- $1: $status, $objects objects in $(printf %.1f "$seconds") s = **$(printf %.0f "$(echo "$objects / $seconds" | bc -l)") objects/s**;" \
        "$requests requests ($(printf %.2f "$(echo "1000 * $requests / $objects" | bc -l)") per 1,000 objects, $(printf %.1f "$(echo "$requests / $seconds" | bc -l)") requests/s), $limited answered 429;" \
        "created $created, updated $updated, deleted $deleted;" \
        "CPU ms per 1,000 objects: PostgreSQL $(per_1000 "$pg0" "$pg1" "$objects"), Worker $(per_1000 "$worker0" "$worker1" "$objects"), fake Clerk $(per_1000 "$clerk0" "$clerk1" "$objects")"
  done
}

say "# CourseCove backfill benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
say ""
say "## A. Production limit (1,000 requests / 10 s, sk_live_ key: budget 900 / 10 s), 500 per page"
scenario bench_prod sk_live_bench 1000/10s 500
say ""
say "## B. Development limit (100 requests / 10 s, sk_test_ key: budget 90 / 10 s), 100 per page"
scenario bench_dev sk_test_bench 100/10s 100
echo "Results: $OUT/backfill.md"
