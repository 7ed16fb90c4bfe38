//! `clock_res_get` and `clock_time_get`.

use super::{WasiResult, errno};
use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::mem::GuestMem;
use crate::traits::{Clock, ClockId, Host};

impl<H: Host, const FDS: usize, const PREOPENS: usize> WasiCtx<H, FDS, PREOPENS> {
    pub(crate) fn clock_res_get(
        &mut self,
        mem: &mut GuestMem<'_>,
        id: u32,
        out: u32,
    ) -> WasiResult {
        let id = ClockId::from_raw(id).ok_or(Errno::Inval)?;
        mem.check(out, 8)?;
        let res = self.host.clock().resolution(id).map_err(errno)?;
        mem.write_u64(out, res.max(1))
    }

    /// `precision` is a hint the clocks here do not need.
    pub(crate) fn clock_time_get(
        &mut self,
        mem: &mut GuestMem<'_>,
        id: u32,
        _precision: u64,
        out: u32,
    ) -> WasiResult {
        let id = ClockId::from_raw(id).ok_or(Errno::Inval)?;
        mem.check(out, 8)?;
        let now = self.host.clock().now(id).map_err(errno)?;
        mem.write_u64(out, now)
    }
}
