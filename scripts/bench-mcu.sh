#!/usr/bin/env bash
# The benchmark on the microcontroller: three workloads of bench/workloads/
# (fir, crc32, interp) at a hundredth of their default scale, on the
# Cortex-M4F board (boards/mps2-an386, bins bench_<name>) under
# qemu-system-arm, counting the guest instructions executed, and the same
# workloads' C compiled natively for the board (below). Checks each
# checksum against bench/workloads/checksums.txt and writes the tables to
# bench/results/mcu.md (and stdout). Exits non-zero on a wrong checksum.
#
#   scripts/bench-mcu.sh
#
# Method: qemu runs with `-icount shift=0` (the virtual clock advances 1 ns
# per guest instruction, which makes every run deterministic) and a TCG
# plugin that adds one to a counter before every guest instruction it
# executes (an inline add, no callback); `-d plugin -D FILE` receives the
# total at exit. Debian's qemu (7.2) is built with plugin support but ships
# neither the contrib plugins (libinsn.so) nor qemu-plugin.h, so the plugin
# is written below and built with gcc against the seven API functions it
# uses (plugin API version 1, qemu 7.2; newer qemu renamed the inline call).
#
# Each workload also runs with `-append 0`, which the firmware passes as the
# scale: the workload refuses it and exits 2 after loading, translating,
# instantiating, libc start-up and parsing argv, so the difference is the
# work itself; and with `-append 1`, for the cost of one more unit of scale.
# The firmware's own measurement, SysTick ticks around run_wasi, is x 40
# guest instructions under icount (25 MHz SysTick, 1 ns per instruction):
# a cross-check of the plugin that leaves out reset and .bss zeroing.
# Wall time is a separate run without icount or plugin, as the board
# runner runs it: it measures the emulator on this host, not the MCU.
#
# Native C on the same board, for Mote's ratio to it: the same sources
# (bench/workloads/src/<name>.c) compiled for the Cortex-M4F with Debian's
# arm-none-eabi-gcc and newlib, at -O2 (as the host's reference build) and
# -Os, linked with rdimon (semihosting: printf, exit status, and argv from
# the semihosting command line, -kernel's path then -append's words) and
# boards/mps2-an386/native/ (vector table, FPU enable, memory map). Each
# runs like the firmware: at the scale (always given with -append; without
# it the workload would run its default, 100 times more), at 1 and at 0,
# counted the same way; Mote / native is the ratio of the per-unit counts.
#
# Toolchain and installs: scripts/lib/boards-toolchain.sh, as for
# scripts/boards.sh (rustup's where it has the target, else Debian's
# rustc-web + rust-web-src with -Zbuild-std), and gcc, gcc-arm-none-eabi
# and libnewlib-arm-none-eabi from apt-get when missing. Builds go to
# target/boards/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
LOG_PREFIX=bench-mcu
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh

if (($#)); then
    echo "usage: $0" >&2
    exit 2
fi

WORKLOADS=(fir crc32 interp)
BOARD=mps2-an386
TRIPLE=thumbv7em-none-eabihf
QEMU=(qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native)
RUN_TIMEOUT=300
OUT=bench/results/mcu.md

# The native build: the Cortex-M4F's hard-float ABI, bench/build-workloads.sh's
# flags for both of its builds (C11, no fused multiply-add, warnings are
# errors), newlib with rdimon's semihosting start-up and system calls, and the
# board's vector table and memory map (boards/$BOARD/native/).
NATIVE_SRC=boards/$BOARD/native
NATIVE_FLAGS=(
    -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
    -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -ffp-contract=off
    --specs=rdimon.specs -T "$NATIVE_SRC/link.ld"
)
NATIVE_OPTS=(-O2 -Os) # the first is the one Mote is compared with
NEWLIB_SPECS=/usr/lib/arm-none-eabi/newlib/rdimon.specs

# --- toolchain -------------------------------------------------------------

need gcc gcc libc6-dev # for the plugin
need arm-none-eabi-gcc gcc-arm-none-eabi
[[ -f $NEWLIB_SPECS ]] || MISSING+=(libnewlib-arm-none-eabi)
cross_toolchain "$TRIPLE"
if [[ $TOOLCHAIN == rustup ]]; then
    RUSTC_USED="$(rustc -V)"
else
    RUSTC_USED="$(/usr/bin/rustc -V) (Debian rustc-web, -Zbuild-std)"
fi

# --- the instruction-counting plugin -----------------------------------------

plugin_dir="$root/target/boards/bench-mcu"
mkdir -p "$plugin_dir"
PLUGIN="$plugin_dir/libinsncount.so"
cat >"$plugin_dir/insncount.c" <<'EOF'
/* Counts every guest instruction executed; prints "insns: N" at exit
 * (with -d plugin, to -D's file). qemu 7.2's plugin API, version 1. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t, void *);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, qemu_plugin_vcpu_tb_trans_cb_t);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *, size_t);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *, enum qemu_plugin_op,
                                                void *, uint64_t);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, qemu_plugin_udata_cb_t, void *);
void qemu_plugin_outs(const char *);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

/* One vCPU (the board has one core; icount runs one thread anyway). */
static uint64_t insns;

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++)
        qemu_plugin_register_vcpu_insn_exec_inline(qemu_plugin_tb_get_insn(tb, i),
                                                   QEMU_PLUGIN_INLINE_ADD_U64, &insns, 1);
}

static void at_exit(qemu_plugin_id_t id, void *data)
{
    (void)id;
    (void)data;
    char line[64];
    snprintf(line, sizeof line, "insns: %llu\n", (unsigned long long)insns);
    qemu_plugin_outs(line);
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                               char **argv)
{
    (void)info;
    (void)argc;
    (void)argv;
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
EOF
gcc -O2 -Wall -Werror -shared -fPIC -fvisibility=hidden \
    -o "$PLUGIN" "$plugin_dir/insncount.c"

# --- firmware --------------------------------------------------------------

bins=(--bin hello)
for w in "${WORKLOADS[@]}"; do
    bins+=(--bin "bench_$w")
done
log "building boards/$BOARD (release): hello ${WORKLOADS[*]/#/bench_}"
build_log="$plugin_dir/build.log"
if ! (cd "boards/$BOARD" && "${CROSS[@]}" "${bins[@]}") >"$build_log" 2>&1; then
    cat "$build_log" >&2
    log "boards/$BOARD does not build"
    exit 1
fi
ELF_DIR="target/boards/$TRIPLE/release"

# --- native build ------------------------------------------------------------

NATIVE_DIR="$plugin_dir/native"
mkdir -p "$NATIVE_DIR"
log "building native ${WORKLOADS[*]} (arm-none-eabi-gcc ${NATIVE_OPTS[*]})"
for w in "${WORKLOADS[@]}"; do
    for opt in "${NATIVE_OPTS[@]}"; do
        arm-none-eabi-gcc "${NATIVE_FLAGS[@]}" "$opt" -o "$NATIVE_DIR/$w$opt.elf" \
            "$NATIVE_SRC/startup.c" "bench/workloads/src/$w.c" -lm
    done
done
GCC_USED="arm-none-eabi-gcc $(arm-none-eabi-gcc -dumpversion)"
NEWLIB_USED="newlib $(dpkg-query -W -f '${Version}' libnewlib-arm-none-eabi 2>/dev/null || echo '(version unknown)')"

# --- runs ------------------------------------------------------------------

runs_start=$SECONDS

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# counted ELF [APPEND]: one run under icount with the plugin. Sets STATUS,
# INSNS, TICKS (the firmware's SysTick line, or empty), HEAP; the UART
# output is in $work/out, semihosting's in $work/err.
counted() {
    local elf=$1
    shift
    local extra=()
    (($#)) && extra=(-append "$1")
    rm -f "$work/plugin.log"
    set +e
    timeout "$RUN_TIMEOUT" "${QEMU[@]}" -icount shift=0 \
        -plugin "$PLUGIN" -d plugin -D "$work/plugin.log" \
        -kernel "$elf" "${extra[@]}" </dev/null >"$work/out" 2>"$work/err"
    STATUS=$?
    set -e
    INSNS=$(sed -n 's/^insns: \([0-9]*\)$/\1/p' "$work/plugin.log" 2>/dev/null)
    TICKS=$(sed -n 's/^\[mcu\] run_wasi \([0-9]*\) SysTick.*/\1/p' "$work/err")
    HEAP=$(sed -n 's/.*heap peak \([0-9]*\) bytes$/\1/p' "$work/err")
    if [[ -z $INSNS ]]; then
        log "$elf ${extra[*]}: no instruction count (status $STATUS)"
        cat "$work/err" >&2
        exit 1
    fi
}

# wall ELF: seconds of one plain run (the board runner's command line).
wall() {
    local t0 t1
    t0=$(date +%s%N)
    timeout "$RUN_TIMEOUT" "${QEMU[@]}" -kernel "$1" </dev/null >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.2f", ns / 1e9 }'
}

# Thousands separators, as the other result tables have them.
group() {
    local n=$1 sign=""
    [[ $n == -* ]] && sign="-" && n=${n#-}
    echo "$sign$(echo "$n" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta')"
}

# ratio A B: A / B to one decimal, as "12.3x".
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }

passes=0
fails=0

# verify LABEL W SCALE WANT: checks the last run's status and UART/stdout
# lines against W's row of checksums.txt, prints PASS or FAIL, counts it.
# Sets OK (the table's cell) and GOT (the checksum printed, or empty).
verify() {
    local label=$1 w=$2 scale=$3 want=$4 got_scale
    GOT=$(sed -n 's/^checksum: \(0x[0-9a-f]*\)$/\1/p' "$work/out")
    got_scale=$(sed -n "s/^$w scale=\([0-9]*\)$/\1/p" "$work/out")
    if [[ $STATUS == 0 && $GOT == "$want" && $got_scale == "$scale" ]]; then
        OK=yes
        passes=$((passes + 1))
        printf 'PASS  %-17s scale=%s checksum %s\n' "$label" "$scale" "$GOT"
    else
        OK="**no** (expected $want at scale $scale; status $STATUS, scale ${got_scale:-?})"
        fails=$((fails + 1))
        printf 'FAIL  %-17s status %s, scale %s, checksum %s, expected scale %s %s\n' \
            "$label" "$STATUS" "${got_scale:-?}" "${GOT:-none}" "$scale" "$want"
        sed 's/^/    /' "$work/out" "$work/err" | head -20 || true
    fi
}

# startup_and_one ELF LABEL USAGE_FILE: runs ELF at scale 0, which it
# must refuse (status 2, the usage message in USAGE_FILE), and at scale 1.
# Sets STARTUP and ONE to their instruction counts.
startup_and_one() {
    local elf=$1 label=$2 usage=$3
    counted "$elf" 0
    if [[ $STATUS != 2 ]] || ! grep -q '^usage: ' "$usage"; then
        log "$label 0: expected the usage message and status 2, got status $STATUS"
        exit 1
    fi
    STARTUP=$INSNS
    counted "$elf" 1
    [[ $STATUS == 0 ]] || {
        log "$label 1: status $STATUS"
        exit 1
    }
    ONE=$INSNS
}

log "hello (the baseline)"
counted "$ELF_DIR/hello"
if [[ $STATUS != 0 ]] || [[ $(cat "$work/out") != "Hello, world!" ]]; then
    log "hello: status $STATUS, output: $(head -c 200 "$work/out")"
    exit 1
fi
BASE=$INSNS
BASE_WALL=$(wall "$ELF_DIR/hello")

rows=()
detail=()
native_rows=()
for w in "${WORKLOADS[@]}"; do
    elf="$ELF_DIR/bench_$w"
    # The small row of checksums.txt: the smaller scale listed for w.
    read -r scale want < <(awk -v n="$w" '$1 == n { print $2, $3 }' \
        bench/workloads/checksums.txt | sort -n | head -1)
    log "$w (scale $scale)"

    counted "$elf"
    verify "$w" "$w" "$scale" "$want"
    got=$GOT ok=$OK
    total=$INSNS ticks=$TICKS heap=$HEAP
    t=$(wall "$elf")

    startup_and_one "$elf" "$w" "$work/out"
    startup=$STARTUP one=$ONE
    per_unit=$(((total - one) / (scale - 1)))

    # The native builds: the same three runs, the scale always given (the
    # default would be 100 times more work). Their usage message goes to
    # semihosting's stderr, not the UART.
    for opt in "${NATIVE_OPTS[@]}"; do
        nelf="$NATIVE_DIR/$w$opt.elf"
        log "$w native $opt (scale $scale)"
        counted "$nelf" "$scale"
        verify "$w native $opt" "$w" "$scale" "$want"
        ntotal=$INSNS

        startup_and_one "$nelf" "$w native $opt" "$work/err"
        nstartup=$STARTUP none=$ONE
        nper_unit=$(((ntotal - none) / (scale - 1)))
        if [[ $opt == "${NATIVE_OPTS[0]}" ]]; then
            native_per_unit=$nper_unit
        fi
        native_rows+=("| \`$w\` | \`$opt\` | \`$GOT\` $OK | $(group "$ntotal") | $(group "$nstartup") | $(group $((ntotal - nstartup))) | $(group "$none") | $(group "$nper_unit") | $(ratio "$per_unit" "$nper_unit") |")
    done

    rows+=("| \`$w\` | $scale | \`$got\` $ok | $(group "$total") | $(group $((total - BASE))) | $t s |")
    detail+=("| \`$w\` | $(group "$startup") | $(group $((total - startup))) | $(group "$one") | $(group "$per_unit") | $(group $((ticks * 40))) | $(group $((total - ticks * 40))) | $(group "$heap") | $(group "$native_per_unit") | $(ratio "$per_unit" "$native_per_unit") |")
done

# --- results ---------------------------------------------------------------

qemu_version=$(qemu-system-arm --version | head -1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain -- engine wasi-lite "boards/$BOARD" 2>/dev/null) ]]; then
    commit="$commit, with uncommitted changes in engine/, wasi-lite/ or boards/$BOARD/"
fi

# shellcheck disable=SC2016 # the backticks are Markdown
native_opts_md=$(printf '`%s` and ' "${NATIVE_OPTS[@]}")
native_opts_md=${native_opts_md% and }

{
    cat <<EOF
# Mote on the microcontroller

Three workloads of \`bench/workloads/\` at a hundredth of their default
scale on the Cortex-M4F board (\`boards/mps2-an386\`, bins
\`bench_<name>\`) under qemu, counting the guest instructions executed,
and the same C sources compiled natively for the board, counted the same
way, for Mote's ratio to native code. Written by \`scripts/bench-mcu.sh\`.

- date: $(date -u +%Y-%m-%d)
- tree: $commit
- qemu: $qemu_version, \`qemu-system-arm -M mps2-an386\`
- firmware: release profile (\`opt-level = "z"\`, LTO, one codegen unit),
  $RUSTC_USED
- native: $GCC_USED, $NEWLIB_USED (rdimon, semihosting),
  $native_opts_md
- method: a TCG plugin counting every executed instruction, under
  \`-icount shift=0\` (below)

## Method

Guest instructions are counted by a TCG plugin that adds one to a counter
before every guest instruction qemu executes (an inline add registered per
instruction at translation; the plugin is built by the script, since
Debian's qemu ships none) and prints the total when qemu exits. qemu runs
with \`-icount shift=0\`, which makes the counts exactly repeatable. A count
covers the whole firmware run: reset, zeroing the 1 MiB heap in \`.bss\`,
\`init()\`, loading, validating and translating the embedded \`.wasm\`, the
run under WASI, and the semihosting exit. It counts Thumb-2 instructions,
not cycles: the M4's loads, branches and divisions take more than one.

- **baseline**: the \`hello\` firmware (\`tests/wasi/hello.wasm\`, 4.2 KB),
  $(group "$BASE") instructions: what any WASI program costs at the least.
- **start-up**: the same firmware with \`-append 0\` as its scale (read
  through semihosting's command line), which the workload refuses after
  everything but the work: loading, validating and translating the module
  (about 30 KB, most of it wasi-libc's \`printf\` and \`malloc\`),
  instantiating, libc start-up, \`argv\`, the usage message.
- **per unit**: (count at scale N − count at scale 1) / (N − 1), the cost
  of one more unit of scale (bench/README.md's table says what a unit is).
- **SysTick x 40**: the firmware's own measurement, SysTick ticks from
  before loading the module to the guest's exit; under \`-icount shift=0\` a
  tick (40 ns at 25 MHz) is 40 instructions. It agrees with the plugin
  within the ~1.06 M instructions of reset, \`.bss\` zeroing and exit it
  leaves out. (The DWT cycle counter is no alternative: in qemu 7.2's
  \`mps2-an386\` \`DWT_CTRL\` and \`CYCCNT\` read 0 even after \`DEMCR.TRCENA\`
  and \`CYCCNTENA\` are set.)
- **wall time**: one run of the board runner's command line (no icount, no
  plugin) on the 2-core build machine. It measures the emulator, not the
  MCU: a real Cortex-M4 at 25 MHz would need about instructions / 25 M
  seconds or more.
- **native**: the same sources, \`bench/workloads/src/<name>.c\`
  unmodified, compiled for the board's core by Debian's
  \`arm-none-eabi-gcc\` with \`-mcpu=cortex-m4 -mthumb -mfloat-abi=hard
  -mfpu=fpv4-sp-d16\` and the flags of both builds in
  \`bench/build-workloads.sh\` (\`-std=c11 -ffp-contract=off\`, warnings
  as errors), at \`-O2\` like the host's reference build and at \`-Os\`.
  The libc is newlib with \`--specs=rdimon.specs\`: rdimon's start-up and
  system calls use semihosting, so \`printf\` reaches qemu's stdout, the
  exit status qemu's, and \`argv\` is semihosting's command line (the
  \`-kernel\` path, then \`-append\`'s words), so \`-append N\` is the
  scale. It is always given: without it the workload would run its default
  scale, 100 times the one here. \`boards/mps2-an386/native/\` holds the
  vector table, a reset handler that enables the FPU (\`CPACR\`) before
  rdimon's \`_start\`, and \`memory.x\`'s map as a linker script; rdimon
  takes its stack and heap limits from qemu's \`SYS_HEAPINFO\`. Each ELF
  runs as \`qemu -kernel\` like the firmware, with the same plugin under
  \`-icount shift=0\`, at the scale, at 1 and at 0 (the usage message on
  stderr, status 2), and its checksum is checked the same way. A
  semihosting call is one \`bkpt\` instruction on both sides, and the
  per-unit count leaves start-up and output out.
- **Mote / native**: Mote's per-unit count over the native build's: how
  many Thumb-2 instructions Mote executes for each one gcc's code executes
  for the same work. Instructions, not cycles: the two mixes of loads,
  branches and arithmetic differ, so on a real M4 the ratio of cycles may
  differ too.

## Results

| workload | scale | checksum ok | guest instructions | minus baseline (\`hello\`) | wall time under qemu |
|---|---:|---|---:|---:|---:|
| \`hello\` (baseline) | — | — | $(group "$BASE") | 0 | $BASE_WALL s |
EOF
    printf '%s\n' "${rows[@]}"
    cat <<EOF

Where the instructions go (all counts of whole firmware runs, except the
SysTick column):

| workload | start-up (\`-append 0\`) | minus start-up: the work | scale 1 | per unit of scale | SysTick x 40 (run_wasi) | plugin − SysTick x 40 | heap peak (bytes) | native per unit (\`${NATIVE_OPTS[0]}\`) | Mote / native per unit |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
    printf '%s\n' "${detail[@]}"
    cat <<EOF

The native builds (whole runs of the ELF, reset to semihosting exit, at the
same scales):

| workload | build | checksum ok | guest instructions | start-up (\`-append 0\`) | minus start-up: the work | scale 1 | per unit of scale | Mote / native per unit |
|---|---|---|---:|---:|---:|---:|---:|---:|
EOF
    printf '%s\n' "${native_rows[@]}"
    cat <<EOF

Reproduce: \`scripts/bench-mcu.sh\` (the runs took $((SECONDS - runs_start)) s after the build).
EOF
} >"$work/mcu.md"
mkdir -p "$(dirname "$OUT")"
cp "$work/mcu.md" "$OUT"

echo
cat "$OUT"
echo
echo "$passes passed, $fails failed"
((fails == 0))
