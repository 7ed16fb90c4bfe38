//! The instance context (`vmctx`) native code reads, and the trap codes it
//! returns.
//!
//! Rust calls every compiled function as `extern "C" fn(vmctx, vals,
//! code) -> u32` (through the module's entry trampoline or its type's
//! entry adapter, `translate::abi`): the arguments in `vals[0..params]`
//! (one [`Slot`] each), the results written to `vals[0..results]`, and
//! 0 returned, or the trap that ended it ([`TrapCode`] as a `u8`, or
//! [`HOST_TRAP`]). Between themselves compiled functions pass arguments
//! and a result in registers, or the same `vals` (`abi::uses_regs`).

use mote::TrapCode;

/// One value as native code and the runtime pass it, in `vals` and in the
/// globals' cells: a `v128` fills both words (its low half first, as the
/// interpreter's two slots), any other value the first (an `i32`/`f32` in
/// its low 32 bits), the second then unused. One size for every type keeps
/// a value's place a plain `index * SLOT`.
pub type Slot = [u64; 2];

/// The size of a [`Slot`] in bytes.
pub const SLOT: i32 = 16;

/// The version of the contract between compiled code and the runtime:
/// this layout, the helpers' signatures and meanings, the functions'
/// calling convention and trap codes. Bump it with any change to them: an
/// artifact records it (in its settings hash) and loads only where it
/// matches.
pub const LAYOUT_VERSION: u32 = 10;

/// The fields native code reads at fixed offsets. `#[repr(C)]`: the
/// translator hard-codes the offsets below (checked by a unit test).
#[repr(C)]
pub struct VmCtx {
    /// Base address of memory 0 (null without a memory).
    pub mem_base: *mut u8,
    /// Length of memory 0 in bytes.
    pub mem_len: u64,
    /// One [`Slot`] per global.
    pub globals: *mut Slot,
    /// Code address of each function by index; null for an import.
    pub funcs: *const *const u8,
    /// Calls left before "call stack exhausted", for the function the
    /// runtime calls next: native code passes the count in a register
    /// from caller to callee (`translate::abi`), and leaves it here only
    /// before calling a helper, through which native code may run again.
    pub depth: u64,
    /// `memory.grow`: `(vmctx, memory, delta pages) -> old pages or
    /// `u64::MAX`` (a 32-bit memory's delta zero-extended, its result
    /// truncated: -1).
    pub memory_grow: extern "C" fn(*mut VmCtx, u32, u64) -> u64,
    /// A call to imported function `index`: `(vmctx, index, vals) -> trap`.
    pub call_import: extern "C" fn(*mut VmCtx, u32, *mut Slot) -> u32,
    /// `call_indirect`: `(vmctx, table, type index, element, vals) -> trap`
    /// (the element index of a 32-bit table zero-extended).
    pub call_indirect: extern "C" fn(*mut VmCtx, u32, u32, u64, *mut Slot) -> u32,
    /// `ref.func` and the table instructions on references: `(vmctx, op, x,
    /// a, b, c) -> value`, `op` a [`TableOp`], `x` its immediate; `u64::MAX`
    /// for "out of bounds table access".
    pub table: extern "C" fn(*mut VmCtx, u32, u32, u64, u64, u64) -> u64,
    /// The lowest native stack address a function may start at: below it,
    /// "call stack exhausted" (set when the host enters: [`STACK_MARGIN`]
    /// above the end of the thread's stack).
    pub stack_limit: usize,
    /// Bulk memory and table instructions: `(vmctx, op, x, y, a, b, c) ->
    /// trap`: `op` a [`Bulk`], `x` and `y` its immediates, `a`, `b`, `c`
    /// its operands (32-bit ones zero-extended); `table.size` returns the
    /// size instead.
    pub bulk: extern "C" fn(*mut VmCtx, u32, u32, u32, u64, u64, u64) -> u64,
    /// Fuel left, for code compiled to count it: the store's, copied in on
    /// every entry into native code and back on every exit.
    pub fuel: u64,
    /// One [`MemRecord`] per memory (imported ones first), refreshed with
    /// `mem_base`/`mem_len` (which repeat memory 0's for the fast path).
    pub memories: *const MemRecord,
    /// Exception handling: `(vmctx, op, x, a) -> value`, `op` an
    /// [`ExnOp`], `x` its tag index (see there for `a` and the value).
    pub exn: extern "C" fn(*mut VmCtx, u32, u32, u64) -> u64,
    /// One pointer per imported global (by global index) to the cell a
    /// mutable one is read and written in: its own, or that of the first
    /// import of the same store global, so two imports of one global are
    /// one cell. Defined and immutable imported globals are reached at
    /// their fixed place in `globals`, without it.
    pub global_ptrs: *const *mut Slot,
    /// Memory 0's length minus 1, 2, 4, 8 and 16 bytes (below zero for a
    /// shorter memory), refreshed with `mem_len`: an access of `1 << k`
    /// bytes at `addr + offset` of a 32-bit memory 0 is in bounds if
    /// `addr + offset <= mem_limits[k]` as signed numbers, one compare
    /// against a value loaded once per loop, not an add and a compare.
    pub mem_limits: [i64; 5],
}

/// [`VmCtx::mem_limits`] for a memory 0 of `len` bytes.
pub fn mem_limits(len: u64) -> [i64; 5] {
    // len is a slice's length, at most isize::MAX: no overflow.
    core::array::from_fn(|k| len as i64 - (1i64 << k))
}

/// Where one memory is: its base address and byte length, as native code
/// reads them for a memory other than memory 0.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct MemRecord {
    /// Base address (null for an empty memory is allowed: length 0).
    pub base: *mut u8,
    /// Length in bytes.
    pub len: u64,
}

/// The size of a [`MemRecord`] in bytes, and its fields' offsets.
pub const MEM_RECORD: i32 = 16;
/// Offset of [`MemRecord::base`].
pub const MEM_RECORD_BASE: i32 = 0;
/// Offset of [`MemRecord::len`].
pub const MEM_RECORD_LEN: i32 = 8;

/// Native stack kept free below the limit: room for the frame of the
/// function that checks it (at most ~800 KB: 50,000 `v128` locals of 16
/// bytes) and for the helpers and host functions it calls.
pub const STACK_MARGIN: usize = 1 << 20;

/// Where the current thread's stack ends (its lowest address), from the
/// thread's attributes; cached per thread. `None` where unknown.
pub fn stack_low() -> Option<usize> {
    use std::cell::Cell;
    thread_local! {
        static LOW: Cell<Option<usize>> = const { Cell::new(None) };
    }
    if let Some(low) = LOW.get() {
        return Some(low);
    }
    let low = thread_stack_low()?;
    LOW.set(Some(low));
    Some(low)
}

#[cfg(target_os = "linux")]
fn thread_stack_low() -> Option<usize> {
    // SAFETY: `attr` is initialized by `pthread_getattr_np` before use and
    // destroyed after; `addr` and `size` are plain out-parameters.
    unsafe {
        let mut attr: libc::pthread_attr_t = core::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr = core::ptr::null_mut();
        let mut size = 0;
        let r = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (r == 0).then_some(addr as usize)
    }
}

#[cfg(not(target_os = "linux"))]
fn thread_stack_low() -> Option<usize> {
    None
}

/// Where the stack is unknown: how far below the host's entry native code
/// may go.
pub const STACK_BUDGET: usize = 4 << 20;

/// `ref.func` and the table instructions on references, as the `table`
/// helper's `op`; `x` is the function or table index.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableOp {
    /// `ref.func x`: the function's reference.
    RefFunc,
    /// `table.get x`: a the index; the element.
    Get,
    /// `table.set x`: a the index, b the value.
    Set,
    /// `table.grow x`: a the delta, b the initial value; the old size or -1.
    Grow,
    /// `table.fill x`: a the start, b the value, c the length.
    Fill,
    /// `return_call_indirect`'s target in table x: a the type index, b
    /// the element; the code address of one of the instance's own
    /// functions, 0 for another function of the type (called through the
    /// store), or `call_indirect`'s trap code (below 256).
    CallTarget,
    /// `call_ref`'s target: a the reference; the code address of one of
    /// the instance's own functions, else 0 (null, or a function of the
    /// store: [`TableOp::CallRef`]).
    RefTarget,
    /// `call_ref` through the store: x the type index, a the reference, b
    /// `vals`; the trap code ("null function reference" for null).
    CallRef,
}

impl TableOp {
    /// The op named by `op`, if any.
    pub fn from_u32(op: u32) -> Option<TableOp> {
        use TableOp::*;
        [
            RefFunc, Get, Set, Grow, Fill, CallTarget, RefTarget, CallRef,
        ]
        .into_iter()
        .find(|t| *t as u32 == op)
    }
}

/// The bulk memory and table instructions, as the `bulk` helper's `op`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bulk {
    /// `memory.copy`: operands dst, src, len.
    MemoryCopy,
    /// `memory.fill`: operands dst, value, len.
    MemoryFill,
    /// `memory.init`: x the data segment; operands dst, src, len.
    MemoryInit,
    /// `data.drop`: x the data segment.
    DataDrop,
    /// `table.copy`: x the destination table, y the source; operands dst, src, len.
    TableCopy,
    /// `table.init`: x the table, y the element segment; operands dst, src, len.
    TableInit,
    /// `elem.drop`: x the element segment.
    ElemDrop,
    /// `table.size`: x the table; returns its size.
    TableSize,
}

impl Bulk {
    /// The op named by `op`, if any.
    pub fn from_u32(op: u32) -> Option<Bulk> {
        use Bulk::*;
        [
            MemoryCopy, MemoryFill, MemoryInit, DataDrop, TableCopy, TableInit, ElemDrop, TableSize,
        ]
        .into_iter()
        .find(|b| *b as u32 == op)
    }
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
    pub const TABLE: i32 = 64;
    pub const STACK_LIMIT: i32 = 72;
    pub const BULK: i32 = 80;
    pub const FUEL: i32 = 88;
    pub const MEMORIES: i32 = 96;
    pub const EXN: i32 = 104;
    pub const GLOBAL_PTRS: i32 = 112;
    pub const MEM_LIMITS: i32 = 120;
}

/// The return code of a function whose trap came from the host (an import):
/// the trap itself, with its host or exit code, waits in the runtime.
pub const HOST_TRAP: u32 = 0xff;

/// The return code of a function that an exception left: the exception
/// waits in the runtime (`Runtime::exn`) until a handler takes it
/// ([`ExnOp::Catch`], [`ExnOp::CatchAll`]) or it leaves native code.
pub const EXN_PENDING: u32 = 0xfe;

/// Exception handling, as the `exn` helper's `op`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExnOp {
    /// `throw x`: a is `vals` holding the payload; makes the exception
    /// of tag x, pending; returns [`EXN_PENDING`] (or the trap code of
    /// "out of memory").
    Throw,
    /// `throw_ref`: a the reference; makes its exception pending and
    /// returns [`EXN_PENDING`], or the code of "null exception reference".
    ThrowRef,
    /// A `catch x` (or `catch_ref x`) clause: a is `vals`. If the pending
    /// exception has tag x, writes its payload to `vals`, takes it and
    /// returns its reference (never 0); else 0.
    Catch,
    /// A `catch_all` (`catch_all_ref`): takes the pending exception and
    /// returns its reference.
    CatchAll,
}

impl ExnOp {
    /// The op named by `op`, if any.
    pub fn from_u32(op: u32) -> Option<ExnOp> {
        use ExnOp::*;
        [Throw, ThrowRef, Catch, CatchAll]
            .into_iter()
            .find(|e| *e as u32 == op)
    }
}

/// The code native code returns for `code`.
pub fn code_of(code: TrapCode) -> u32 {
    code as u8 as u32
}

/// The trap a native return code names (`None` for 0 and [`HOST_TRAP`]).
pub fn trap_of(code: u32) -> Option<TrapCode> {
    use TrapCode::*;
    const ALL: [TrapCode; 18] = [
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
        UnalignedAtomic,
        ExpectedSharedMemory,
        AtomicWaitDeadlock,
        NullFunctionReference,
        NullReference,
        NullExceptionReference,
        OutOfMemory,
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
        assert_eq!(offset_of!(VmCtx, mem_limits), offset::MEM_LIMITS as usize);
        assert_eq!(offset_of!(VmCtx, globals), offset::GLOBALS as usize);
        assert_eq!(offset_of!(VmCtx, funcs), offset::FUNCS as usize);
        assert_eq!(offset_of!(VmCtx, depth), offset::DEPTH as usize);
        assert_eq!(offset_of!(VmCtx, memory_grow), offset::MEMORY_GROW as usize);
        assert_eq!(offset_of!(VmCtx, call_import), offset::CALL_IMPORT as usize);
        assert_eq!(
            offset_of!(VmCtx, call_indirect),
            offset::CALL_INDIRECT as usize
        );
        assert_eq!(offset_of!(VmCtx, table), offset::TABLE as usize);
        assert_eq!(offset_of!(VmCtx, stack_limit), offset::STACK_LIMIT as usize);
        assert_eq!(offset_of!(VmCtx, bulk), offset::BULK as usize);
        assert_eq!(offset_of!(VmCtx, fuel), offset::FUEL as usize);
        assert_eq!(offset_of!(VmCtx, memories), offset::MEMORIES as usize);
        assert_eq!(offset_of!(VmCtx, exn), offset::EXN as usize);
        assert_eq!(offset_of!(VmCtx, global_ptrs), offset::GLOBAL_PTRS as usize);
        assert_eq!(size_of::<MemRecord>(), MEM_RECORD as usize);
        assert_eq!(offset_of!(MemRecord, base), MEM_RECORD_BASE as usize);
        assert_eq!(offset_of!(MemRecord, len), MEM_RECORD_LEN as usize);
    }

    #[test]
    fn trap_codes_round_trip() {
        assert_eq!(
            trap_of(code_of(TrapCode::StackOverflow)),
            Some(TrapCode::StackOverflow)
        );
        assert_eq!(trap_of(0), None);
        assert_eq!(trap_of(HOST_TRAP), None);
        assert_eq!(trap_of(EXN_PENDING), None);
        assert_eq!(
            trap_of(code_of(TrapCode::NullExceptionReference)),
            Some(TrapCode::NullExceptionReference)
        );
    }
}
