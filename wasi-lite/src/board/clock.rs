//! Clocks over a board timer, waits over an `embedded-hal` delay.

use crate::traits::{Clock, ClockId, ErrorKind};
use embedded_hal::delay::DelayNs;

const NS_PER_S: u64 = 1_000_000_000;

/// A free-running hardware counter: SysTick extended by its wrap
/// interrupt, a RISC-V `mtime`, a 32-bit timer with an overflow count.
///
/// # For board implementers
///
/// - `ticks` never decreases and does not wrap in the life of the board
///   (64 bits at 100 MHz last 5,800 years). A narrower counter must be
///   extended in software, e.g. by counting its wraps in an interrupt.
/// - `frequency` is the tick rate in Hz, at least 1, and constant.
/// - Both are cheap and never wait. The type is usually a zero-sized
///   handle to the timer, `Clone` so that a clock and a delay can both
///   hold one.
pub trait Ticks {
    /// Ticks per second.
    fn frequency(&self) -> u32;
    /// The counter, extended to 64 bits.
    fn ticks(&mut self) -> u64;
}

/// `ticks` at `hz` in nanoseconds, without overflow for any `ticks`.
pub(crate) fn ticks_to_ns(ticks: u64, hz: u32) -> u64 {
    let hz = u64::from(hz.max(1));
    // (ticks % hz) * 1e9 < 2^32 * 2^30 fits in 64 bits.
    (ticks / hz)
        .saturating_mul(NS_PER_S)
        .saturating_add((ticks % hz) * NS_PER_S / hz)
}

/// A [`Clock`] made of a board timer ([`Ticks`]) and an `embedded-hal`
/// delay (`DelayNs`):
///
/// - `Monotonic` counts from the timer's zero (usually reset).
/// - `Realtime` is the monotonic time plus a base set with
///   [`with_realtime`](Self::with_realtime) from whatever tells the board
///   the date (an RTC, a debugger, the network); without it, `Unsupported`
///   (`ENOTSUP` for the guest).
/// - The CPU-time clocks are the monotonic clock: the guest is the only
///   program and never descheduled.
/// - `sleep` (the waits of `poll_oneoff`) is the delay's `delay_ns`.
#[derive(Debug)]
pub struct BoardClock<T, D> {
    ticks: T,
    delay: D,
    /// Realtime minus monotonic, in nanoseconds.
    realtime_base: Option<u64>,
}

impl<T: Ticks, D: DelayNs> BoardClock<T, D> {
    /// A clock without a real-time base.
    pub fn new(ticks: T, delay: D) -> Self {
        BoardClock {
            ticks,
            delay,
            realtime_base: None,
        }
    }

    /// Sets the wall-clock time: `now_ns` nanoseconds since 1970-01-01 UTC
    /// is now. `Realtime` then advances with the timer.
    pub fn with_realtime(mut self, now_ns: u64) -> Self {
        let mono = self.monotonic();
        self.realtime_base = Some(now_ns.saturating_sub(mono));
        self
    }

    fn monotonic(&mut self) -> u64 {
        let hz = self.ticks.frequency();
        ticks_to_ns(self.ticks.ticks(), hz)
    }
}

impl<T: Ticks, D: DelayNs> Clock for BoardClock<T, D> {
    type Error = ErrorKind;

    fn now(&mut self, id: ClockId) -> Result<u64, ErrorKind> {
        let mono = self.monotonic();
        match id {
            ClockId::Monotonic | ClockId::ProcessCputime | ClockId::ThreadCputime => Ok(mono),
            ClockId::Realtime => self
                .realtime_base
                .map(|base| base.saturating_add(mono))
                .ok_or(ErrorKind::Unsupported),
        }
    }

    fn resolution(&mut self, id: ClockId) -> Result<u64, ErrorKind> {
        if id == ClockId::Realtime && self.realtime_base.is_none() {
            return Err(ErrorKind::Unsupported);
        }
        Ok((NS_PER_S / u64::from(self.ticks.frequency().max(1))).max(1))
    }

    fn sleep(&mut self, mut ns: u64) {
        while ns > 0 {
            let step = ns.min(u64::from(u32::MAX));
            // `step` fits: it is at most u32::MAX.
            self.delay.delay_ns(step as u32);
            ns -= step;
        }
    }
}

/// An `embedded-hal` delay that busy-waits on a [`Ticks`] counter: for
/// boards whose timer is already taken by the clock, or that have no
/// delay peripheral of their own. It waits at least as long as asked
/// (rounded up to whole ticks, plus one for the partial tick it starts in).
#[derive(Debug, Clone)]
pub struct TickDelay<T> {
    ticks: T,
}

impl<T: Ticks> TickDelay<T> {
    pub fn new(ticks: T) -> Self {
        TickDelay { ticks }
    }
}

impl<T: Ticks> DelayNs for TickDelay<T> {
    fn delay_ns(&mut self, ns: u32) {
        let hz = u64::from(self.ticks.frequency().max(1));
        // Whole ticks, rounded up, plus one: the first tick may be partial.
        let wait = (u64::from(ns) * hz).div_ceil(NS_PER_S) + 1;
        let start = self.ticks.ticks();
        while self.ticks.ticks().wrapping_sub(start) < wait {
            core::hint::spin_loop();
        }
    }
}
