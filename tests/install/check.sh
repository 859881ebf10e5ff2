#!/bin/sh
# tests/install/check.sh — `make install` into a scratch DESTDIR, then use
# what it installed the way a user would:
#   - the files are there, shai.pc among them, with the right directories;
#   - example.c (the README's library example) compiles and links with
#     nothing but `pkg-config --cflags --libs shai` against the installed
#     header and library (PKG_CONFIG_SYSROOT_DIR points pkg-config's -I and
#     -L into the DESTDIR);
#   - run on a seed page with the installed model (pkg-config's modeldir),
#     it gives every block the keep/drop decision and label that the
#     installed `shai filter --blocks` gives it;
#   - `make uninstall` with the same DESTDIR leaves no file behind.
# Run by `make check-install` (part of `make check-fast`), which passes
# PREFIX, BINDIR, LIBDIR, INCLUDEDIR, DATADIR and PKGCONFIGDIR on.  Prints
# one "ok"/"FAIL" line per check and "N passed, N failed"; exits 1 on a
# failure.
set -u
T=install
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shai-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$root/tests/cli/lib.sh"
npass=0 nfail=0
ok() { echo "ok   $T: $1"; npass=$((npass + 1)); }
bad() { echo "FAIL $T: $1"; fail=1; nfail=$((nfail + 1)); }
MAKE=${MAKE:-make}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
dest=$tmp/root
page=$root/tests/data/seeds/003_7b8403dd9a313b19.txt

status "make install DESTDIR" 0 "$MAKE" -s -C "$root" install DESTDIR="$dest"
for f in "$BINDIR/shai" "$LIBDIR/libshai.a" "$INCLUDEDIR/shai.h" "$DATADIR/default.model" \
         "$DATADIR/cues.tsv" "$DATADIR/training/train.lbl" "$PKGCONFIGDIR/shai.pc"; do
    if [ -f "$dest$f" ]; then ok "installed $f"; else bad "installed $f"; fi
done

pc() { PKG_CONFIG_PATH=$dest$PKGCONFIGDIR PKG_CONFIG_SYSROOT_DIR=$dest "$PKG_CONFIG" "$@"; }
status "pkg-config finds shai" 0 pc --exists shai
# pkgconf puts the sysroot before variables too: ask without it
modeldir=$(PKG_CONFIG_PATH=$dest$PKGCONFIGDIR "$PKG_CONFIG" --variable=modeldir shai)
if [ "$modeldir" = "$DATADIR" ]; then ok "modeldir is DATADIR"; else bad "modeldir '$modeldir', want '$DATADIR'"; fi
version=$(pc --modversion shai)
if grep -qF "SHAI_VERSION_STRING \"$version\"" "$root/include/shai.h"; then ok "version $version"
else bad "version '$version' is not shai.h's"; fi
# shellcheck disable=SC2046 # word splitting of the flags is meant
status "example.c builds with pkg-config shai alone" 0 \
    "$CC" -std=c11 -o "$tmp/example" "$root/tests/install/example.c" $(pc --cflags --libs shai)
case $(pc --cflags shai) in *"$dest$INCLUDEDIR"*) ok "cflags point at the installed header" ;;
    *) bad "cflags '$(pc --cflags shai)' miss $dest$INCLUDEDIR" ;; esac

model=$dest$modeldir/default.model
if [ -x "$tmp/example" ]; then
    status "example runs on a seed page" 0 "$tmp/example" "$model" "$page"
    cp "$tmp/out" "$tmp/lib.txt"
    status "installed shai filter --blocks on the same page" 0 \
        "$dest$BINDIR/shai" filter --model "$model" --blocks "$page"
    sed 's/.*"line":\([0-9]*\),.*"keep":\([a-z]*\),"label":"\([a-z_]*\)".*/\1 \2 \3/;
         s/ true / keep /; s/ false / drop /' "$tmp/out" > "$tmp/cli.txt"
    if [ "$(wc -l < "$tmp/lib.txt")" -ge 20 ] && grep -q ' drop ' "$tmp/lib.txt" && grep -q ' keep ' "$tmp/lib.txt"; then
        ok "the library keeps some blocks of the page and drops others"
    else bad "library output: $(wc -l < "$tmp/lib.txt") blocks, want >= 20 with keeps and drops"; fi
    if [ -s "$tmp/lib.txt" ]; then same "library and CLI decide every block alike" "$tmp/lib.txt" "$tmp/cli.txt"
    else bad "library and CLI decide every block alike (no library output)"; fi
else
    bad "example was not built"
fi

status "make uninstall DESTDIR" 0 "$MAKE" -s -C "$root" uninstall DESTDIR="$dest"
left=$(find "$dest" -type f | sed "s|^$dest||")
if [ -z "$left" ]; then ok "uninstall leaves no file"; else bad "uninstall left: $left"; fi

echo "$npass passed, $nfail failed"
[ "$fail" -eq 0 ]
