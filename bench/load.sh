#!/usr/bin/env bash
# Throughput and latency of GET /api/v1/brands (a signed-in user listing 20 brands), under load
# from a second process (wrk) on the same machine. Targets: >= 2,000 requests/s, p99 <= 25 ms.
source "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-1}
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
build_jar
data=$(mktemp -d /tmp/herald-bench-XXXX); chmod 755 "$data"
port=18082
log=/tmp/herald-bench-load.log
START_NS=$(date +%s%N); start_herald "$data" $port "$log"
trap stop_herald EXIT
wait_ready $port > /dev/null
api="http://127.0.0.1:$port/api/v1"
email="bench-$RANDOM@example.test"
curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple\",\"name\":\"Bench\"}" "$api/auth/register" > /dev/null
# without SMTP, local mode writes the verification mail to the log
for _ in $(seq 1 100); do token=$(grep -o 'verify-email?token=[A-Za-z0-9_-]*' "$log" | tail -n 1 | cut -d= -f2) && [ -n "$token" ] && break; sleep 0.1; done
curl -fs -H 'Content-Type: application/json' -d "{\"token\":\"$token\"}" "$api/auth/verify-email" > /dev/null
access=$(curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple\"}" "$api/auth/login" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
curl -fs -H "Authorization: Bearer $access" -H 'Content-Type: application/json' -d '{"name":"Bench workspace"}' "$api/workspaces" > /dev/null
for i in $(seq 1 20); do
  curl -fs -H "Authorization: Bearer $access" -H 'Content-Type: application/json' -d "{\"name\":\"Brand $i\",\"industry\":\"Retail\",\"defaultHashtags\":[\"brand$i\"]}" "$api/brands" > /dev/null
done
echo "warming up (10 s)..."
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -H "Authorization: Bearer $access" "$api/brands" > /dev/null
echo "measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency GET /api/v1/brands (20 brands, JSON)"
result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $access" "$api/brands")
echo "$result"
rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
errors=$(echo "$result" | awk '/Non-2xx/ {print $NF}')
echo "GET /api/v1/brands: ${rps} requests/s, p99 ${p99}, non-2xx answers: ${errors:-0}"
echo "resident memory of the Herald JVM right after the load: $(rss_mb "$HERALD_PID") MB"
