#!/usr/bin/env bash
# Idle resident memory of the Herald JVM (and, separately, of its embedded PostgreSQL), measured
# after start-up, a little traffic and a minute of rest.
source "$(dirname "$0")/lib.sh"
IDLE=${IDLE:-60}
build_jar
data=$(mktemp -d /tmp/herald-bench-XXXX); chmod 755 "$data"
port=18081
START_NS=$(date +%s%N); start_herald "$data" $port /tmp/herald-bench-memory.log
wait_ready $port > /dev/null
for _ in $(seq 1 200); do curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/brands"; done
sleep "$IDLE"
jvm=$(rss_mb "$HERALD_PID")
postmaster=$(head -n 1 "$data/postgres/postmaster.pid")
pg=0
for pid in $postmaster $(pgrep -P "$postmaster" || true); do
  pg=$((pg + $(awk '/^Pss:/ {print int($2 / 1024)}' "/proc/$pid/smaps_rollup")))
done
echo "idle resident memory of the Herald JVM: ${jvm} MB (after ${IDLE} s idle)"
echo "JVM: $(tr '\0' ' ' < "/proc/$HERALD_PID/cmdline" | cut -c1-300)"
echo "idle memory of the embedded PostgreSQL (proportional set size of its processes, summed): ${pg} MB"
stop_herald
rm -rf "$data"
