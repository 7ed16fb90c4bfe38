//! The benchmark programs (`src/bin/bench_*.rs`): a workload of
//! `bench/workloads/` run at a hundredth of its default scale, whose
//! checksum bench/workloads/checksums.txt lists. qemu's `-append ARG`
//! replaces the scale (read through semihosting's command line, whose first
//! word is the `-kernel` path): `-append 1` for scale 1, and `-append 0`,
//! which the workload refuses with its usage message and status 2 after
//! everything but the work (loading, translating, instantiating, libc
//! start-up, argv).
//!
//! UART0 shows the workload's two lines, `<name> scale=N` and
//! `checksum: 0x...`. Then one line goes to the host through semihosting
//! (qemu's stderr): `[mcu] run_wasi T SysTick ticks, heap peak B bytes`, T
//! from before the module is loaded to the guest's exit. Under
//! `qemu -icount shift=0` one guest instruction is 1 ns of virtual time, so
//! at SysTick's 25 MHz T x 40 is the instructions executed, to within 40.
//! scripts/bench-mcu.sh runs them and also counts every instruction with a
//! TCG plugin.

use crate::{Program, exit, heap_stats, init, run_wasi};
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use core::ffi::CStr;
use core::mem::MaybeUninit;
use cortex_m::peripheral::SYST;
use semihosting::sys::arm_compat::{sys_get_cmdline_uninit, sys_write0};
use wasi_lite::board::Ticks as _;

/// Runs workload `name` with argv `[name, scale]` (`scale` unless qemu's
/// `-append` gives one), then reports the SysTick ticks it took and the
/// heap's peak through semihosting, and exits with the workload's status.
pub fn run_workload(name: &'static str, scale: &'static str, wasm: &'static [u8]) -> ! {
    let board = init();
    let scale: &'static str = match cmdline_scale() {
        Some(s) => Box::leak(s.into_boxed_str()),
        None => scale,
    };
    let program = Program {
        wasm,
        args: Box::leak(Box::new([name, scale])),
        vars: &[],
    };
    let mut ticks = board.ticks;
    // Right after `init` clears it, SysTick's counter reads 0 until its
    // first reload, which `ticks()` takes for the end of a period: wait.
    while SYST::get_current() == 0 {}
    let start = ticks.ticks();
    let status = run_wasi(board, &program);
    let elapsed = ticks.ticks().wrapping_sub(start);
    report(elapsed, heap_stats().peak);
    exit(status)
}

/// The scale from the semihosting command line, whose first word is qemu's
/// `-kernel` path and the rest `-append`'s: its second word, if any.
fn cmdline_scale() -> Option<String> {
    let mut buf = [MaybeUninit::<u8>::uninit(); 512];
    let line = sys_get_cmdline_uninit(&mut buf).ok()?;
    let line = core::str::from_utf8(line).ok()?;
    line.split_ascii_whitespace().nth(1).map(String::from)
}

/// Writes the measurement line through semihosting `SYS_WRITE0`.
fn report(ticks: u64, heap_peak: usize) {
    let line = format!("[mcu] run_wasi {ticks} SysTick ticks, heap peak {heap_peak} bytes\n\0");
    if let Ok(s) = CStr::from_bytes_until_nul(line.as_bytes()) {
        sys_write0(s);
    }
}
