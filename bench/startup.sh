#!/usr/bin/env bash
# Cold start: seconds from launching the jar to /health/ready answering 200, with the embedded
# PostgreSQL. The first run creates the database cluster; the target (<= 10 s) is for later runs.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
build_jar
data=$(mktemp -d /tmp/herald-bench-XXXX); chmod 755 "$data"
port=18080
START_NS=$(date +%s%N); start_herald "$data" $port /tmp/herald-bench-startup.log
first=$(wait_ready $port); stop_herald
echo "first run (creates the database): ${first} s"
times=()
for i in $(seq 1 "$RUNS"); do
  START_NS=$(date +%s%N); start_herald "$data" $port /tmp/herald-bench-startup.log
  t=$(wait_ready $port); stop_herald
  times+=("$t"); echo "run $i: ${t} s"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "cold start after the first run: median %.2f s, best %.2f s, worst %.2f s (%d runs)\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), a[1], a[NR], NR}'
rm -rf "$data"
