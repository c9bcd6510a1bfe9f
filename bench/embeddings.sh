#!/usr/bin/env bash
# The offline AI: the embedding model's loading time, the memory it adds and the time of one
# embedding (in the driver's JVM), then Herald (as ./herald runs it) publishing N posts of one
# brand to a fake Mastodon instance, embedding them, and answering similar-posts,
# history-hashtags, predict-engagement and themes over them (latency p50/p95).
#   bench/embeddings.sh                          300 texts, 2,000 posts over 10 accounts
#   bench/embeddings.sh --posts 20000            the documented limit per brand
#   bench/embeddings.sh --texts 1000 --posts 0   the model alone
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

run_test_class dev.herald.studio.internal.EmbeddingsBench "${DRIVER_OPTS:-"-XX:+UseSerialGC -Xmx512m"}" "$@"
