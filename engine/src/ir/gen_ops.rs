//! [`Op`], [`OpCode`], the encoder, the decoder, the disassembler and the
//! translator's side tables, expanded from the one list (`list.rs`).

use super::{DecodeOpError, Pos, Slot, for_each_op, imm_value, read_u32, read_u64};
use alloc::vec::Vec;
use core::fmt;

/// The Rust type of a field of kind `$kind` in [`Op`].
macro_rules! field_ty {
    (Slot) => {
        Slot
    };
    (Slot2) => {
        Slot
    };
    (U32) => {
        u32
    };
    (I32) => {
        u32
    };
    (S32) => {
        u32
    };
    (U64) => {
        u64
    };
    (V128) => {
        u128
    };
    (Target) => {
        Pos
    };
}

/// The words a field of kind `$kind` takes.
macro_rules! field_len {
    (Slot) => {
        1
    };
    (Slot2) => {
        1
    };
    (U32) => {
        2
    };
    (I32) => {
        2
    };
    (S32) => {
        2
    };
    (U64) => {
        4
    };
    (V128) => {
        8
    };
    (Target) => {
        2
    };
}

// Encoding and the translator's side tables serve translation only: an
// engine without the `wasm` feature (a runner of images) never calls them.
#[cfg_attr(not(feature = "wasm"), allow(dead_code))]
fn push_u32(out: &mut Vec<u16>, v: u32) {
    out.push(v as u16);
    out.push((v >> 16) as u16);
}

/// Appends field `$v` of kind `$kind`; a target is written relative to
/// `$here`, the word where the op starts, after `$resolve` maps it to a
/// word position.
macro_rules! encode_field {
    (Slot, $out:ident, $here:ident, $resolve:ident, $v:expr) => {
        $out.push($v)
    };
    (Slot2, $out:ident, $here:ident, $resolve:ident, $v:expr) => {
        $out.push($v)
    };
    (U32, $out:ident, $here:ident, $resolve:ident, $v:expr) => {
        push_u32($out, $v)
    };
    (I32, $out:ident, $here:ident, $resolve:ident, $v:expr) => {
        push_u32($out, $v)
    };
    (S32, $out:ident, $here:ident, $resolve:ident, $v:expr) => {
        push_u32($out, $v)
    };
    (U64, $out:ident, $here:ident, $resolve:ident, $v:expr) => {{
        push_u32($out, $v as u32);
        push_u32($out, ($v >> 32) as u32);
    }};
    (V128, $out:ident, $here:ident, $resolve:ident, $v:expr) => {{
        for i in 0..4 {
            push_u32($out, ($v >> (32 * i)) as u32);
        }
    }};
    (Target, $out:ident, $here:ident, $resolve:ident, $v:expr) => {
        push_u32($out, ($resolve($v) as i64 - $here as i64) as i32 as u32)
    };
}

/// Reads a field of kind `$kind` at word `$at` (advancing it) of an op
/// starting at word `$here`; a target becomes an absolute word position.
macro_rules! decode_field {
    (Slot, $code:ident, $here:ident, $at:ident) => {{
        let v = *$code.get($at).ok_or(DecodeOpError::Truncated)?;
        $at += 1;
        v
    }};
    (Slot2, $code:ident, $here:ident, $at:ident) => {{
        let v = *$code.get($at).ok_or(DecodeOpError::Truncated)?;
        $at += 1;
        v
    }};
    (U64, $code:ident, $here:ident, $at:ident) => {{
        let v = read_u64($code, $at).ok_or(DecodeOpError::Truncated)?;
        $at += 4;
        v
    }};
    (V128, $code:ident, $here:ident, $at:ident) => {{
        let lo = read_u64($code, $at).ok_or(DecodeOpError::Truncated)?;
        let hi = read_u64($code, $at + 4).ok_or(DecodeOpError::Truncated)?;
        $at += 8;
        u128::from(lo) | (u128::from(hi) << 64)
    }};
    (Target, $code:ident, $here:ident, $at:ident) => {{
        let rel = read_u32($code, $at).ok_or(DecodeOpError::Truncated)? as i32;
        $at += 2;
        let t = $here as i64 + i64::from(rel);
        u32::try_from(t)
            .ok()
            .filter(|&t| (t as usize) < $code.len())
            .ok_or(DecodeOpError::BadTarget)?
    }};
    ($kind:ident, $code:ident, $here:ident, $at:ident) => {{
        let v = read_u32($code, $at).ok_or(DecodeOpError::Truncated)?;
        $at += 2;
        v
    }};
}

/// Writes field `$v` of kind `$kind` for the disassembler.
macro_rules! show_field {
    (Slot, $f:ident, $v:expr) => {
        write!($f, "s{}", $v)
    };
    (Slot2, $f:ident, $v:expr) => {
        write!($f, "s{}", $v)
    };
    (I32, $f:ident, $v:expr) => {
        write!($f, "{}", $v as i32)
    };
    (S32, $f:ident, $v:expr) => {
        write!($f, "{}", $v as i32)
    };
    (U64, $f:ident, $v:expr) => {
        write!($f, "{:#x}", $v)
    };
    (V128, $f:ident, $v:expr) => {
        write!($f, "{:#034x}", $v)
    };
    (Target, $f:ident, $v:expr) => {
        write!($f, "@{}", $v)
    };
    (U32, $f:ident, $v:expr) => {
        write!($f, "{}", $v)
    };
}

/// `if let` statements for the side tables, one per op of the family
/// they concern; nothing for the other families.
macro_rules! with_imm_arm {
    (binary_imm, $self:ident, $value:ident, $name:ident, [$base:ident], $fields:tt) => {
        if let Op::$base { dst, a, .. } = $self {
            if imm_fits!($fields, $value) {
                return Some(Op::$name {
                    dst,
                    a,
                    imm: $value as u32,
                });
            }
        }
    };
    (branch_cmp_imm, $self:ident, $value:ident, $name:ident, [$base:ident], $fields:tt) => {
        if let Op::$base { a, target, .. } = $self {
            if imm_fits!($fields, $value) {
                return Some(Op::$name {
                    a,
                    imm: $value as u32,
                    target,
                });
            }
        }
    };
    ($other:ident, $self:ident, $value:ident, $name:ident, $base:tt, $fields:tt) => {};
}

/// Whether the slot value `$v` survives the trip through an op's `imm`
/// field (found in its field list): an `I32` op reads only the low 32
/// bits; `S32` sign-extends.
macro_rules! imm_fits {
    ([imm : I32 $(, $f:ident : $k:ident)*], $v:expr) => {
        true
    };
    ([imm : S32 $(, $f:ident : $k:ident)*], $v:expr) => {
        $v as i64 == $v as u32 as i32 as i64
    };
    ([$first:ident : $fk:ident $(, $f:ident : $k:ident)*], $v:expr) => {
        imm_fits!([$($f : $k),*], $v)
    };
}

macro_rules! split_imm_arm {
    (binary_imm, $self:ident, $name:ident, [$base:ident]) => {
        if let Op::$name { dst, a, imm } = $self {
            return Some((Op::$base { dst, a, b: 0 }, imm_value(imm)));
        }
    };
    (branch_cmp_imm, $self:ident, $name:ident, [$base:ident]) => {
        if let Op::$name { a, imm, target } = $self {
            return Some((Op::$base { a, b: 0, target }, imm_value(imm)));
        }
    };
    ($other:ident, $self:ident, $name:ident, $base:tt) => {};
}

macro_rules! with_address_arm {
    (load_add, $self:ident, $add:ident, $name:ident, [$base:ident]) => {
        if let (Op::$base { dst, offset: 0, .. }, Op::I32Add { a, b, .. }) = ($self, $add) {
            return Some(Op::$name { dst, a, b });
        }
    };
    (load_add_imm, $self:ident, $add:ident, $name:ident, [$base:ident]) => {
        if let (Op::$base { dst, offset: 0, .. }, Op::I32AddImm { a, imm, .. }) = ($self, $add) {
            return Some(Op::$name { dst, a, imm });
        }
    };
    ($other:ident, $self:ident, $add:ident, $name:ident, $base:tt) => {};
}

macro_rules! at_address_arm {
    (load_abs, $self:ident, $ea:ident, $name:ident, [$base:ident]) => {
        if let Op::$base { dst, .. } = $self {
            return Some(Op::$name { dst, addr: $ea });
        }
    };
    ($other:ident, $self:ident, $ea:ident, $name:ident, $base:tt) => {};
}

macro_rules! with_index_arm {
    (load_idx_imm, $self:ident, $shl:ident, $name:ident, $sem:ident, [$base:ident]) => {
        if let (
            Op::$base { dst, a, imm },
            Op::I32ShlImm {
                dst: t,
                a: x,
                imm: s,
            },
        ) = ($self, $shl)
        {
            if a == t && s == super::load_scale!($sem) {
                return Some(Op::$name { dst, a: x, imm });
            }
        }
    };
    (load_add_idx, $self:ident, $shl:ident, $name:ident, $sem:ident, [$base:ident]) => {
        if let (
            Op::$base { dst, a, b },
            Op::I32ShlImm {
                dst: t,
                a: x,
                imm: s,
            },
        ) = ($self, $shl)
        {
            // Exactly one summand is the shifted index (`t + t` is not).
            if s == super::load_scale!($sem) && (a == t) != (b == t) {
                let base = if a == t { b } else { a };
                return Some(Op::$name { dst, a: base, b: x });
            }
        }
    };
    ($other:ident, $self:ident, $shl:ident, $name:ident, $sem:ident, $base:tt) => {};
}

macro_rules! fuse_rhs_arm {
    (fused_rhs, $self:ident, $inner_op:ident, $name:ident, [$base:ident], [$inner:ident]) => {
        if let (Op::$base { dst, a, b }, Op::$inner { dst: t, a: x, b: y }) = ($self, $inner_op) {
            if b == t && a != t {
                return Some(Op::$name { dst, a, b: x, c: y });
            }
        }
    };
    (fused_rhs_imm, $self:ident, $inner_op:ident, $name:ident, [$base:ident], [$inner:ident]) => {
        if let (Op::$base { dst, a, b }, Op::$inner { dst: t, a: x, imm }) = ($self, $inner_op) {
            if b == t && a != t {
                return Some(Op::$name { dst, a, b: x, imm });
            }
        }
    };
    ($other:ident, $self:ident, $inner_op:ident, $name:ident, $base:tt, $inner:tt) => {};
}

macro_rules! fuse_imm_arm {
    (fused_imm, $self:ident, $inner_op:ident, $name:ident, [$base:ident], [$inner:ident]) => {
        if let (Op::$base { dst, a, imm: imm2 }, Op::$inner { dst: t, a: x, imm }) =
            ($self, $inner_op)
        {
            if a == t {
                return Some(Op::$name {
                    dst,
                    a: x,
                    imm,
                    imm2,
                });
            }
        }
    };
    ($other:ident, $self:ident, $inner_op:ident, $name:ident, $base:tt, $inner:tt) => {};
}

macro_rules! fuse_lhs_arm {
    (fused_lhs, $self:ident, $inner_op:ident, $name:ident, [$base:ident], [$inner:ident]) => {
        if let (Op::$base { dst, a, b }, Op::$inner { dst: t, a: x, b: y }) = ($self, $inner_op) {
            if a == t && b != t {
                return Some(Op::$name {
                    dst,
                    a: x,
                    b: y,
                    c: b,
                });
            }
        }
    };
    ($other:ident, $self:ident, $inner_op:ident, $name:ident, $base:tt, $inner:tt) => {};
}

macro_rules! fuse_branch_arm {
    (branch_cmp, $self:ident, $holds:ident, $target:ident, $name:ident, [$base:ident], [$neg:ident]) => {
        if let Op::$base { a, b, .. } = $self {
            return Some(if $holds {
                Op::$name {
                    a,
                    b,
                    target: $target,
                }
            } else {
                Op::$neg {
                    a,
                    b,
                    target: $target,
                }
            });
        }
    };
    ($other:ident, $self:ident, $holds:ident, $target:ident, $name:ident, $base:tt, $neg:tt) => {};
}

/// The `dst` field of an op, if it has one: `$body` with `dst` bound.
macro_rules! dst_arm {
    ($self:ident, $name:ident, [dst $($rest:ident)*], $dst:ident => $body:expr) => {
        if let Op::$name { dst: $dst, .. } = $self {
            return $body;
        }
    };
    ($self:ident, $name:ident, [$first:ident $($rest:ident)*], $dst:ident => $body:expr) => {
        dst_arm!($self, $name, [$($rest)*], $dst => $body)
    };
    ($self:ident, $name:ident, [], $dst:ident => $body:expr) => {};
}

macro_rules! target_arm {
    ($self:ident, $name:ident, [target $($rest:ident)*]) => {
        if let Op::$name { target, .. } = $self {
            return Some(target);
        }
    };
    ($self:ident, $name:ident, [$first:ident $($rest:ident)*]) => {
        target_arm!($self, $name, [$($rest)*])
    };
    ($self:ident, $name:ident, []) => {};
}

/// Whether this build runs the ops whose entry in the list carries gate
/// `$gate` (the WebAssembly feature of their instruction): the one place
/// a gate maps to the cargo feature that builds it in. The code generated
/// per op (the encoder's and decoder's arms, the disassembler's, the
/// loop backend's) exists only for ops that run: an op of a feature left
/// out keeps its code (images are the same bytes on every target), and
/// is refused where it could enter (validation, the image check).
macro_rules! gate_on {
    (simd) => {
        cfg!(feature = "simd")
    };
    (relaxed_simd) => {
        cfg!(feature = "simd")
    };
    (threads) => {
        cfg!(feature = "atomics")
    };
    (exceptions) => {
        cfg!(feature = "exceptions")
    };
    ($other:ident) => {
        true
    };
}

macro_rules! define_ir {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident ( $($field:ident : $kind:ident),* )
            = $family:ident $sem:ident $(of $base:ident $(( $inner:ident ))?)? $(not $neg:ident)? [$gate:ident];
    )*) => {
        /// One internal instruction, with its fields decoded. See `list.rs`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Op {
            $( $(#[doc = $doc])* $name { $($field: field_ty!($kind)),* }, )*
        }

        /// The first word of an encoded op: which op it is.
        #[repr(u16)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum OpCode {
            $( $name, )*
        }

        /// For each op code, in order, a bit per word of its ops that
        /// names a frame slot (bit `k`: word `k`; of a `Slot2` pair, its
        /// first slot): what renumbers the slots of encoded code.
        #[cfg(feature = "wasm")]
        pub(crate) static SLOT_WORDS: &[u32] = &[$( super::slot_words(&[$(super::FieldKind::$kind),*]) ),*];

        impl OpCode {
            /// Every op code, in order.
            pub const ALL: &[OpCode] = &[$(OpCode::$name),*];

            /// The op code `word` stands for, if any.
            pub fn from_word(word: u16) -> Option<OpCode> {
                #[allow(non_upper_case_globals)]
                mod code {
                    use super::OpCode;
                    $( pub const $name: u16 = OpCode::$name as u16; )*
                }
                // A match rather than `ALL.get(word)`: codes are numbered
                // from 0 in order, so the compiler reduces it to a range
                // check instead of linking `ALL` (two bytes per op).
                match word {
                    $( code::$name => Some(OpCode::$name), )*
                    _ => None,
                }
            }

            /// The op's name.
            pub fn name(self) -> &'static str {
                match self {
                    $( OpCode::$name => stringify!($name), )*
                }
            }

            /// Words an op of this code takes, its code included.
            pub const fn len(self) -> usize {
                // A byte per op, rather than a match: asked of an op known
                // only at run time (the image check, decoding), a match
                // becomes a lookup table of `usize`s, four times the size
                // on 32-bit targets (2.8 KB of `.rodata`).
                const LENS: [u8; OpCode::ALL.len()] = [$(
                    {
                        let n = 1 $(+ field_len!($kind))*;
                        assert!(n <= u8::MAX as usize);
                        n as u8
                    },
                )*];
                LENS[self as usize] as usize
            }

            /// The op's fields in encoding order: name and kind (what the
            /// image checker reads each operand as).
            #[cfg_attr(not(feature = "image"), allow(dead_code))]
            pub const fn fields(self) -> &'static [(&'static str, super::FieldKind)] {
                match self {
                    $( OpCode::$name => &[$((stringify!($field), super::FieldKind::$kind)),*], )*
                }
            }

            /// The op's family and the name of its semantics (`list.rs`).
            #[cfg_attr(not(any(test, feature = "image")), allow(dead_code))]
            pub const fn semantics(self) -> (&'static str, &'static str) {
                match self {
                    $( OpCode::$name => (stringify!($family), stringify!($sem)), )*
                }
            }

            /// The WebAssembly feature whose instruction the op implements
            /// (what stored code needs of the engine that runs it).
            #[cfg_attr(not(test), allow(dead_code))]
            pub const fn gate(self) -> &'static str {
                match self {
                    $( OpCode::$name => stringify!($gate), )*
                }
            }

            /// Whether this build runs the op: the cargo feature of its
            /// gate is on (`gate_on!`).
            #[cfg_attr(not(any(test, feature = "image")), allow(dead_code))]
            pub const fn built(self) -> bool {
                match self {
                    $( OpCode::$name => gate_on!($gate), )*
                }
            }
        }

        #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
        impl Op {
            /// The op's code.
            pub fn code(&self) -> OpCode {
                match self {
                    $( Op::$name { .. } => OpCode::$name, )*
                }
            }

            /// Appends the op's words to `out`. `resolve` maps a target (an
            /// op position during translation) to its word position.
            #[allow(unused_variables)]
            pub(crate) fn encode(&self, out: &mut Vec<u16>, resolve: &dyn Fn(Pos) -> Pos) {
                let here = out.len();
                // The code first, outside the match: the arms of ops with
                // the same fields are then the same code, which the
                // compiler shares (a constant per arm cost 4 KB).
                out.push(self.code() as u16);
                match *self {
                    $( Op::$name { $($field),* } if gate_on!($gate) => {
                        $( encode_field!($kind, out, here, resolve, $field); )*
                    } )*
                    // An op of a feature this build leaves out: never
                    // made, since validation refuses its instruction.
                    // Were one made, zeros for its fields keep the code's
                    // layout, and its handler traps.
                    _ => out.resize(here + self.code().len(), 0),
                }
            }

            /// Decodes the op at word `at` of `code`; its targets become
            /// word positions in `code`.
            #[allow(unused_mut, unused_variables, unused_assignments)]
            pub fn decode(code: &[u16], at: usize) -> Result<Op, DecodeOpError> {
                let here = at;
                let word = *code.get(at).ok_or(DecodeOpError::Truncated)?;
                let (opcode, _) = OpCode::from_word_acc(word).ok_or(DecodeOpError::UnknownOpCode(word))?;
                let mut at = at + 1;
                Ok(match opcode {
                    $( OpCode::$name if gate_on!($gate) => Op::$name {
                        $( $field: decode_field!($kind, code, here, at) ),*
                    }, )*
                    // Not an op this build runs.
                    _ => return Err(DecodeOpError::UnknownOpCode(word)),
                })
            }

            /// The branch target of a jump op, to patch forward branches.
            pub(crate) fn target_mut(&mut self) -> Option<&mut Pos> {
                let this = self;
                $( target_arm!(this, $name, [$($field)*]); )*
                None
            }

            /// The one slot the op writes, if it writes exactly one.
            pub(crate) fn dst(&self) -> Option<Slot> {
                let this = *self;
                $( dst_arm!(this, $name, [$($field)*], dst => Some(dst)); )*
                None
            }

            /// Makes an op that writes exactly one slot, `from`, write `to`
            /// instead. Returns false (and changes nothing) otherwise.
            pub(crate) fn retarget(&mut self, from: Slot, to: Slot) -> bool {
                let this = self;
                $( dst_arm!(this, $name, [$($field)*], dst => {
                    if *dst == from {
                        *dst = to;
                        true
                    } else {
                        false
                    }
                }); )*
                false
            }

            /// The immediate form of a binary or compare-and-branch op whose
            /// right operand is the constant `value` (a slot's bits), if the
            /// op has one and `value` fits its field.
            #[allow(unused_variables)]
            pub(crate) fn with_imm(self, value: u64) -> Option<Op> {
                let this = self;
                $( with_imm_arm!($family, this, value, $name, [$($base)?], [$($field : $kind),*]); )*
                None
            }

            /// An immediate op as the op it stands for (its right operand slot
            /// left 0) and its constant.
            pub(crate) fn split_imm(self) -> Option<(Op, u64)> {
                let this = self;
                $( split_imm_arm!($family, this, $name, [$($base)?]); )*
                None
            }

            /// A load at offset 0 (`self`) of the address the `i32.add` (or
            /// its immediate form) `add` computes, as one op.
            pub(crate) fn with_address(self, add: Op) -> Option<Op> {
                let this = self;
                $( with_address_arm!($family, this, add, $name, [$($base)?]); )*
                None
            }

            /// The load `self` of the constant address `ea` (its offset
            /// already added in), as one op that reads no slot.
            pub(crate) fn at_address(self, ea: u32) -> Option<Op> {
                let this = self;
                $( at_address_arm!($family, this, ea, $name, [$($base)?]); )*
                None
            }

            /// A load of an address `a + b` or `a + imm` (`self`, of a
            /// `load_add` or `load_add_imm` family) with a summand that the
            /// `i32.shl` by the access's scale `shl` computed, as one op that
            /// shifts the index itself.
            pub(crate) fn with_index(self, shl: Op) -> Option<Op> {
                let this = self;
                $( with_index_arm!($family, this, shl, $name, $sem, [$($base)?]); )*
                None
            }

            /// The binary op `self` whose right operand `b` the binary op
            /// `inner` just computed, as one op (a `fused_rhs` or
            /// `fused_rhs_imm` family).
            pub(crate) fn fuse_rhs(self, inner: Op) -> Option<Op> {
                let this = self;
                $( fuse_rhs_arm!($family, this, inner, $name, [$($base)?], [$($($inner)?)?]); )*
                None
            }

            /// The immediate op `self` whose operand `a` the immediate op
            /// `inner` just computed, as one op (a `fused_imm` family).
            pub(crate) fn fuse_imm(self, inner: Op) -> Option<Op> {
                let this = self;
                $( fuse_imm_arm!($family, this, inner, $name, [$($base)?], [$($($inner)?)?]); )*
                None
            }

            /// The binary op `self` whose left operand `a` the binary op
            /// `inner` just computed, as one op (a `fused_lhs` family).
            pub(crate) fn fuse_lhs(self, inner: Op) -> Option<Op> {
                let this = self;
                $( fuse_lhs_arm!($family, this, inner, $name, [$($base)?], [$($($inner)?)?]); )*
                None
            }

            /// The compare-and-branch that jumps to `target` when the
            /// comparison `self` holds (`holds`) or fails.
            #[allow(unused_variables)]
            pub(crate) fn fuse_branch(self, holds: bool, target: Pos) -> Option<Op> {
                let this = self;
                $( fuse_branch_arm!($family, this, holds, target, $name, [$($base)?], [$($neg)?]); )*
                None
            }
        }

        impl fmt::Display for Op {
            /// The disassembly of one op: its name and its fields.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match *self {
                    $( Op::$name { $($field),* } if gate_on!($gate) => {
                        f.write_str(OpCode::$name.name())?;
                        $(
                            write!(f, " {}=", stringify!($field))?;
                            show_field!($kind, f, $field)?;
                        )*
                        Ok(())
                    } )*
                    // An op this build does not run (never decoded).
                    _ => write!(f, "op {}", self.code() as u16),
                }
            }
        }
    };
}

for_each_op!(define_ir);
