//! The interpreter: explicit frames over one value stack, no native
//! recursion for wasm calls.
//!
//! A frame is a window of the value stack starting at `base`: the callee's
//! parameters are the caller's outgoing arguments, so calls copy nothing.
//! Code is the module's encoded ops (`ir`); each op has a handler
//! (`handlers`, `control`), and `dispatch` chooses how one handler leads
//! to the next. The executor reaches the store through `StoreOps`, so it
//! is compiled once whatever the embedder's data type.

#[cfg(feature = "atomics")]
mod atomic;
#[cfg(feature = "atomics")]
mod atomic_mem;
mod bulk;
mod call;
mod control;
mod cx;
mod dispatch;
#[cfg(feature = "exceptions")]
mod exception;
mod handlers;
mod memories;
mod memory;
pub(crate) mod numeric;
mod run;
mod simd;
mod state;
mod table;
// The executor's tests translate their modules from wat.
#[cfg(all(test, feature = "wasm"))]
mod tests;

pub use call::{ResumableCall, ResumableInvocation};
pub(crate) use call::{call, call_resumable, invoke};
pub(crate) use cx::StoreOps;
/// An address or index operand as its memory's or table's type reads it.
pub(crate) use memory::operand;

use crate::trap::Trap;
use alloc::vec::Vec;

/// A suspended caller: where to continue when the callee returns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    /// The word offset, in its instance's module code, of the op after
    /// the call.
    pub ret_pc: u32,
    /// The stack index of the caller's frame.
    pub base: u32,
    pub instance: u32,
}

/// The whole state of one call from the host, so it can stop and resume.
#[derive(Debug, Default)]
pub(crate) struct Execution {
    pub stack: Vec<u64>,
    pub frames: Vec<Frame>,
    /// Where the running function is: the word offset of its next op in
    /// its instance's module code, and its frame's stack index.
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
