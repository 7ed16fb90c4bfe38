//! Mote on qemu's RISC-V `virt` machine, 32-bit (RV32IMAC, M-mode, no
//! firmware: `qemu-system-riscv32 -M virt -bios none`).
//!
//! [`init`] sets up everything a program needs and hands back the
//! [`Board`]; [`exit`] ends the run with a status the host sees (qemu's
//! exit code, through the SiFive test device). Each program in `src/bin/`
//! is:
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//!
//! #[riscv_rt::entry]
//! fn main() -> ! {
//!     let board = virt_riscv32::init();
//!     // ... use board.serial, board.ticks, board.pins, the heap ...
//!     virt_riscv32::exit(0)
//! }
//! ```
//!
//! | part | what | where |
//! |---|---|---|
//! | [`Serial`] | NS16550A UART, `embedded_io::{Read, Write}` | 0x1000_0000 |
//! | [`MtimeTicks`] | CLINT `mtime`, 64-bit at 10 MHz | 0x0200_bff8 |
//! | [`wall_clock_ns`] | Goldfish RTC (the host's time) | 0x0010_1000 |
//! | [`LoggedPin`] | two mock GPIO pins that log changes on the UART | — |
//! | heap | TLSF, [`HEAP_SIZE`] bytes of RAM ([`heap_stats`]); with [`init_all_ram`], all free DRAM | .bss |
//! | [`exit`] | SiFive test device ("finisher") | 0x0010_0000 |
//!
//! A panic prints `panic: <message>` on the UART and exits with status 101.
#![no_std]

mod gpio;
mod heap;
mod timer;
mod uart;
mod wasi;

pub use gpio::LoggedPin;
pub use heap::{ALL_RAM_STACK, HEAP_SIZE, HeapStats, stack_peak, stats as heap_stats};
pub use timer::{MTIME_HZ, MtimeTicks, wall_clock_ns};
pub use uart::Serial;
pub use wasi::{Program, run as run_wasi};

use core::fmt::Write as _;
use core::ptr;
use core::sync::atomic::{AtomicBool, Ordering};
use mote::Config;

/// The peripherals a program uses, set up by [`init`].
#[derive(Debug)]
pub struct Board {
    /// The UART: the console.
    pub serial: Serial,
    /// The time base (also for delays: `wasi_lite::board::TickDelay`).
    pub ticks: MtimeTicks,
    /// Mock GPIO pins 0 and 1, low.
    pub pins: [LoggedPin; 2],
}

/// Sets up the heap ([`HEAP_SIZE`] bytes) and the UART. Call it once,
/// first thing.
///
/// # Panics
///
/// If called a second time (or after [`init_all_ram`]).
pub fn init() -> Board {
    init_with(heap::init)
}

/// Like [`init`], but the heap gets all DRAM the image does not use: from
/// the end of memory.x's regions (0x8080_0000) to the device tree qemu puts
/// at the top of DRAM, so as much as `-m` gives (one block of 246 MiB with
/// `-m 256M`, 118 MiB with the default 128 MiB), plus the rest of memory.x's
/// RAM up to [`ALL_RAM_STACK`] below its top (the stack) and of its FLASH
/// above the image. For programs whose guests need big memories (the spec-test
/// runner, `src/bin/spec.rs`); [`heap_stats`] reports the total.
///
/// # Panics
///
/// If called a second time (or after [`init`]).
pub fn init_all_ram() -> Board {
    init_with(heap::init_all_ram)
}

fn init_with(heap_init: fn()) -> Board {
    static TAKEN: AtomicBool = AtomicBool::new(false);
    if TAKEN.swap(true, Ordering::AcqRel) {
        panic!("virt_riscv32::init called twice");
    }
    heap_init();
    Board {
        serial: Serial::init(),
        ticks: MtimeTicks::new(),
        pins: gpio::pins(),
    }
}

/// The SiFive test device: a write ends qemu.
const FINISHER: usize = 0x0010_0000;
const FINISHER_PASS: u32 = 0x5555;
const FINISHER_FAIL: u32 = 0x3333;

/// Ends the run: qemu exits with `code` (0 to 65,535; the host's shell sees
/// the low 8 bits).
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
    let value = match code {
        0 => FINISHER_PASS,
        _ => ((code as u32 & 0xffff) << 16) | FINISHER_FAIL,
    };
    // SAFETY: FINISHER is the test device's 32-bit register on the `virt`
    // memory map; writing it stops the machine, nothing else is affected.
    unsafe { ptr::write_volatile(FINISHER as *mut u32, value) };
    loop {
        riscv::asm::wfi();
    }
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
