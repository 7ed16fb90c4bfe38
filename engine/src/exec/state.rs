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
//!    module code, an op this build runs (`OpCode::built`: the translator
//!    never makes another, the image check refuses it), and every field
//!    an op's handler reads lies inside that op (the op's length comes
//!    from the same list as its encoding).
//! 2. Every slot operand of a function's code is below its frame size, and
//!    while a frame runs the value stack holds at least `frame_size` slots
//!    from `Sp` (entering a frame makes room; the stack only moves when it
//!    grows, and every handler that grows it rebuilds `Sp` afterwards).
//! 3. Branch targets lie inside the function (encoded as word offsets the
//!    encoder computed from bound positions).
//! 4. (On [`Mem`], below.)
//! 5. An op in an accumulator form (`ir::acc`: its first word has `ACC_A`
//!    or `ACC_B` set) is entered only from the op before it, which passes
//!    its result on in the accumulator the form reads: the translator marks
//!    a form only after such an op and where no branch or handler enters
//!    it, and execution enters a function at its first op, resumes after a
//!    call at the op after the call (never marked: a call passes nothing
//!    on). The tail backend's handlers read the accumulator, uninitialized
//!    elsewhere, under this invariant.
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

super::dispatch::loop_backend! {
    impl Ip {
        /// Not an op: why the loop backend stops, as an address no code
        /// has (0 or 1: code is 2-aligned and never at address 0). Never
        /// read through.
        #[inline(always)]
        pub fn stop(exit: super::dispatch::Exit) -> Ip {
            let addr = match exit {
                super::dispatch::Exit::Returned => 0,
                super::dispatch::Exit::Stopped => 1,
            };
            Ip {
                ptr: core::ptr::without_provenance(addr),
                #[cfg(any(debug_assertions, feature = "extra-checks"))]
                start: core::ptr::null(),
                #[cfg(any(debug_assertions, feature = "extra-checks"))]
                end: core::ptr::null(),
            }
        }

        /// Whether this `Ip` is one of [`Ip::stop`]'s: one comparison.
        #[inline(always)]
        pub fn is_stop(self) -> bool {
            self.ptr.addr() <= 1
        }

        /// Why to stop, for an `Ip` of [`Ip::stop`]'s.
        #[inline(always)]
        pub fn stop_reason(self) -> super::dispatch::Exit {
            if self.ptr.addr() == 0 {
                super::dispatch::Exit::Returned
            } else {
                super::dispatch::Exit::Stopped
            }
        }
    }

    impl Sp {
        /// No frame (what a stopping handler returns beside [`Ip::stop`]).
        #[inline(always)]
        pub fn none() -> Sp {
            Sp {
                ptr: core::ptr::null_mut(),
                #[cfg(any(debug_assertions, feature = "extra-checks"))]
                end: core::ptr::null_mut(),
            }
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

    /// Sets slot `slot` to a 32-bit value (an `i32` or `f32`), whose
    /// readers use only the low half (numeric.rs, "Slot encoding"). On
    /// 32-bit targets only that half is written, one store instead of
    /// two; checked builds fill the high half with a pattern instead, so
    /// the tests find a reader that looks at it.
    #[inline(always)]
    pub fn set32(self, slot: u16, v: u32) {
        #[cfg(any(debug_assertions, feature = "extra-checks"))]
        self.set(slot, u64::from(v) | 0xbad5_1075_0000_0000);
        #[cfg(all(
            not(any(debug_assertions, feature = "extra-checks")),
            target_pointer_width = "32",
            target_endian = "little"
        ))]
        // SAFETY: as in `get`; the slot's low half is its first four
        // bytes (little-endian), and a `u64` slot is aligned for a `u32`.
        unsafe {
            *self.slot(slot).cast::<u32>() = v
        };
        #[cfg(all(
            not(any(debug_assertions, feature = "extra-checks")),
            not(all(target_pointer_width = "32", target_endian = "little"))
        ))]
        self.set(slot, u64::from(v));
    }

    /// Zeroes slots `from..to` (a callee's declared locals, `to` at most
    /// its frame size).
    #[inline(always)]
    pub fn zero(self, from: u32, to: u32) {
        let end = self.ptr.wrapping_add(to as usize);
        checked!(end <= self.end, "locals outside their frame");
        let mut p = self.ptr.wrapping_add(from as usize);
        while p < end {
            // SAFETY: `p` is below `end`, inside the frame (invariant 2:
            // a callee's locals are below its frame size).
            unsafe { p.write(0) };
            p = p.wrapping_add(1);
        }
    }

    /// Copies the `count` results at `from` to slot 0 on: a small loop,
    /// not a call to `memmove` (one result is the common case).
    #[inline(always)]
    pub fn copy_down(self, from: u16, count: u32) {
        for i in 0..count as u16 {
            self.set(i, self.get(from + i));
        }
    }

    /// The frame that starts at slot `slot` of this one (a callee's, whose
    /// arguments are there); `Stack::holds` says whether it fits.
    #[inline(always)]
    pub fn at(self, slot: u16) -> Sp {
        Sp {
            ptr: self.ptr.wrapping_add(usize::from(slot)),
            ..self
        }
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

/// The value stack while the executor runs: where it starts and how many
/// slots it holds, read anew whenever it grows (invariant 2: it never
/// moves otherwise).
#[derive(Clone, Copy)]
pub(crate) struct Stack {
    base: *mut u64,
    len: usize,
    /// `base + len`: one past the last slot.
    end: *mut u64,
}

impl Stack {
    pub fn of(values: &mut [u64]) -> Stack {
        let base = values.as_mut_ptr();
        Stack {
            base,
            len: values.len(),
            end: base.wrapping_add(values.len()),
        }
    }

    /// Whether a frame of `size` slots fits at `frame` (a frame inside
    /// the stack, as `Sp::at` makes them): one comparison.
    #[inline(always)]
    pub fn holds(self, frame: Sp, size: usize) -> bool {
        frame.ptr.wrapping_add(size) <= self.end
    }

    /// Whether a frame of `size` slots fits at stack index `at`.
    #[inline(always)]
    pub fn fits(self, at: usize, size: usize) -> bool {
        at + size <= self.len
    }

    /// The frame that starts at stack index `at` (inside the stack).
    #[inline(always)]
    pub fn frame(self, at: usize) -> Sp {
        checked!(at <= self.len, "frame outside the stack");
        Sp {
            ptr: self.base.wrapping_add(at),
            #[cfg(any(debug_assertions, feature = "extra-checks"))]
            end: self.base.wrapping_add(self.len),
        }
    }

    /// The stack index where frame `sp` starts.
    #[inline(always)]
    pub fn index(self, sp: Sp) -> usize {
        (sp.ptr as usize).wrapping_sub(self.base as usize) / 8
    }
}

/// The running module's code: where it starts (ops are addressed by their
/// word offset from there).
#[derive(Clone, Copy)]
pub(crate) struct Code {
    base: *const u16,
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    len: usize,
}

impl Code {
    pub fn of(code: &[u16]) -> Code {
        Code {
            base: code.as_ptr(),
            #[cfg(any(debug_assertions, feature = "extra-checks"))]
            len: code.len(),
        }
    }

    /// The op at word offset `pc` (an op of this code, invariant 1).
    #[inline(always)]
    pub fn at(self, pc: u32) -> Ip {
        Ip {
            ptr: self.base.wrapping_add(pc as usize),
            #[cfg(any(debug_assertions, feature = "extra-checks"))]
            start: self.base,
            #[cfg(any(debug_assertions, feature = "extra-checks"))]
            end: self.base.wrapping_add(self.len),
        }
    }

    /// The word offset of `ip` in this code.
    #[inline(always)]
    pub fn pc(self, ip: Ip) -> u32 {
        ((ip.ptr as usize).wrapping_sub(self.base as usize) / 2) as u32
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
