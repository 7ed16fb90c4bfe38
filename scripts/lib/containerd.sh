# A private containerd for the scripts that run containerd-shim-mote:
# sourced by scripts/containerd-e2e.sh and scripts/containerd-startup.sh,
# which set LOG_PREFIX (their name) first and run as root on Linux.
#
# The scripts run their containerd in a mount namespace of their own
# (`in_private_mounts`) with a fresh tmpfs on /run: containerd 1.6, ctr and
# runwasi keep shim sockets, stdio fifos and container state under
# /run/containerd whatever they are told. Everything else of that
# containerd lives under one temporary folder (its root, state, sockets,
# log and the shim binary on its PATH), and its containers use their own
# containerd namespace, whose cgroup folders `ctd_stop` removes. Nothing
# of the machine's containerd, if it has one, is touched.

log() { echo "$LOG_PREFIX: $*" >&2; }

# skip_unless_root_linux: exits 0 with the reason when the test cannot run.
skip_unless_root_linux() {
    if [[ $(uname -s) != Linux ]]; then
        echo "$LOG_PREFIX: SKIPPED: containerd and its WebAssembly shims need Linux, this is $(uname -s)"
        exit 0
    fi
    if [[ $(id -u) -ne 0 ]]; then
        echo "$LOG_PREFIX: SKIPPED: running containerd and its containers needs root (run as root, as CI does)"
        exit 0
    fi
}

# install_packages: containerd and ctr, wat2wasm (wabt) for the test
# modules, and what building the shim needs (protoc for containerd's API,
# libseccomp through pkg-config), from Debian.
install_packages() {
    [[ ${MOTE_CTD_PRIVATE:-} != 1 ]] || return 0
    local missing=()
    command -v containerd >/dev/null && command -v ctr >/dev/null || missing+=(containerd)
    command -v protoc >/dev/null || missing+=(protobuf-compiler)
    command -v wat2wasm >/dev/null || missing+=(wabt)
    command -v pkg-config >/dev/null || missing+=(pkg-config)
    pkg-config --exists libseccomp 2>/dev/null || missing+=(libseccomp-dev)
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            "${missing[@]}" >/dev/null
    fi
}

# in_private_mounts "$@": re-runs the calling script in a mount namespace
# of its own with a tmpfs on /run, and exits with its status; returns
# (doing nothing) when already there.
in_private_mounts() {
    if [[ ${MOTE_CTD_PRIVATE:-} == 1 ]]; then
        mount -t tmpfs -o mode=0755 tmpfs /run
        return 0
    fi
    local status=0
    MOTE_CTD_PRIVATE=1 unshare --mount --propagation private \
        bash "$ROOT/scripts/${0##*/}" "$@" || status=$?
    exit "$status"
}

# build_shim [--test] [--dev]: builds containerd-shim-mote (release, or
# with --dev the dev profile without debug info: about 100 s from cold
# here against 250 s, with debug assertions and overflow checks on), with
# --test runs its unit tests on the same build; sets SHIM to the binary.
# (Both this and install_packages do nothing in the private-mounts re-run.)
build_shim() {
    local dir="$ROOT/containerd-shim-mote" test=0 profile=(--release) out=release what=release
    while (($#)); do
        case $1 in
            --test) test=1 ;;
            --dev) profile=() out=debug what="dev profile" ;;
        esac
        shift
    done
    SHIM="$dir/target/$out/containerd-shim-mote-v1"
    [[ ${MOTE_CTD_PRIVATE:-} != 1 ]] || return 0
    log "building containerd-shim-mote ($what)"
    local cargo=(env CARGO_PROFILE_DEV_DEBUG=false cargo)
    "${cargo[@]}" build "${profile[@]}" --locked --manifest-path "$dir/Cargo.toml" >&2
    if ((test)); then
        log "its unit tests"
        "${cargo[@]}" test "${profile[@]}" --locked --manifest-path "$dir/Cargo.toml" >&2
    fi
}

# ctd_start DIR NAMESPACE: starts containerd with everything under DIR
# (created), with DIR/bin first on its PATH, and waits until it answers.
# Install shims into DIR/bin before starting containers.
ctd_start() {
    CTD_DIR="$1"
    CTD_NS="$2"
    mkdir -p "$CTD_DIR/bin"
    cat >"$CTD_DIR/config.toml" <<EOF
version = 2
root = "$CTD_DIR/root"
state = "$CTD_DIR/state"
# The CRI plugin (Kubernetes) is not needed by ctr and wants CNI.
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$CTD_DIR/containerd.sock"
[ttrpc]
  address = "$CTD_DIR/containerd.sock.ttrpc"
[debug]
  address = "$CTD_DIR/debug.sock"
  level = "info"
EOF
    PATH="$CTD_DIR/bin:$PATH" containerd --config "$CTD_DIR/config.toml" \
        >"$CTD_DIR/containerd.log" 2>&1 &
    CTD_PID=$!
    local i
    for ((i = 0; i < 100; i++)); do
        if ctr --address "$CTD_DIR/containerd.sock" version >/dev/null 2>&1; then
            return 0
        fi
        kill -0 "$CTD_PID" 2>/dev/null || break
        sleep 0.1
    done
    log "containerd did not start; its log:"
    tail -20 "$CTD_DIR/containerd.log" >&2
    return 1
}

# ctr_ ARGS...: ctr on the private containerd and namespace.
ctr_() { ctr --address "$CTD_DIR/containerd.sock" --namespace "$CTD_NS" "$@"; }

# The shim's state folder for the namespace (runwasi's default root,
# /run/containerd/<shim name>, since ctr passes no runtime options; on the
# private /run).
shim_state_dir() { echo "/run/containerd/mote/$CTD_NS"; }

# The namespace's cgroup folders (ctr puts a container in /<namespace>/<id>).
ns_cgroups() {
    local d
    for d in /sys/fs/cgroup/*/"$CTD_NS" /sys/fs/cgroup/"$CTD_NS"; do
        [[ -d $d ]] && echo "$d"
    done
    return 0
}

# ns_processes: the namespace's shims and the containers' processes (forks
# of their shim), which carry the namespace in their command line.
ns_processes() {
    local p
    for p in /proc/[0-9]*; do
        { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -q -- "-namespace $CTD_NS " &&
            echo "${p#/proc/}"
    done
    return 0
}

# ctd_stop: removes the namespace's containers, ends containerd and the
# processes of the namespace's shims, if any are left, and removes the
# namespace's cgroup folders (the callers' checks report leftovers before
# this).
ctd_stop() {
    [[ -n ${CTD_PID:-} ]] || return 0
    local id
    for id in $(ctr_ tasks ls -q 2>/dev/null); do
        ctr_ tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
        ctr_ tasks delete -f "$id" >/dev/null 2>&1 || true
    done
    for id in $(ctr_ containers ls -q 2>/dev/null); do
        ctr_ containers delete "$id" >/dev/null 2>&1 || true
    done
    kill "$CTD_PID" 2>/dev/null || true
    wait "$CTD_PID" 2>/dev/null || true
    CTD_PID=""
    local p
    for p in $(ns_processes); do kill -9 "$p" 2>/dev/null || true; done
    local d
    for d in $(ns_cgroups); do
        find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
    done
    # Mounts containerd left under the folder would keep files busy.
    local m
    for m in $(awk -v dir="$CTD_DIR/" 'index($5, dir) == 1 {print $5}' /proc/self/mountinfo | sort -r); do
        umount -l "$m" 2>/dev/null || true
    done
}
