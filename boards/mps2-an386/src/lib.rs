//! Mote on Arm's MPS2 board with the AN386 FPGA image: a Cortex-M4F at
//! 25 MHz, as `qemu-system-arm -M mps2-an386` emulates it.
//!
//! [`init`] sets up everything a program needs and hands back the
//! [`Board`]; [`exit`] ends the run with a status the host sees (qemu's
//! exit code, through semihosting). Each program in `src/bin/` is:
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//!
//! #[cortex_m_rt::entry]
//! fn main() -> ! {
//!     let board = mps2_an386::init();
//!     // ... use board.serial, board.ticks, board.leds, the heap ...
//!     mps2_an386::exit(0)
//! }
//! ```
//!
//! | part | what | where |
//! |---|---|---|
//! | [`Serial`] | UART0, CMSDK APB UART, `embedded_io::{Read, Write}` | 0x4000_4000 |
//! | [`SysTickTicks`] | SysTick at 25 MHz, 64-bit by counting wraps | core |
//! | [`Led`] | user LEDs 0 and 1, `embedded_hal::digital` pins | FPGAIO 0x4002_8000 |
//! | heap | TLSF, [`HEAP_SIZE`] bytes of SSRAM2/3 ([`heap_stats`]); with [`init_all_ram`], all free RAM (PSRAM first) | 0x2000_0000.. |
//! | [`exit`], [`wall_clock_ns`] | semihosting `SYS_EXIT_EXTENDED`, `SYS_TIME` | host |
//!
//! A panic prints `panic: <message>` on UART0 and exits with status 101.
//! qemu must run with `-semihosting-config enable=on,target=native`
//! (`.cargo/config.toml`'s runner does): without a semihosting host,
//! `exit` and `wall_clock_ns` fault.
#![no_std]

// With the `defmt` feature, defmt's global logger writes over semihosting.
#[cfg(feature = "defmt")]
use defmt_semihosting as _;

extern crate alloc;

pub mod bench;
mod heap;
mod leds;
mod timer;
mod uart;
mod wasi;

pub use heap::{ALL_RAM_STACK, HEAP_SIZE, HeapStats, stack_peak, stats as heap_stats};
pub use leds::Led;
pub use timer::{CORE_HZ, SysTickTicks};
pub use uart::Serial;
pub use wasi::{Program, run as run_wasi};

use core::fmt::Write as _;
use mote::Config;

/// The peripherals a program uses, set up by [`init`].
#[derive(Debug)]
pub struct Board {
    /// UART0: the console.
    pub serial: Serial,
    /// The time base (also for delays: `wasi_lite::board::TickDelay`).
    pub ticks: SysTickTicks,
    /// User LEDs 0 and 1, off.
    pub leds: [Led; 2],
}

/// Sets up the heap ([`HEAP_SIZE`] bytes), SysTick and UART0. Call it
/// once, first thing.
///
/// # Panics
///
/// If called a second time (or after [`init_all_ram`]).
pub fn init() -> Board {
    init_with(heap::init)
}

/// Like [`init`], but the heap gets all RAM the image does not use, about
/// 22.6 MiB: the 16 MiB of PSRAM at 0x2100_0000 (the largest block, so the
/// largest possible allocation), SSRAM2/3 above `.bss` up to
/// [`ALL_RAM_STACK`] below its top (the stack), SSRAM1 above the image, and
/// the 16 KiB block RAM. For programs whose guests need big memories (the
/// spec-test runner, `src/bin/spec.rs`); [`heap_stats`] reports the total.
///
/// # Panics
///
/// If called a second time (or after [`init`]).
pub fn init_all_ram() -> Board {
    init_with(heap::init_all_ram)
}

fn init_with(heap_init: fn()) -> Board {
    let Some(p) = cortex_m::Peripherals::take() else {
        panic!("mps2_an386::init called twice");
    };
    heap_init();
    Board {
        serial: Serial::init(),
        ticks: timer::start(p.SYST),
        leds: leds::leds(),
    }
}

/// Ends the run: qemu exits with `code` (semihosting `SYS_EXIT_EXTENDED`).
///
/// A firmware built with the environment variable `MOTE_HEAP_REPORT` set
/// first prints the heap's high-water mark on the UART (for
/// boards/README.md's table; the output then differs from the host's).
pub fn exit(code: i32) -> ! {
    if option_env!("MOTE_HEAP_REPORT").is_some() {
        let h = heap_stats();
        let _ = writeln!(
            Serial::steal(),
            "[heap peak {} used {} of {}]",
            h.peak,
            h.used,
            h.size
        );
        if let Some(depth) = stack_peak() {
            let _ = writeln!(Serial::steal(), "[stack peak {depth}]");
        }
    }
    semihosting::process::exit(code)
}

/// The host's wall-clock time (semihosting `SYS_TIME`, whole seconds), in
/// nanoseconds since 1970-01-01 UTC. The board itself has no RTC.
pub fn wall_clock_ns() -> Option<u64> {
    let secs = semihosting::sys::arm_compat::sys_time().ok()?;
    (secs > 0).then(|| secs as u64 * 1_000_000_000)
}

/// Engine limits that fit this board's heap ([`HEAP_SIZE`]): 128 KiB of
/// value stack, 1,000 nested calls, 512 KiB of linear memory per memory,
/// 4,096 table elements. Function names are kept for trap backtraces.
pub fn engine_config() -> Config {
    let mut config = Config::new();
    config
        .max_stack_slots(16 * 1024)
        .max_call_depth(1000)
        .max_memory_pages(8)
        .max_table_elements(4096)
        .debug_info(true);
    config
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    let _ = writeln!(Serial::steal(), "panic: {info}");
    exit(101)
}
