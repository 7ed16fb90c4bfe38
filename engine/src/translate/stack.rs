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
    /// The same, written by the `Const` op at this op position, which
    /// nothing else reads: an op inside a loop may read the constant from
    /// the function's pool instead and drop that op (`pool`). Made a
    /// plain `Temp` wherever a branch or a label could make the slot hold
    /// something else or give it another reader.
    Const(u32),
}

impl Operand {
    /// Whether the value is in its stack position's temporary.
    pub fn in_temp(self) -> bool {
        matches!(self, Operand::Temp | Operand::Const(_))
    }
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
    /// `try_table`: a block whose body's exceptions its catch clauses
    /// may catch. (This and the legacy kinds exist only with the
    /// `exceptions` feature's translator.)
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    TryTable,
    /// The body of a legacy `try`.
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    LegacyTry,
    /// A `catch` or `catch_all` arm of a legacy `try`: the exception is
    /// in the hidden operand at `height` (for `rethrow`), its payload
    /// above it.
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    LegacyCatch,
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
    /// For `try_table` and legacy `try`: the position of the body's first
    /// op; for a legacy `try` in a catch arm, of the op after the body.
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    pub start: Pos,
    #[cfg(feature = "exceptions")]
    pub body_end: Pos,
    /// For `try_table`: its catch clauses.
    #[cfg(feature = "exceptions")]
    pub catches: Vec<wasmparser::Catch>,
}

impl Control {
    /// A frame of `kind` over the stack's first `height` operands.
    pub fn new(kind: ControlKind, height: u32, params: u32, results: u32) -> Control {
        Control {
            kind,
            height,
            params,
            results,
            loop_head: 0,
            fixups: Vec::new(),
            else_fixup: None,
            dead: false,
            start: 0,
            #[cfg(feature = "exceptions")]
            body_end: 0,
            #[cfg(feature = "exceptions")]
            catches: Vec::new(),
        }
    }

    /// Number of values a branch to this frame carries.
    pub fn branch_arity(&self) -> u32 {
        if self.kind == ControlKind::Loop {
            self.params
        } else {
            self.results
        }
    }
}
