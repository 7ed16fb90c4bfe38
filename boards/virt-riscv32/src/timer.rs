//! Time from the CLINT's `mtime`: a 64-bit counter at 10 MHz (qemu's
//! `virt` timebase), never wrapping in practice; and the wall clock from
//! the Goldfish RTC, which qemu sets from the host's clock.

use core::ptr;
use wasi_lite::board::Ticks;

/// The `virt` machine's timebase: `mtime`'s rate.
pub const MTIME_HZ: u32 = 10_000_000;

const MTIME: usize = 0x0200_bff8;
const RTC: usize = 0x0010_1000;
const RTC_TIME_LOW: usize = 0x00;
const RTC_TIME_HIGH: usize = 0x04;

fn read32(addr: usize) -> u32 {
    // SAFETY: callers pass a 32-bit register of the CLINT or the RTC on
    // the `virt` memory map: aligned, always mapped; reading the RTC's low
    // word latches its high word, which is what `wall_clock_ns` wants.
    unsafe { ptr::read_volatile(addr as *const u32) }
}

/// `mtime` as a [`Ticks`] counter: `Copy`, so the clock, the delays and the
/// random seed can each hold one.
#[derive(Debug, Clone, Copy)]
pub struct MtimeTicks {
    _private: (),
}

impl MtimeTicks {
    pub(crate) fn new() -> Self {
        MtimeTicks { _private: () }
    }
}

impl Ticks for MtimeTicks {
    fn frequency(&self) -> u32 {
        MTIME_HZ
    }

    /// RV32 reads the 64-bit counter in two halves: read high, low, high
    /// again, and retry if the low half carried in between.
    fn ticks(&mut self) -> u64 {
        loop {
            let hi = read32(MTIME + 4);
            let lo = read32(MTIME);
            if read32(MTIME + 4) == hi {
                return (u64::from(hi) << 32) | u64::from(lo);
            }
        }
    }
}

/// The host's wall-clock time from the Goldfish RTC, in nanoseconds since
/// 1970-01-01 UTC.
pub fn wall_clock_ns() -> Option<u64> {
    let lo = read32(RTC + RTC_TIME_LOW);
    let hi = read32(RTC + RTC_TIME_HIGH);
    let ns = (u64::from(hi) << 32) | u64::from(lo);
    (ns > 0).then_some(ns)
}
