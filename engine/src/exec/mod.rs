//! The interpreter: explicit frames over one value stack, no native recursion.
//!
//! A frame is a window of the value stack starting at `base`: the callee's
//! parameters are the caller's outgoing arguments, so calls copy nothing.

mod call;
mod memory;
pub(crate) mod numeric;
mod run;
mod table;

pub use call::{ResumableCall, ResumableInvocation};
pub(crate) use call::{call, call_resumable};

use crate::trap::Trap;
use alloc::vec::Vec;

/// A suspended caller: where to continue when the callee returns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub ret_pc: u32,
    pub base: u32,
    pub instance: u32,
}

/// The whole state of one call from the host, so it can stop and resume.
#[derive(Debug)]
pub(crate) struct Execution {
    pub stack: Vec<u64>,
    pub frames: Vec<Frame>,
    pub pc: u32,
    pub base: u32,
    pub instance: u32,
}

/// Why `run` stopped before the entry function returned.
#[derive(Debug)]
pub(crate) enum Stop {
    Trap(Trap),
    OutOfFuel,
}

impl From<crate::trap::TrapCode> for Stop {
    #[cold]
    fn from(code: crate::trap::TrapCode) -> Self {
        Stop::Trap(Trap::new(code))
    }
}
