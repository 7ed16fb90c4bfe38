//! Clocks: wall time, monotonic time, and waiting.

use super::Error;

/// The WASI clocks (`clockid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockId {
    /// Wall-clock time: nanoseconds since 1970-01-01 UTC.
    Realtime,
    /// A clock that never goes backwards; its zero is arbitrary.
    Monotonic,
    /// CPU time of the process.
    ProcessCputime,
    /// CPU time of the thread.
    ThreadCputime,
}

impl ClockId {
    /// The clock with this WASI number, if there is one.
    pub fn from_raw(raw: u32) -> Option<ClockId> {
        Some(match raw {
            0 => ClockId::Realtime,
            1 => ClockId::Monotonic,
            2 => ClockId::ProcessCputime,
            3 => ClockId::ThreadCputime,
            _ => return None,
        })
    }
}

/// Time, in nanoseconds.
///
/// # For board implementers
///
/// - `Monotonic` is required: `poll_oneoff` measures its timeouts with it.
///   It must never decrease; a free-running timer extended to 64 bits is
///   ideal. Its starting value does not matter.
/// - `Realtime` may return [`ErrorKind::Unsupported`](super::ErrorKind::Unsupported)
///   on a board without a real-time clock, and so may the CPU-time clocks;
///   the guest then sees `ENOTSUP`.
/// - `resolution` is the clock's tick in nanoseconds (at least 1).
/// - `sleep` waits at least `ns` nanoseconds. The default busy-waits on
///   the monotonic clock; a board with a delay peripheral or a low-power
///   wait (`embedded_hal::delay::DelayNs`, `wfi`) should override it.
pub trait Clock {
    type Error: Error;
    /// The current time of clock `id`, in nanoseconds.
    fn now(&mut self, id: ClockId) -> Result<u64, Self::Error>;
    /// The resolution of clock `id`, in nanoseconds.
    fn resolution(&mut self, id: ClockId) -> Result<u64, Self::Error>;
    /// Waits for `ns` nanoseconds.
    fn sleep(&mut self, ns: u64) {
        let Ok(start) = self.now(ClockId::Monotonic) else {
            return;
        };
        while let Ok(now) = self.now(ClockId::Monotonic) {
            if now.saturating_sub(start) >= ns {
                return;
            }
            core::hint::spin_loop();
        }
    }
}
