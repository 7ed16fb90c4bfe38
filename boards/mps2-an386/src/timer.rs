//! Time from SysTick: the core clock (25 MHz) counting down from 2^24 - 1,
//! extended to 64 bits by counting its wraps in the SysTick exception
//! (one every 0.67 s). qemu's DWT cycle counter does not count, so SysTick
//! it is.

use core::sync::atomic::{AtomicU32, Ordering};
use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::{SCB, SYST};
use cortex_m_rt::exception;
use wasi_lite::board::Ticks;

/// The AN386's core clock: SysTick's rate.
pub const CORE_HZ: u32 = 25_000_000;

const RELOAD: u32 = 0x00FF_FFFF;
const PERIOD: u64 = RELOAD as u64 + 1;

/// SysTick wraps counted so far.
static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Release);
}

/// SysTick as a [`Ticks`] counter: `Copy`, so the clock, the delays and the
/// random seed can each hold one.
#[derive(Debug, Clone, Copy)]
pub struct SysTickTicks {
    _private: (),
}

/// Starts SysTick on the core clock with its wrap interrupt.
pub(crate) fn start(mut syst: SYST) -> SysTickTicks {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
    SysTickTicks { _private: () }
}

impl Ticks for SysTickTicks {
    fn frequency(&self) -> u32 {
        CORE_HZ
    }

    /// Must not be called with interrupts masked for longer than a SysTick
    /// period (0.67 s): a wrap whose exception has not run yet is counted
    /// here, a second one would be lost.
    fn ticks(&mut self) -> u64 {
        loop {
            let wraps = WRAPS.load(Ordering::Acquire);
            let before = SYST::get_current();
            let pending = SCB::is_pendst_pending();
            let now = SYST::get_current();
            if WRAPS.load(Ordering::Acquire) != wraps {
                continue; // the exception ran meanwhile: read again
            }
            // The counter counts down, so a wrap between the two reads shows
            // as `now > before`; one before them is still pending (qemu takes
            // exceptions only between translated blocks).
            let uncounted = u64::from(pending || now > before);
            let wraps = u64::from(wraps) + uncounted;
            return wraps * PERIOD + u64::from(RELOAD - now);
        }
    }
}
