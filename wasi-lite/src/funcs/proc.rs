//! `proc_exit`, `sched_yield` and `random_get`.

use super::{WasiResult, errno};
use crate::ctx::WasiCtx;
use crate::mem::GuestMem;
use crate::traits::{Host, Random};
use mote::Trap;

impl<H: Host, const FDS: usize, const PREOPENS: usize> WasiCtx<H, FDS, PREOPENS> {
    /// Ends the program: the embedder sees `Trap::exit_code() == Some(code)`.
    pub(crate) fn proc_exit(&mut self, code: u32) -> Trap {
        #[cfg(feature = "defmt")]
        defmt::debug!("wasi: proc_exit({=u32})", code);
        Trap::exit(code as i32)
    }

    /// There is one thread per guest here: yielding has nothing to do.
    pub(crate) fn sched_yield(&mut self) -> WasiResult {
        Ok(())
    }

    pub(crate) fn random_get(&mut self, mem: &mut GuestMem<'_>, buf: u32, len: u32) -> WasiResult {
        let buf = mem.slice_mut(buf, len)?;
        self.host.random().fill(buf).map_err(errno)
    }
}
