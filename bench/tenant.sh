#!/usr/bin/env bash
# What row-level security costs the tenant API: GET /api/organizations/current/members for an organization of 1,000
# members, 50 per page, at a steady 200 requests/s (p50/p99 over HTTP, session token checked), then the members query
# itself in PostgreSQL at the same rate as coursecove_app under the policies and as a role that bypasses them.
#   bench/tenant.sh         -> prints the results and writes them to bench/out/tenant.md
# Starts its own PostgreSQL (fsync on) and Redis (ports 55735 / 56782), the Api and a fake Clerk serving the JWKS;
# stops them at the end. Needs npx (the HTTP load comes from autocannon at a fixed overall rate).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD OUT=$ROOT/bench/out WORK=$(mktemp -d /tmp/coursecove-tenant.XXXX) RESULTS=$ROOT/bench/out/tenant.md
PGPORT=55735 REDISPORT=56782 APIPORT=5783 CLERKPORT=5797
ORGS=50 MEMBERS=1000 RATE=200 SECONDS_=30
ORG=org_bench_000 ME=user_bench_000_0000
source bench/lib.sh

echo "== Build (Release)"
for p in Api Simulator; do dotnet build CourseCove.$p -c Release -v q -nologo >/dev/null; done
SIM="dotnet $ROOT/CourseCove.Simulator/bin/Release/net10.0/CourseCove.Simulator.dll"

echo "== PostgreSQL and Redis"
REDIS_OPTIONS= start_stores

echo "== Fake Clerk (JWKS) and the Api"
run_bg "$WORK/clerk.log" $SIM --serve-clerk-api "http://127.0.0.1:$CLERKPORT" --clerk-secret-key sk_test_bench --session-key "$WORK/session-key.json" \
  --users 1 --orgs 0 --memberships 0 --updates 0 --deletes 0 --seed 1
until grep -q Serving "$WORK/clerk.log"; do kill -0 ${pids[-1]} 2>/dev/null || { cat "$WORK/clerk.log" >&2; exit 1; }; sleep 0.5; done
# Development: the only environment in which the Api accepts an http:// Clerk authority (the fake's).
export ConnectionStrings__coursecove="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=coursecove" \
       ConnectionStrings__redis="127.0.0.1:$REDISPORT" Clerk__WebhookSigningSecret="whsec_$(head -c 32 /dev/urandom | base64)" \
       Admin__ApiKey="bench-admin-key-$(head -c 12 /dev/urandom | base64 | tr -dc a-zA-Z0-9)" \
       Clerk__Authority="http://127.0.0.1:$CLERKPORT" Clerk__AuthorizedParties="http://localhost:3000" \
       Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Development
run_bg "$WORK/api.log" env ASPNETCORE_URLS=http://127.0.0.1:$APIPORT dotnet CourseCove.Api/bin/Release/net10.0/CourseCove.Api.dll
API_PID=${pids[-1]}
until curl -sf http://127.0.0.1:$APIPORT/health >/dev/null; do sleep 0.3; done

echo "== $ORGS organizations of $MEMBERS members each"
psqlc "
INSERT INTO organizations (id, name, slug, created_at, updated_at)
  SELECT format('org_bench_%s', lpad(o::text, 3, '0')), format('Org %s', o), format('org-%s', o), now(), now() FROM generate_series(0, $ORGS - 1) o;
INSERT INTO users (id, email, first_name, last_name, created_at, updated_at)
  SELECT format('user_bench_%s_%s', lpad(o::text, 3, '0'), lpad(m::text, 4, '0')), format('u%s.%s@example.com', o, m),
         md5(format('%s/%s', o, m)), md5(format('%s\\%s', m, o)), now(), now()
  FROM generate_series(0, $ORGS - 1) o, generate_series(0, $MEMBERS - 1) m;
INSERT INTO organization_memberships (id, organization_id, user_id, role, created_at, updated_at)
  SELECT format('orgmem_bench_%s_%s', lpad(o::text, 3, '0'), lpad(m::text, 4, '0')), format('org_bench_%s', lpad(o::text, 3, '0')),
         format('user_bench_%s_%s', lpad(o::text, 3, '0'), lpad(m::text, 4, '0')), CASE WHEN m = 0 THEN 'org:admin' ELSE 'org:member' END, now(), now()
  FROM generate_series(0, $ORGS - 1) o, generate_series(0, $MEMBERS - 1) m;
ANALYZE;"
TOKEN=$($SIM --mint-token $ME --org $ORG --session-key "$WORK/session-key.json" | tail -1)
URL="http://127.0.0.1:$APIPORT/api/organizations/current/members?limit=50"
page=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL")
echo "$page" | grep -q '"total_count":1000' || { echo "The members endpoint did not answer 1,000 members: $page" >&2; exit 1; }

say "# CourseCove tenant API benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
say ""
say "$ORGS organizations x $MEMBERS members ($((ORGS * MEMBERS)) memberships); the signed-in user's organization has $MEMBERS."
say ""
say "## 1. GET /api/organizations/current/members?limit=50 at $RATE requests/s for $SECONDS_ s (HTTP, token checked, RLS)"
npx -y autocannon@8 -c 16 -R $RATE -d 5 -H "Authorization=Bearer $TOKEN" "$URL" >/dev/null 2>&1 # warm-up
npx -y autocannon@8 -c 16 -R $RATE -d $SECONDS_ -j -H "Authorization=Bearer $TOKEN" "$URL" 2>/dev/null > "$WORK/http.json"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
  console.log(`${r.requests.total} requests, ${r.non2xx} not 2xx, ${r.errors} errors, ${r.timeouts} timeouts; ` +
    `latency p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`);' "$WORK/http.json" | while read -r line; do say "$line"; done
say "Api peak RSS $(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$(pgrep -f "CourseCove.Api.dll" | head -1)/status") MiB"

# The members page and its count, as the Api sends them (TenantReader), one transaction per request.
QUERY="SELECT m.user_id, u.email, u.first_name, u.last_name, m.role
       FROM organization_memberships m CROSS JOIN LATERAL (SELECT email, first_name, last_name FROM users WHERE id = m.user_id OFFSET 0) u
       WHERE m.organization_id = '$ORG'
       ORDER BY u.first_name NULLS LAST, u.last_name NULLS LAST, m.user_id LIMIT 50 OFFSET 0;
SELECT count(*) FROM organization_memberships WHERE organization_id = '$ORG';"
SETTINGS="set_config('app.user_id', '$ME', true), set_config('app.org_id', '$ORG', true), set_config('jit', 'off', true)"
printf 'BEGIN;\nSELECT set_config('"'role'"', '"'coursecove_app'"', true), %s;\n%s\nCOMMIT;\n' "$SETTINGS" "$(echo "$QUERY" | tr '\n' ' ' | sed 's/; /;\n/')" > "$WORK/rls.sql"
printf 'BEGIN;\nSELECT %s;\n%s\nCOMMIT;\n' "$SETTINGS" "$(echo "$QUERY" | tr '\n' ' ' | sed 's/; /;\n/')" > "$WORK/bypass.sql"
"$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -d coursecove -Atq -f "$WORK/rls.sql" | grep -qx 1000 || { echo "The RLS query does not count 1,000 members" >&2; exit 1; }

pgbench_percentiles() { # $1 script, $2 label
  rm -f "$WORK"/pgbench_log.*
  (cd "$WORK" && "$PGBIN/pgbench" -h 127.0.0.1 -p $PGPORT -U postgres -n -c 4 -j 2 -R $RATE -T $SECONDS_ -M prepared -l -f "$1" coursecove >"$WORK/pgbench.out" 2>&1)
  cat "$WORK"/pgbench_log.* | awk '{print $3 / 1000}' | sort -n | awk -v label="$2" '{a[NR] = $1} END {
    printf "%s: %d transactions, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms\n", label, NR, a[int(NR * 0.5)], a[int(NR * 0.9)], a[int(NR * 0.99)] }'
}
say ""
say "## 2. The same query in PostgreSQL at $RATE transactions/s for $SECONDS_ s (pgbench, prepared, one transaction each)"
rls=$(pgbench_percentiles rls.sql "as coursecove_app, under the policies"); say "- $rls"
bypass=$(pgbench_percentiles bypass.sql "as the owner, RLS bypassed"); say "- $bypass"
p50() { echo "$1" | sed -n 's/.*p50 \([0-9.]*\) ms.*/\1/p'; }
say "RLS adds $(printf %.0f "$(echo "100 * ($(p50 "$rls") - $(p50 "$bypass")) / $(p50 "$bypass")" | bc -l)") % at p50 (goal < 20 %)."
say ""
say "## 3. Plans"
say '```'
{ echo "-- under the policies"; "$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -d coursecove -Atq -c "BEGIN; SELECT set_config('role', 'coursecove_app', true), $SETTINGS;" \
    -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) $(echo "$QUERY" | head -4)" -c "COMMIT" | grep -v '^coursecove_app'
  echo "-- RLS bypassed"; "$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -d coursecove -Atq -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) $(echo "$QUERY" | head -4)"; } \
  | grep -v '^BEGIN\|^COMMIT' | tee -a "$OUT/tenant.md"
say '```'
echo "Results: $OUT/tenant.md"
