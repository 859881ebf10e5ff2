#!/bin/sh
# Checks the README's two commands on a fresh Debian 12 system: a minimal
# debootstrap root (no compiler, no pkg-config, no locales) into which a
# clean clone of this repository's HEAD is copied; then, inside it, as
# root, `sh scripts/install-deps.sh && make demo` and then
# `sh scripts/install-deps.sh && make check`, each timed.
#
# Not part of `make check`: it needs root, debootstrap and a Debian mirror,
# and takes about as long as CI plus the package downloads.  Run it by hand
# before a release, or after a change to scripts/install-deps.sh:
#
#   sh scripts/fresh-debian.sh [WORKDIR]      (default /tmp/shai-fresh)
#
# The log is WORKDIR/run.log; the exit status is 0 only when both commands
# succeed.  WORKDIR/root is left in place for a look; remove it with
# `rm -rf` once nothing is mounted there (the script unmounts on exit).
set -eu
W=${1:-/tmp/shai-fresh}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
here=$(cd "$(dirname "$0")/.." && pwd)
R="$W/root"

[ "$(id -u)" = 0 ] || { echo "fresh-debian: run as root (chroot and mounts)" >&2; exit 1; }
command -v debootstrap > /dev/null || { echo "fresh-debian: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
if [ -e "$R" ]; then echo "fresh-debian: $R exists; remove it first" >&2; exit 1; fi
mkdir -p "$W"

echo "fresh-debian: debootstrap --variant=minbase bookworm $R" >&2
debootstrap --variant=minbase bookworm "$R" "$MIRROR" > "$W/debootstrap.log" 2>&1 ||
    { echo "fresh-debian: debootstrap failed, see $W/debootstrap.log" >&2; exit 1; }

# the committed tree only: what a user gets from a clone
git clone -q "$here" "$R/root/shai"
cp /etc/resolv.conf "$R/etc/resolv.conf"
trap 'umount "$R/dev/pts" "$R/dev" "$R/proc" 2> /dev/null || true' EXIT
mount -t proc proc "$R/proc"
mount --bind /dev "$R/dev"
mount --bind /dev/pts "$R/dev/pts"   # apt's log of the package scripts

cat > "$R/root/run.sh" << 'EOF'
set -u
cd /root/shai
t0=$(date +%s)
sh scripts/install-deps.sh && make demo; demo=$?
t1=$(date +%s)
echo "fresh-debian: demo exit $demo, $((t1 - t0)) s"
sh scripts/install-deps.sh && make check; check=$?
t2=$(date +%s)
echo "fresh-debian: check exit $check, $((t2 - t1)) s"
[ $demo = 0 ] && [ $check = 0 ]
EOF

echo "fresh-debian: running the two commands; log in $W/run.log" >&2
rc=0
chroot "$R" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/sh /root/run.sh > "$W/run.log" 2>&1 || rc=$?
grep '^fresh-debian:' "$W/run.log" >&2
exit $rc
