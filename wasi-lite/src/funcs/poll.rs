//! `poll_oneoff`: wait until a clock expires or an fd is ready.
//!
//! Clock subscriptions become deadlines on the monotonic clock, fixed when
//! the call starts. Fd subscriptions ask the console (stdin) whether a read
//! would return at once; files and output streams are always ready. The
//! call returns every event that is ready in one pass, and otherwise
//! sleeps (through [`Clock::sleep`]) until the nearest deadline, or for a
//! short quantum while stdin is pending, and looks again. Nothing is
//! allocated: the subscriptions are re-read from guest memory each pass.

use super::{WasiResult, errno};
use crate::abi::{
    EVENT_FD_READWRITE_HANGUP, EVENT_SIZE, SUBSCRIPTION_CLOCK_ABSTIME, SUBSCRIPTION_SIZE, eventtype,
};
use crate::ctx::{Entry, WasiCtx};
use crate::errno::Errno;
use crate::mem::GuestMem;
use crate::traits::{Clock, ClockId, Console, FileIo, Host, Readiness, SeekFrom};

/// How long to sleep between looks at a pending stdin.
const POLL_QUANTUM_NS: u64 = 1_000_000;

/// One event for the guest's `event` array.
struct Event {
    userdata: u64,
    error: Errno,
    kind: u8,
    nbytes: u64,
    flags: u16,
}

impl Event {
    fn bytes(&self) -> [u8; EVENT_SIZE as usize] {
        let mut rec = [0u8; EVENT_SIZE as usize];
        rec[0..8].copy_from_slice(&self.userdata.to_le_bytes());
        rec[8..10].copy_from_slice(&self.error.raw().to_le_bytes());
        rec[10] = self.kind;
        rec[16..24].copy_from_slice(&self.nbytes.to_le_bytes());
        rec[24..26].copy_from_slice(&self.flags.to_le_bytes());
        rec
    }
}

/// The times a poll measures its clock subscriptions from.
struct Start {
    monotonic: u64,
    /// Read on first use: only absolute realtime deadlines need it.
    realtime: Option<u64>,
}

/// Whether an fd subscription is ready: `Ok(None)` while it is pending,
/// `Ok(Some((nbytes, flags)))` when ready, `Err` for an event error.
type FdReady = Result<Option<(u64, u16)>, Errno>;

impl<H: Host, const FDS: usize, const PREOPENS: usize> WasiCtx<H, FDS, PREOPENS> {
    pub(crate) fn poll_oneoff(
        &mut self,
        mem: &mut GuestMem<'_>,
        subs: u32,
        events: u32,
        count: u32,
        out: u32,
    ) -> WasiResult {
        if count == 0 {
            return Err(Errno::Inval);
        }
        mem.array(subs, count, SUBSCRIPTION_SIZE)?;
        mem.array(events, count, EVENT_SIZE)?;
        mem.check(out, 4)?;
        for i in 0..count {
            if mem.read_u8(subs + i * SUBSCRIPTION_SIZE + 8)? > eventtype::FD_WRITE {
                return Err(Errno::Inval);
            }
        }
        let monotonic = self.host.clock().now(ClockId::Monotonic).map_err(errno)?;
        let mut start = Start {
            monotonic,
            realtime: None,
        };
        loop {
            let now = self.host.clock().now(ClockId::Monotonic).map_err(errno)?;
            let mut ready = 0u32;
            let mut wait = u64::MAX;
            for i in 0..count {
                let sub = subs + i * SUBSCRIPTION_SIZE;
                let userdata = mem.read_u64(sub)?;
                let kind = mem.read_u8(sub + 8)?;
                let result = if kind == eventtype::CLOCK {
                    let id = mem.read_u32(sub + 16)?;
                    let timeout = mem.read_u64(sub + 24)?;
                    let flags = mem.read_u16(sub + 40)?;
                    match self.deadline(&mut start, id, timeout, flags) {
                        Ok(deadline) if now >= deadline => Ok(Some((0, 0))),
                        Ok(deadline) => {
                            wait = wait.min(deadline - now);
                            Ok(None)
                        }
                        Err(e) => Err(e),
                    }
                } else {
                    let fd = mem.read_u32(sub + 16)?;
                    let r = self.fd_ready(fd, kind == eventtype::FD_READ);
                    if let Ok(None) = r {
                        wait = wait.min(POLL_QUANTUM_NS);
                    }
                    r
                };
                let (error, nbytes, flags) = match result {
                    Ok(None) => continue,
                    Ok(Some((nbytes, flags))) => (Errno::Success, nbytes, flags),
                    Err(e) => (e, 0, 0),
                };
                let event = Event {
                    userdata,
                    error,
                    kind,
                    nbytes,
                    flags,
                };
                mem.write(events + ready * EVENT_SIZE, &event.bytes())?;
                ready += 1;
            }
            if ready > 0 {
                return mem.write_u32(out, ready);
            }
            self.host.clock().sleep(wait);
        }
    }

    /// A clock subscription's deadline on the monotonic clock.
    fn deadline(
        &mut self,
        start: &mut Start,
        id: u32,
        timeout: u64,
        flags: u16,
    ) -> Result<u64, Errno> {
        let absolute = flags & SUBSCRIPTION_CLOCK_ABSTIME != 0;
        match ClockId::from_raw(id).ok_or(Errno::Inval)? {
            _ if !absolute => Ok(start.monotonic.saturating_add(timeout)),
            ClockId::Monotonic => Ok(timeout),
            ClockId::Realtime => {
                let realtime = match start.realtime {
                    Some(t) => t,
                    None => *start
                        .realtime
                        .insert(self.host.clock().now(ClockId::Realtime).map_err(errno)?),
                };
                Ok(start
                    .monotonic
                    .saturating_add(timeout.saturating_sub(realtime)))
            }
            ClockId::ProcessCputime | ClockId::ThreadCputime => Err(Errno::NotSup),
        }
    }

    fn fd_ready(&mut self, fd: u32, read: bool) -> FdReady {
        match (self.fds.get_mut(fd)?, read) {
            (Entry::Stdin, true) => Ok(match self.host.console().read_ready() {
                Readiness::Pending => None,
                Readiness::Ready(n) => Some((n.max(1), 0)),
                Readiness::Eof => Some((0, EVENT_FD_READWRITE_HANGUP)),
            }),
            (Entry::Stdout | Entry::Stderr, false) => Ok(Some((0, 0))),
            (Entry::File(f), true) if f.readable => {
                // Bytes left before the end of the file, as far as we can tell.
                let fs = self.host.fs();
                let size = fs.stat(&mut f.handle).map(|s| s.size).unwrap_or(0);
                let pos = fs.seek(&mut f.handle, SeekFrom::Current(0)).unwrap_or(size);
                Ok(Some((size.saturating_sub(pos), 0)))
            }
            (Entry::File(f), false) if f.writable => Ok(Some((0, 0))),
            _ => Err(Errno::Badf),
        }
    }
}
