//! Entering the executor: from an `Execution` to the registers of the
//! first handler, and back.

use super::cx::{Cx, StoreOps};
use super::dispatch::{Exit, execute};
use super::{Execution, Stop};
use crate::trap::{Trap, TrapCode};

/// Runs `ex` until its entry function returns, it traps, or fuel runs out.
/// On a stop, `ex` records where (for a backtrace, or to resume).
pub(super) fn run(store: &mut dyn StoreOps, ex: &mut Execution) -> Result<(), Stop> {
    let Execution {
        stack,
        frames,
        pc,
        base,
        instance,
    } = ex;
    let mut cx = Cx::new(store, stack, frames, *instance);
    let ip = cx.code.at(*pc);
    let sp = cx.stack.frame(*base as usize);
    let mem = cx.memory();
    let exit = execute(ip, sp, mem, &mut cx);
    cx.finish();
    if exit == Exit::Returned {
        return Ok(());
    }
    *pc = cx.stop_pc;
    *base = cx.stop_base;
    *instance = cx.instance;
    Err(cx
        .stop
        .take()
        .unwrap_or(Stop::Trap(Trap::new(TrapCode::Unreachable))))
}
