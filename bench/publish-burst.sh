#!/usr/bin/env bash
# Publishing under load: Herald (as ./herald runs it, on a new data directory with its embedded
# PostgreSQL) publishes posts to a fake Mastodon instance that answers each after 200 ms, and the
# driver prints how many were published, duplicated and lost, their lateness (the platform's
# answer minus the due time) at p50/p95/p99/max, posts per second, and Herald's peak resident
# memory. Targets on the 2-core machine: 0 duplicates, 0 lost; the 10,000 burst with p99 <= 10 s;
# steady 50 posts/s with p99 <= 1 s.
#   bench/publish-burst.sh                               10,000 posts due at one instant, 1,000 channels
#   bench/publish-burst.sh --posts 2000 --channels 200   a smaller burst
#   bench/publish-burst.sh --rate 50 --duration 120      steady: 50 posts due every second for 2 minutes
#   bench/publish-burst.sh --set herald.publishing.platform-concurrency=128   any Herald setting (repeatable)
#   bench/publish-burst.sh --jfr /tmp/herald.jfr         also record a JFR profile of Herald
#   bench/publish-burst.sh --help                        every option
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

run_test_class dev.herald.bench.PublishBurst "${DRIVER_OPTS:-"-XX:+UseSerialGC -Xmx1g"}" "$@"
