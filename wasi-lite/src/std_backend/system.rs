//! Clocks, randomness and the environment on the host.

use crate::traits::{Clock, ClockId, Environment, ErrorKind, Random};
use std::string::String;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use std::vec::Vec;

/// `SystemTime` for the real-time clock, `Instant` for the monotonic one
/// (its zero is when the clock was made). CPU-time clocks are `ENOTSUP`.
#[derive(Debug, Clone, Copy)]
pub struct StdClock {
    origin: Instant,
}

impl StdClock {
    pub fn new() -> Self {
        StdClock {
            origin: Instant::now(),
        }
    }
}

impl Default for StdClock {
    fn default() -> Self {
        Self::new()
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl Clock for StdClock {
    type Error = ErrorKind;
    fn now(&mut self, id: ClockId) -> Result<u64, ErrorKind> {
        match id {
            ClockId::Realtime => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(nanos)
                .map_err(|_| ErrorKind::Overflow),
            ClockId::Monotonic => Ok(nanos(self.origin.elapsed())),
            ClockId::ProcessCputime | ClockId::ThreadCputime => Err(ErrorKind::Unsupported),
        }
    }
    fn resolution(&mut self, id: ClockId) -> Result<u64, ErrorKind> {
        match id {
            ClockId::Realtime | ClockId::Monotonic => Ok(1),
            ClockId::ProcessCputime | ClockId::ThreadCputime => Err(ErrorKind::Unsupported),
        }
    }
    fn sleep(&mut self, ns: u64) {
        std::thread::sleep(Duration::from_nanos(ns));
    }
}

/// The operating system's random number generator (`getrandom`).
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandom;

impl Random for OsRandom {
    type Error = ErrorKind;
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), ErrorKind> {
        getrandom::fill(buf).map_err(|_| ErrorKind::Other)
    }
}

/// The arguments and variables the embedder chose for the guest.
#[derive(Debug, Clone, Default)]
pub struct StdEnv {
    pub(crate) args: Vec<String>,
    pub(crate) vars: Vec<(String, String)>,
}

impl StdEnv {
    pub fn args(&self) -> &[String] {
        &self.args
    }
    pub fn vars(&self) -> &[(String, String)] {
        &self.vars
    }
}

impl Environment for StdEnv {
    fn arg(&self, index: usize) -> Option<&[u8]> {
        self.args.get(index).map(|a| a.as_bytes())
    }
    fn var(&self, index: usize) -> Option<(&[u8], &[u8])> {
        self.vars
            .get(index)
            .map(|(k, v)| (k.as_bytes(), v.as_bytes()))
    }
}
