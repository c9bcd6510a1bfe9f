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
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" || echo 0)" -lt 21 ]; then
  echo "The fakes need a JDK 21 or newer: set JAVA_HOME to one." >&2
  exit 1
fi

run_test_class dev.herald.platform.FakePlatforms "${JAVA_OPTS:-"-XX:+UseSerialGC -Xms32m -Xmx512m"}" "$@"
