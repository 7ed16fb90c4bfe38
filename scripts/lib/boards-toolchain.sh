# The cross toolchain and tools of the scripts that build for the boards'
# targets (thumbv7em-none-eabihf, riscv32imac-unknown-none-elf): sourced by
# scripts/boards.sh, boards-spec.sh, footprint.sh, boards-defmt.sh,
# bench-mcu.sh and nostd.sh, which set LOG_PREFIX (their name) first.
#
# The compiler is rustup's where it has every target a script builds for;
# otherwise Debian's rustc-web + rust-web-src, which build core and alloc
# from source (RUSTC_BOOTSTRAP=1 -Zbuild-std). What is missing of those, of
# lld (the boards link with ld.lld) and of qemu is installed with apt-get,
# so that the scripts run on a fresh Debian machine.

log() { echo "$LOG_PREFIX: $*" >&2; }

# Debian's compiler: "${DEBIAN_RUST[@]}" cargo build ... "${BUILD_STD[@]}".
DEBIAN_RUST=(env RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1)
BUILD_STD=(-Zbuild-std=core,alloc -Zbuild-std-features=compiler-builtins-mem)

# The packages `need`, `need_debian_rust` and `cross_toolchain` found
# missing; `install_missing` installs them.
MISSING=()

# need COMMAND PACKAGE...: the PACKAGEs are missing if COMMAND is.
need() { command -v "$1" >/dev/null || MISSING+=("${@:2}"); }

need_debian_rust() {
    [[ -x /usr/bin/rustc ]] || MISSING+=(rustc-web)
    [[ -d /usr/lib/rustlib/src/rust/library ]] || MISSING+=(rust-web-src)
}

# apt_install PACKAGE...: as root, else with sudo.
apt_install() {
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    log "installing $*"
    $sudo apt-get update -qq >&2
    $sudo env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "$@" >/dev/null
}

install_missing() {
    if ((${#MISSING[@]})); then
        apt_install "${MISSING[@]}"
        MISSING=()
    fi
}

# have_rustup_targets TRIPLE...: rustup has every TRIPLE installed.
have_rustup_targets() {
    command -v rustup >/dev/null || return 1
    local installed triple
    installed="$(rustup target list --installed 2>/dev/null)" || return 1
    for triple; do
        grep -qx "$triple" <<<"$installed" || return 1
    done
}

# cross_toolchain [--debian] TRIPLE...: makes ready what building for the
# TRIPLEs and running them under qemu takes, and installs what is missing
# (with anything `need` found missing before). Sets CROSS, the
# `cargo build --release` command line (run in a board's folder, or given
# --target), and TOOLCHAIN: rustup, if it has every TRIPLE and --debian is
# not given (which picks Debian's, and logs nothing), else debian.
cross_toolchain() {
    local debian=0 triple
    if [[ ${1:-} == --debian ]]; then
        debian=1
        shift
    fi
    need ld.lld lld
    for triple; do
        case $triple in
            thumbv7em-*) need qemu-system-arm qemu-system-arm ;;
            riscv32*) need qemu-system-riscv32 qemu-system-misc ;;
        esac
    done
    # The scripts build firmware without debug info (the boards' release
    # profile keeps it for gdb): it is not loaded into flash, and each
    # firmware's fat-LTO link takes about 30% less time without it (192 s
    # -> 136 s for mps2-an386's 14 programs). LLVM's code can differ by a
    # little (riscv32 hello's .text 296,508 -> 294,396 bytes).
    local nodebug=(env CARGO_PROFILE_RELEASE_DEBUG=false)
    if ((!debian)) && have_rustup_targets "$@"; then
        TOOLCHAIN=rustup
        CROSS=("${nodebug[@]}" cargo build --release)
        log "using rustup's toolchain"
    else
        TOOLCHAIN=debian
        need_debian_rust
        CROSS=("${nodebug[@]}" "${DEBIAN_RUST[@]}" cargo build --release "${BUILD_STD[@]}")
        ((debian)) || log "using Debian's rustc-web with -Zbuild-std"
    fi
    install_missing
}
