//! What translation leaves for the executor beside the code words: each
//! function's frame layout and the exception handlers' side table. Made
//! by the translator (`func`) or read from an image; needed either way.

use crate::ir::Slot;

/// What the executor needs to know about a translated function.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CompiledFunc {
    /// Word offset of the function's first op in the module's code.
    pub start: u32,
    /// Parameters plus declared locals.
    pub locals: u32,
    pub params: u32,
    /// Slots the frame needs: locals plus the deepest operand stack.
    pub frame_size: u32,
    /// Byte offset of the function body in the module.
    pub body_offset: u32,
}

/// One exception handler of a function: which code it covers and what it
/// does with an exception thrown there (`exec::exception` searches them,
/// only when something throws).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Handler {
    /// The word offset of the function's first op: a module's handlers are
    /// grouped by function, in code order.
    pub func: u32,
    /// The words `start..end` it covers: a `try_table`'s or a legacy
    /// `try`'s body.
    pub start: u32,
    pub end: u32,
    /// How many blocks enclose its `try_table` or `try` in the function
    /// (the function's own block counts).
    pub depth: u32,
    pub kind: HandlerKind,
}

impl core::fmt::Display for Handler {
    /// A line of the disassembly: `handler @start..@end depth=d`, then
    /// what it does.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "handler @{}..@{} depth={}: ",
            self.start, self.end, self.depth
        )?;
        match self.kind {
            HandlerKind::Catch {
                tag,
                values,
                exn,
                target,
            } => {
                match tag {
                    Some(tag) => write!(f, "catch tag={tag} values=s{values}")?,
                    None => f.write_str("catch_all")?,
                }
                if let Some(exn) = exn {
                    write!(f, " exn=s{exn}")?;
                }
                write!(f, " -> @{target}")
            }
            HandlerKind::Delegate { depth } => write!(f, "delegate depth={depth}"),
        }
    }
}

/// What a [`Handler`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
pub(crate) enum HandlerKind {
    /// Catches an exception of module tag `tag` (any, for `None`): its
    /// payload goes to slots `values..` and, with `exn`, a reference to it
    /// to slot `exn`; execution goes on at word `target` (a landing pad
    /// that branches to the catch's label, or a legacy `catch` arm).
    Catch {
        tag: Option<u32>,
        values: Slot,
        exn: Option<Slot>,
        target: u32,
    },
    /// A legacy `delegate`: the search goes on with the handlers at most
    /// `depth` blocks deep (those enclosing its label).
    Delegate { depth: u32 },
}
