#!/usr/bin/env bash
# Runs the fake platforms of the tests as one standalone process until it is stopped (Ctrl-C):
# a Mastodon instance on 127.0.0.1:9401, a Bluesky PDS on 9402 and a webhook receiver on 9403,
# for trying Herald without internet and for benchmarks. It prints each fake's URL and the
# credentials it accepts. Builds the test classes first when the sources are newer.
#   bench/fakes.sh                                        the three fakes, answering at once
#   bench/fakes.sh --latency 200ms                        every publish answered after 200 ms
#   bench/fakes.sh --server-errors 0.01 --timeouts 0.01   1 % answered 503, 1 % too late (seed 0)
#   bench/fakes.sh --help                                 every option (ports, seed, timeout delay)
#   JAVA_OPTS=... bench/fakes.sh                          replace the default JVM options
set -euo pipefail
cd "$(dirname "$0")/.."

# the JDK: JAVA_HOME if it is 21 or newer, else the first one found, as ./herald does
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" || echo 0)" -lt 21 ]; then
  for candidate in $(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")" 2>/dev/null) /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 21 ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" || echo 0)" -lt 21 ]; then
  echo "The fakes need a JDK 21 or newer: set JAVA_HOME to one." >&2
  exit 1
fi

# the test classpath is written after the test classes are compiled, so it marks the last build
classpath=target/test-classpath.txt
if [ ! -f "$classpath" ] || [ ! -f target/test-classes/dev/herald/platform/FakePlatforms.class ] \
    || [ -n "$(find src pom.xml -newer "$classpath" -type f -print -quit)" ]; then
  echo "Building the fakes..." >&2
  ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test
fi

JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms32m -Xmx512m"}
exec "$JAVA_HOME/bin/java" $JAVA_OPTS -cp "target/test-classes:target/classes:$(cat "$classpath")" \
  dev.herald.platform.FakePlatforms "$@"
