//! The instance context (`vmctx`) native code reads, and the trap codes it
//! returns.
//!
//! Every compiled function is `extern "C" fn(vmctx, vals) -> u32`: its
//! arguments arrive in `vals[0..params]` (one `u64` each), it writes its
//! results to `vals[0..results]`, and it returns 0, or the trap that ended
//! it ([`TrapCode`] as a `u8`, or [`HOST_TRAP`]).

use mote::TrapCode;

/// The fields native code reads at fixed offsets. `#[repr(C)]`: the
/// translator hard-codes the offsets below (checked by a unit test).
#[repr(C)]
pub struct VmCtx {
    /// Base address of memory 0 (null without a memory).
    pub mem_base: *mut u8,
    /// Length of memory 0 in bytes.
    pub mem_len: u64,
    /// One `u64` cell per global (an `i32`/`f32` in the low 32 bits).
    pub globals: *mut u64,
    /// Code address of each function by index; null for an import.
    pub funcs: *const *const u8,
    /// Calls left before "call stack exhausted" (decremented on entry).
    pub depth: u64,
    /// `memory.grow`: `(vmctx, delta pages) -> old pages or -1`.
    pub memory_grow: extern "C" fn(*mut VmCtx, u32) -> u32,
    /// A call to imported function `index`: `(vmctx, index, vals) -> trap`.
    pub call_import: extern "C" fn(*mut VmCtx, u32, *mut u64) -> u32,
    /// `call_indirect`: `(vmctx, table, type index, element, vals) -> trap`.
    pub call_indirect: extern "C" fn(*mut VmCtx, u32, u32, u32, *mut u64) -> u32,
}

/// Byte offsets of the [`VmCtx`] fields, as the translator uses them.
pub mod offset {
    pub const MEM_BASE: i32 = 0;
    pub const MEM_LEN: i32 = 8;
    pub const GLOBALS: i32 = 16;
    pub const FUNCS: i32 = 24;
    pub const DEPTH: i32 = 32;
    pub const MEMORY_GROW: i32 = 40;
    pub const CALL_IMPORT: i32 = 48;
    pub const CALL_INDIRECT: i32 = 56;
}

/// The return code of a function whose trap came from the host (an import):
/// the trap itself, with its host or exit code, waits in the runtime.
pub const HOST_TRAP: u32 = 0xff;

/// The code native code returns for `code`.
pub fn code_of(code: TrapCode) -> u32 {
    code as u8 as u32
}

/// The trap a native return code names (`None` for 0 and [`HOST_TRAP`]).
pub fn trap_of(code: u32) -> Option<TrapCode> {
    use TrapCode::*;
    const ALL: [TrapCode; 11] = [
        Unreachable,
        MemoryOutOfBounds,
        TableOutOfBounds,
        UndefinedElement,
        IndirectCallToNull,
        BadSignature,
        IntegerOverflow,
        IntegerDivisionByZero,
        BadConversionToInteger,
        StackOverflow,
        OutOfFuel,
    ];
    ALL.into_iter().find(|c| code_of(*c) == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::offset_of;

    #[test]
    fn offsets_match_the_layout() {
        assert_eq!(offset_of!(VmCtx, mem_base), offset::MEM_BASE as usize);
        assert_eq!(offset_of!(VmCtx, mem_len), offset::MEM_LEN as usize);
        assert_eq!(offset_of!(VmCtx, globals), offset::GLOBALS as usize);
        assert_eq!(offset_of!(VmCtx, funcs), offset::FUNCS as usize);
        assert_eq!(offset_of!(VmCtx, depth), offset::DEPTH as usize);
        assert_eq!(offset_of!(VmCtx, memory_grow), offset::MEMORY_GROW as usize);
        assert_eq!(offset_of!(VmCtx, call_import), offset::CALL_IMPORT as usize);
        assert_eq!(
            offset_of!(VmCtx, call_indirect),
            offset::CALL_INDIRECT as usize
        );
    }

    #[test]
    fn trap_codes_round_trip() {
        assert_eq!(
            trap_of(code_of(TrapCode::StackOverflow)),
            Some(TrapCode::StackOverflow)
        );
        assert_eq!(trap_of(0), None);
        assert_eq!(trap_of(HOST_TRAP), None);
    }
}
