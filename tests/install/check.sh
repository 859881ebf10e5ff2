#!/bin/sh
# tests/install/check.sh — `make install` into a scratch DESTDIR, then use
# what it installed the way a user would:
#   - the files are there, shai.pc among them, with the right directories;
#   - example.c (the README's library example) compiles and links with
#     nothing but `pkg-config --cflags --libs shai` against the installed
#     header and shared library, and against libshai.a with `pkg-config
#     --static` (PKG_CONFIG_SYSROOT_DIR points pkg-config's -I and -L into
#     the DESTDIR); libshai.so exports exactly the functions of shai.h;
#   - run on a seed page with the installed model (pkg-config's modeldir),
#     both builds give every block the keep/drop decision and label that
#     the installed `shai filter --blocks` gives it;
#   - `make uninstall` with the same DESTDIR leaves no file behind.
# Run by `make check-install` (part of `make check-fast`), which passes
# PREFIX, BINDIR, LIBDIR, INCLUDEDIR, DATADIR and PKGCONFIGDIR on.  Prints
# one "ok"/"FAIL" line per check and "N passed, N failed"; exits 1 on a
# failure.
set -u
T=install
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shai-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
. "$root/tests/cli/lib.sh"
npass=0 nfail=0
ok() { echo "ok   $T: $1"; npass=$((npass + 1)); }
bad() { echo "FAIL $T: $1"; fail=1; nfail=$((nfail + 1)); }
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
dest=$tmp/root
page=$root/tests/data/seeds/003_7b8403dd9a313b19.txt

status "make install DESTDIR" 0 make -s -C "$root" install DESTDIR="$dest"
major=$(sed -n 's/^#define SHAI_VERSION_MAJOR //p' "$root/include/shai.h")
for f in "$BINDIR/shai" "$LIBDIR/libshai.a" "$LIBDIR/libshai.so" "$LIBDIR/libshai.so.$major" \
         "$INCLUDEDIR/shai.h" "$DATADIR/default.model" "$DATADIR/cues.tsv" "$DATADIR/training/train.lbl" "$PKGCONFIGDIR/shai.pc"; do
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
status "example.c builds with pkg-config shai alone (shared library)" 0 \
    "$CC" -std=c11 -o "$tmp/example" "$root/tests/install/example.c" $(pc --cflags --libs shai)
# the static link names libshai.a itself: with -lshai as well, a linker
# without --as-needed (clang's default) would record libshai.so too
static_libs=$(pc --static --libs shai | sed 's/\(^\| \)-lshai\( \|$\)/ /')
# shellcheck disable=SC2086
status "example.c builds against libshai.a with pkg-config --static" 0 \
    "$CC" -std=c11 -o "$tmp/example-static" "$root/tests/install/example.c" $(pc --cflags shai) \
    "$dest$LIBDIR/libshai.a" $static_libs
case $(pc --cflags shai) in *"$dest$INCLUDEDIR"*) ok "cflags point at the installed header" ;;
    *) bad "cflags '$(pc --cflags shai)' miss $dest$INCLUDEDIR" ;; esac
# needs NAME EXE: the NEEDED entries of EXE (readelf -d), or a FAIL
needs() {
    if [ ! -x "$2" ]; then bad "$1 (not built)"; return 1; fi
    if ! readelf -d "$2" > "$tmp/dyn" 2>&1; then bad "$1 (readelf -d failed)"; cat "$tmp/dyn"; return 1; fi
    grep NEEDED "$tmp/dyn" > "$tmp/needed" || true
}
if needs "the shared build loads libshai.so.<major>" "$tmp/example"; then
    if grep -q 'libshai\.so\.' "$tmp/needed"; then ok "the shared build loads libshai.so.<major>"
    else bad "the shared build does not load libshai.so:"; cat "$tmp/needed"; fi
fi
if needs "the static build does not load libshai.so" "$tmp/example-static"; then
    if grep -q 'libshai' "$tmp/needed"; then bad "the static build loads libshai.so"
    else ok "the static build does not load libshai.so"; fi
fi
# every defined dynamic symbol, of any kind: data must not leak out either
exports=$(nm -D --defined-only "$dest$LIBDIR/libshai.so" | awk '{ print $NF }' | sort)
# the declared functions, as the compiler sees them (prototypes of the
# preprocessed header, no comments or macros), apart from the version script
api=$("$CC" -std=c11 -fsyntax-only -aux-info "$tmp/aux" "$root/include/shai.h" 2>/dev/null &&
      grep -F "$root/include/shai.h" "$tmp/aux" | grep -oE '\bshai_[a-z0-9_]+ \(' | sed 's/ (//' | sort -u)
[ -n "$api" ] || api=$("$CC" -E -P "$root/include/shai.h" | grep -oE '\bshai_[a-z0-9_]+[[:space:]]*\(' |
                       sed 's/[[:space:](]//g' | sort -u)
if [ "$exports" = "$api" ]; then ok "libshai.so exports exactly the functions shai.h declares ($(echo "$api" | wc -l))"
else bad "libshai.so exports differ from shai.h (< shai.h, > libshai.so):"
    echo "$exports" > "$tmp/exp"; echo "$api" > "$tmp/api"; diff "$tmp/api" "$tmp/exp" | head -10; fi

model=$dest$modeldir/default.model
status "installed shai filter --blocks on a seed page" 0 \
    "$dest$BINDIR/shai" filter --model "$model" --blocks "$page"
sed 's/.*"line":\([0-9]*\),.*"keep":\([a-z]*\),"label":"\([a-z_]*\)".*/\1 \2 \3/;
     s/ true / keep /; s/ false / drop /' "$tmp/out" > "$tmp/cli.txt"
for kind in shared static; do
    exe=$tmp/example; [ "$kind" = static ] && exe=$tmp/example-static
    if [ ! -x "$exe" ]; then bad "$kind example was not built"; continue; fi
    status "$kind example runs on the page" 0 env LD_LIBRARY_PATH="$dest$LIBDIR" "$exe" "$model" "$page"
    if [ "$(wc -l < "$tmp/out")" -ge 20 ] && grep -q ' drop ' "$tmp/out" && grep -q ' keep ' "$tmp/out"; then
        ok "$kind: the library keeps some blocks of the page and drops others"
        same "$kind: library and CLI decide every block alike" "$tmp/out" "$tmp/cli.txt"
    else bad "$kind: $(wc -l < "$tmp/out") blocks, want >= 20 with keeps and drops"; fi
done

status "make uninstall DESTDIR" 0 make -s -C "$root" uninstall DESTDIR="$dest"
if [ -d "$dest$BINDIR" ]; then
    left=$(find "$dest" ! -type d | sed "s|^$dest||")
    if [ -z "$left" ]; then ok "uninstall leaves no file"; else bad "uninstall left: $left"; fi
else bad "uninstall leaves no file (nothing was installed)"; fi

echo "$npass passed, $nfail failed"
[ "$fail" -eq 0 ]
