#!/usr/bin/env bash
# Uploading large files: Herald (as ./herald runs it, on a new data directory, local storage)
# takes real H.264 videos of 50 MB and 200 MB through POST /api/v1/media/upload, and the
# driver prints each upload's throughput, the time until its thumbnail is made, and Herald's
# resident memory during the upload. Target: memory does not grow with the file's size.
#   bench/media-upload.sh                      50 MB, then 200 MB
#   bench/media-upload.sh --sizes 20,100,400   other sizes (MB)
#   bench/media-upload.sh --set k=v            any Herald setting (repeatable)
# Needs ffmpeg (apt-get install ffmpeg) to make the videos, once, under target/bench-media.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

run_test_class dev.herald.bench.MediaUpload "${DRIVER_OPTS:-"-XX:+UseSerialGC -Xmx256m"}" "$@"
