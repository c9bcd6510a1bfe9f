#!/usr/bin/env bash
# Shared by the benchmark scripts: pick a JDK 21+, build the jar once, start and stop Herald.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" || echo 0)" -lt 21 ]; then
  # JAVA_HOME if it is 21 or newer, else the java on the PATH, else the first one found, as ./herald does
  for candidate in $(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")" 2>/dev/null) \
      /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 21 ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi

# Builds (when the sources are newer) and unpacks Herald, the way ./herald does before it starts.
build_jar() {
  "$ROOT/herald" build
}

# start_herald DATA_DIR PORT LOG: starts Herald with ./herald in the background; sets HERALD_PID.
start_herald() {
  local data=$1 port=$2 log=$3
  HERALD_DATA_DIR="$data" PORT="$port" HERALD_DATABASE_EMBEDDEDPORT=$((port + 10000)) "$ROOT/herald" > "$log" 2>&1 &
  HERALD_PID=$!
}

# wait_ready PORT: waits until /health/ready answers 200; prints the seconds it took since START_NS.
wait_ready() {
  local port=$1
  for _ in $(seq 1 1200); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; then
      echo "scale=2; ($(date +%s%N) - $START_NS) / 1000000000" | bc
      return 0
    fi
    if ! kill -0 "$HERALD_PID" 2>/dev/null; then echo "Herald exited; see its log" >&2; return 1; fi
    sleep 0.05
  done
  echo "Herald did not become ready in 60 s" >&2
  return 1
}

stop_herald() {
  kill "$HERALD_PID" 2>/dev/null || true
  wait "$HERALD_PID" 2>/dev/null || true
}

# rss_mb PID: resident memory of a process in MB.
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# run_test_class CLASS JVM_OPTIONS ARGS...: runs a main class of the test sources (a benchmark
# driver, the fakes), compiling them first when the sources are newer than the last build.
run_test_class() {
  local class=$1 options=$2
  shift 2
  # the test classpath is written after the test classes are compiled, so it marks the last build
  local classpath=target/test-classpath.txt
  if [ ! -f "$classpath" ] || [ ! -f "target/test-classes/${class//.//}.class" ] \
      || [ -n "$(find src pom.xml -newer "$classpath" -type f -print -quit)" ]; then
    echo "Building Herald and its test classes..." >&2
    ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test
  fi
  # shellcheck disable=SC2086 # the options are words
  exec "$JAVA_HOME/bin/java" $options -cp "target/test-classes:target/classes:$(cat "$classpath")" "$class" "$@"
}
