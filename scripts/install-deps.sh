#!/bin/sh
# Installs what shai needs to build, test and benchmark on Debian (run as
# root; idempotent).  Used by the README's commands and by .ci/run.
set -eu
PKGS="build-essential pkg-config make
      libsvm-dev libutf8proc-dev libcmocka-dev zlib1g-dev libzstd-dev libjansson-dev
      opencc libopencc-data
      clang libclang-rt-14-dev valgrind
      jq libxml2-utils zstd gzip time locales
      fasttext liblinear-tools"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "install-deps: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
