# Shared by the bench scripts (source it after setting WORK, RESULTS, PGPORT and REDISPORT): a throwaway PostgreSQL
# and Redis under $WORK, background processes stopped and $WORK removed at exit, CPU accounting.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DB=${DB:-coursecove}
mkdir -p "$(dirname "$RESULTS")"; : > "$RESULTS"; chmod 755 "$WORK"
pids=()

# PostgreSQL refuses to run as root.
as_postgres() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi; }
say() { echo "$*" | tee -a "$RESULTS"; }
psqlc() { "$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -d "$DB" -Atq -c "$1"; }
# run_bg LOG COMMAND...: in the background, stopped at exit; its pid in LAST.
run_bg() { local log=$1; shift; (exec "$@" >"$log" 2>&1) & pids+=($!); LAST=$!; }
# stop PID: stops a background process and waits for it to end.
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1
            if declare -F on_exit >/dev/null; then on_exit; fi
            as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
            redis-cli -p $REDISPORT shutdown nosave >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

# start_stores [-c name=value ...]: PostgreSQL (fsync on, as in production) with these settings and an empty database
# $DB (none for DB=postgres), and Redis with $REDIS_OPTIONS (AOF unless set).
start_stores() {
  mkdir -p "$WORK/pg" "$WORK/redis"; [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
  as_postgres "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 $*" -w start >/dev/null
  redis-server --port $REDISPORT --bind 127.0.0.1 ${REDIS_OPTIONS---appendonly yes} --dir "$WORK/redis" --daemonize yes >/dev/null
  [ "$DB" = postgres ] || "$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -qc "CREATE DATABASE $DB"
}

# CPU seconds used so far: a process (user + system; sys_s the kernel's part), and this PostgreSQL server (its
# postmaster, what its exited backends left in the postmaster's children's time, and its live children).
cpu_s() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }
sys_s() { awk '{printf "%.2f", $15 / 100}' "/proc/$1/stat"; }
pg_cpu_s() { local master; master=$(head -1 "$WORK/pg/postmaster.pid")
             { awk '{print $14 + $15 + $16 + $17}' "/proc/$master/stat"; for p in $(pgrep -P "$master"); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done; } \
               | awk '{t += $1} END {printf "%.2f", t / 100}'; }
# per_event_ms BEFORE AFTER EVENTS: CPU seconds spent between two readings, in ms per event.
per_event_ms() { printf %.3f "$(echo "($2 - $1) * 1000 / $3" | bc -l)"; }
