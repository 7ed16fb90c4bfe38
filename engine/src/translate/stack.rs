//! The translator's model of the wasm operand stack and control stack.

use crate::ir::{Pos, Slot};
use alloc::vec::Vec;

/// Where an operand of the wasm stack lives at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operand {
    /// The value is still in local `n` (a `local.get` not yet copied).
    Local(Slot),
    /// The value is in the temporary slot of its stack position.
    Temp,
}

/// What kind of construct a control frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ControlKind {
    /// The function body itself; a branch to it is a return.
    Func,
    Block,
    Loop,
    If,
    Else,
}

/// One entry of the control stack.
#[derive(Debug)]
pub(crate) struct Control {
    pub kind: ControlKind,
    /// Operand stack height below the frame's parameters.
    pub height: u32,
    pub params: u32,
    pub results: u32,
    /// For loops: the header's pc.
    pub loop_head: Pos,
    /// Ops whose branch target is this frame's end, patched when it is reached.
    pub fixups: Vec<usize>,
    /// For `if`: the op that jumps to the `else` arm.
    pub else_fixup: Option<usize>,
    /// Whether the frame was entered in unreachable code.
    pub dead: bool,
}

impl Control {
    /// Number of values a branch to this frame carries.
    pub fn branch_arity(&self) -> u32 {
        if self.kind == ControlKind::Loop {
            self.params
        } else {
            self.results
        }
    }
}
