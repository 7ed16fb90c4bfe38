//! The executor's hot state: the instruction pointer into encoded code, the
//! running frame's slots, and memory 0 of the running instance, as raw
//! pointers that live in registers across handlers.
//!
//! This is one of the engine's few `unsafe` modules. Every access the
//! handlers make goes through the accessors below, whose contracts rest on
//! these invariants, established by the translator (and, for stored code,
//! by the check that runs before it) and kept by the handlers:
//!
//! 1. `Ip` points at the first word of an op of the running function's
//!    module code, and every field an op's handler reads lies inside that
//!    op (the op's length comes from the same list as its encoding).
//! 2. Every slot operand of a function's code is below its frame size, and
//!    while a frame runs the value stack holds at least `frame_size` slots
//!    from `Sp` (entering a frame makes room; the stack only moves when it
//!    grows, and every handler that grows it rebuilds `Sp` afterwards).
//! 3. Branch targets lie inside the function (encoded as word offsets the
//!    encoder computed from bound positions).
//!
//! In debug builds and with the `extra-checks` feature, `Ip` and `Sp` carry
//! the bounds of their buffer and every access is checked against them, so
//! the test suites catch any break of these invariants.

#[cfg(any(debug_assertions, feature = "extra-checks"))]
macro_rules! checked {
    ($cond:expr, $what:literal) => {
        assert!($cond, $what)
    };
}
#[cfg(not(any(debug_assertions, feature = "extra-checks")))]
macro_rules! checked {
    ($cond:expr, $what:literal) => {};
}

/// The instruction pointer: a word of module code.
#[derive(Clone, Copy)]
pub(crate) struct Ip {
    ptr: *const u16,
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    start: *const u16,
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    end: *const u16,
}

impl Ip {
    /// Word `pc` of `code`.
    pub fn at(code: &[u16], pc: usize) -> Ip {
        checked!(pc < code.len(), "ip outside its code");
        Ip {
            ptr: code.as_ptr().wrapping_add(pc),
            #[cfg(any(debug_assertions, feature = "extra-checks"))]
            start: code.as_ptr(),
            #[cfg(any(debug_assertions, feature = "extra-checks"))]
            end: code.as_ptr().wrapping_add(code.len()),
        }
    }

    /// The word offset of `self` from the start of `code`.
    pub fn pc(self, code: *const u16) -> u32 {
        (self.ptr as usize).wrapping_sub(code as usize) as u32 / 2
    }

    /// Word `k` of the op `self` points at.
    #[inline(always)]
    pub fn word(self, k: usize) -> u16 {
        let p = self.ptr.wrapping_add(k);
        checked!(p >= self.start && p < self.end, "op field outside its code");
        // SAFETY: invariant 1: `k` is a field of the op at `self`, inside
        // the module's code, which outlives the execution.
        unsafe { *p }
    }

    /// The `U32` field at word `k`.
    #[inline(always)]
    pub fn u32(self, k: usize) -> u32 {
        u32::from(self.word(k)) | (u32::from(self.word(k + 1)) << 16)
    }

    /// The `U64` field at word `k`.
    #[inline(always)]
    pub fn u64(self, k: usize) -> u64 {
        u64::from(self.u32(k)) | (u64::from(self.u32(k + 2)) << 32)
    }

    /// The next op, `len` words on.
    #[inline(always)]
    pub fn add(self, len: usize) -> Ip {
        Ip {
            ptr: self.ptr.wrapping_add(len),
            ..self
        }
    }

    /// The op `offset` words from this one (a branch target).
    #[inline(always)]
    pub fn jump(self, offset: u32) -> Ip {
        Ip {
            ptr: self.ptr.wrapping_offset(offset as i32 as isize),
            ..self
        }
    }
}

/// The running frame: slot 0 of it in the value stack.
#[derive(Clone, Copy)]
pub(crate) struct Sp {
    ptr: *mut u64,
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    end: *mut u64,
}

impl Sp {
    /// Slot `base` of `stack` as the start of a frame.
    pub fn at(stack: &mut [u64], base: usize) -> Sp {
        checked!(base <= stack.len(), "frame outside the stack");
        Sp {
            ptr: stack.as_mut_ptr().wrapping_add(base),
            #[cfg(any(debug_assertions, feature = "extra-checks"))]
            end: stack.as_mut_ptr().wrapping_add(stack.len()),
        }
    }

    /// The stack index of slot 0 of this frame, in a stack starting at `stack`.
    pub fn base(self, stack: *const u64) -> usize {
        (self.ptr as usize).wrapping_sub(stack as usize) / 8
    }

    #[inline(always)]
    fn slot(self, slot: u16) -> *mut u64 {
        let p = self.ptr.wrapping_add(usize::from(slot));
        checked!(p < self.end, "slot outside its frame");
        p
    }

    /// Slot `slot` of the running frame.
    #[inline(always)]
    pub fn get(self, slot: u16) -> u64 {
        // SAFETY: invariant 2: every slot operand is inside the frame,
        // which the stack holds while it runs.
        unsafe { *self.slot(slot) }
    }

    /// Sets slot `slot` of the running frame.
    #[inline(always)]
    pub fn set(self, slot: u16, v: u64) {
        // SAFETY: as in `get`.
        unsafe { *self.slot(slot) = v }
    }

    /// Copies `count` slots from `from` to `to` (the ranges may overlap).
    #[inline(always)]
    pub fn copy(self, from: u16, to: u16, count: usize) {
        if count == 0 {
            return;
        }
        let (src, dst) = (self.slot(from), self.slot(to));
        checked!(
            src.wrapping_add(count) <= self.end && dst.wrapping_add(count) <= self.end,
            "copy outside its frame"
        );
        // SAFETY: both ranges are operands of the running function's code
        // (a result block, a call's arguments), inside the frame.
        unsafe { core::ptr::copy(src, dst, count) }
    }
}

/// Memory 0 of the running instance: where its bytes are and how many.
///
/// 4. A `Mem` describes the bytes of the running instance's memory 0 as
///    they are now: the executor reads it anew after anything that may
///    grow or move that memory (`memory.grow`, a host call, entering
///    another instance), and holds the slice `bytes` gives only within
///    one handler.
#[derive(Clone, Copy)]
pub(crate) struct Mem {
    ptr: *mut u8,
    len: usize,
}

impl Mem {
    pub fn new(bytes: &mut [u8]) -> Mem {
        Mem {
            ptr: bytes.as_mut_ptr(),
            len: bytes.len(),
        }
    }

    /// No memory: every access is out of bounds.
    pub fn none() -> Mem {
        Mem {
            ptr: core::ptr::NonNull::dangling().as_ptr(),
            len: 0,
        }
    }

    /// The memory's bytes.
    #[inline(always)]
    pub fn bytes<'a>(self) -> &'a mut [u8] {
        // SAFETY: invariant 4: `ptr` and `len` describe the memory's bytes
        // as they are now (or an empty slice), and the handler that asks
        // holds no other reference to them.
        unsafe { core::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}
