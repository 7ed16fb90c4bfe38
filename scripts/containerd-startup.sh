#!/usr/bin/env bash
# Start-up time of a container on containerd, create to exit: for each
# run, the wall time of `ctr containers create` followed by `ctr tasks
# start` (which returns when the task has exited), on a private
# containerd (scripts/lib/containerd.sh). Removing the task and the
# container afterwards is not timed.
#
#   scripts/containerd-startup.sh [RUNS]      (default 30 runs per row)
#
# Rows:
#   mote, image   tests/wasi/hello.wasm in a wasi/wasm image (snapshot)
#   mote, rootfs  the same module in a plain folder given with --rootfs
#   runc, rootfs  busybox `true` (Debian's busybox-static) with runc,
#                 the machine's floor for a Linux container
# Further shims can be compared by putting containerd-shim-NAME-v1 in
# EXTRA_SHIMS (space-separated paths): each gets an "NAME, rootfs" row
# with the same module.
#
# Needs root and Linux.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG_PREFIX=containerd-startup
# shellcheck source=scripts/lib/containerd.sh
source scripts/lib/containerd.sh

RUNS="${1:-30}"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [RUNS]" >&2; exit 2; }
skip_unless_root_linux
install_packages
command -v busybox >/dev/null || {
    log "installing busybox-static"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends busybox-static >/dev/null
}
build_shim

TMP="$(mktemp -d /tmp/mote-startup.XXXXXX)"
NS="mote-startup-$$"
trap 'ctd_stop; rm -rf "$TMP"' EXIT
install -D -m 0755 "$SHIM" "$TMP/ctd/bin/containerd-shim-mote-v1"
for extra in ${EXTRA_SHIMS:-}; do
    install -m 0755 "$extra" "$TMP/ctd/bin/"
done
ctd_start "$TMP/ctd" "$NS"

scripts/oci-image.sh -o "$TMP/hello.tar" tests/wasi/hello.wasm >/dev/null
ctr_ images import --platform wasi/wasm "$TMP/hello.tar" >/dev/null
mkdir -p "$TMP/wasm-root" "$TMP/linux-root/bin"
install -m 0644 tests/wasi/hello.wasm "$TMP/wasm-root/hello.wasm"
install -m 0755 "$(command -v busybox)" "$TMP/linux-root/bin/busybox"

# measure LABEL EXPECTED-STDOUT CREATE ARGS...: RUNS timed runs after one
# untimed; CREATE ID ARGS... creates the container. Prints a table row
# (mean, median, min in ms).
measure() {
    local label="$1" expected="$2" create="$3"
    shift 3
    local i id t0 t1 out times=()
    for ((i = 0; i <= RUNS; i++)); do
        id="s$i"
        t0=$(date +%s%N)
        "$create" "$id" "$@" >/dev/null
        out="$(ctr_ tasks start "$id")"
        t1=$(date +%s%N)
        ctr_ tasks delete "$id" >/dev/null 2>&1 || true
        ctr_ containers delete "$id" >/dev/null
        if [[ $out != "$expected" ]]; then
            log "$label: run $i printed $(printf %q "$out"), not $(printf %q "$expected")"
            return 1
        fi
        ((i == 0)) || times+=($(((t1 - t0) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" '
        { v[NR] = $1; sum += $1 }
        END {
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "| %s | %.1f ms | %.1f ms | %.1f ms |\n", label, sum / NR / 1000, med / 1000, v[1] / 1000
        }'
}
# image_container ID RUNTIME: the hello image.
image_container() { ctr_ containers create --runtime "$2" mote.test/hello:latest "$1"; }
# rootfs_container ID RUNTIME DIR ARGS...: a folder as root file system.
rootfs_container() { ctr_ containers create --runtime "$2" --rootfs "$3" "$1" "${@:4}"; }

echo "Create to exit, $RUNS runs each, $(date -u +%Y-%m-%d), $(nproc) cores, containerd $(containerd --version | awk '{print $3}')"
echo
echo "| container | mean | median | min |"
echo "|---|---|---|---|"
measure "mote, image" "Hello, world!" image_container io.containerd.mote.v1
measure "mote, rootfs" "Hello, world!" rootfs_container io.containerd.mote.v1 \
    "$TMP/wasm-root" /hello.wasm
for extra in ${EXTRA_SHIMS:-}; do
    name="$(basename "$extra")"
    name="${name#containerd-shim-}"
    name="${name%-v1}"
    measure "$name, rootfs" "Hello, world!" rootfs_container "io.containerd.$name.v1" \
        "$TMP/wasm-root" /hello.wasm
done
measure "runc, rootfs (busybox true)" "" rootfs_container io.containerd.runc.v2 \
    "$TMP/linux-root" /bin/busybox true
