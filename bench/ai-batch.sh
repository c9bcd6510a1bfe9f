#!/usr/bin/env bash
# A batch of AI drafts: Herald (as ./herald runs it, on a new data directory) writes a strategy,
# then 30 drafts against the fake OpenAI endpoint answering each call after 2 s, and the driver
# prints the batch's wall time (target <= 6 s, through calls made in parallel) and the latency of
# answers served from the cache (target p99 <= 5 ms), by Herald's request timer and over HTTP, beside
# GET /api/v1/users/me for comparison: 2,000 of each, after 30,000 cache hits (with the other requests
# among them) to warm Herald's JIT compilers up.
#   bench/ai-batch.sh                                             30 drafts, 2 s a call
#   bench/ai-batch.sh --count 7 --latency 500ms --hits 1000 --warmup 5000
#   bench/ai-batch.sh --set herald.studio.batch-concurrency=8     any Herald setting (repeatable)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

run_test_class dev.herald.bench.AiBatch "${DRIVER_OPTS:-"-XX:+UseSerialGC -Xmx256m"}" "$@"
