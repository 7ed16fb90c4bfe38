//! Mote's internal instruction set and its encoding.
//!
//! A function is translated once into [`Op`]s, then encoded into 16-bit
//! words: the op's [`OpCode`], then its fields in order, each field one
//! word (`Slot`, `Slot2`), two (`U32`, `I32`, `Target`, low half first) or four
//! (`U64`). Operands are frame slots, branch targets are word offsets from
//! the branch itself, indices are the module's: nothing is a pointer, so
//! the same module gives the same words on every target, and an encoded
//! function can be stored in an image and run in place. As bytes (in an
//! image) each word is little-endian.
//!
//! Everything about an op comes from its one entry in [`list`]: the
//! [`Op`] type, [`OpCode`], the encoder, the decoder, the disassembler
//! (`Display`), the translator's side tables (immediate forms, fused
//! branches and their negations, which slot an op writes) and, in `exec`,
//! the dispatch table.

mod acc;
mod gen_ops;
mod list;

#[cfg_attr(not(feature = "wasm"), allow(unused_imports))]
pub use acc::acc_flag;
#[cfg_attr(not(feature = "image"), allow(unused_imports))]
pub use acc::acc_flag_holds;
pub use acc::{ACC_A, ACC_B};

pub(crate) use list::for_each_op;

#[cfg(feature = "wasm")]
pub(crate) use gen_ops::SLOT_WORDS;
pub use gen_ops::{Op, OpCode};

/// log2 of the size of the value a load's semantics function reads: the
/// scale of the index of the `load_idx_imm` and `load_add_idx` families.
macro_rules! load_scale {
    (i32_load) => {
        2
    };
    (f32_load) => {
        2
    };
    (i64_load) => {
        3
    };
    (f64_load) => {
        3
    };
}
pub(crate) use load_scale;

/// The version of the encoding of translated code: bumped whenever an op's
/// code or layout changes, so that stored code of another version is
/// refused (13: `CopyCall` and the `fused_imm` ops; 14: `SelectAndImm`'s
/// accumulator form).
pub const VERSION: u16 = 14;

/// A frame slot: an index into the running function's frame (its locals,
/// then the temporaries of its operand stack).
pub type Slot = u16;

/// The most slots a frame may have.
pub const MAX_SLOTS: u32 = Slot::MAX as u32 + 1;

/// A position in code: during translation the index of an op in its
/// function, once decoded the word offset of an op in the code.
pub type Pos = u32;

/// The kind of an op's field (`list.rs`): how many words it takes and what
/// it holds (what the image checker reads operands by).
#[cfg_attr(not(feature = "image"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A frame slot, one word.
    Slot,
    /// The first of the two frame slots of a `v128` operand or result,
    /// one word.
    Slot2,
    /// An index or offset, two words.
    U32,
    /// A 32-bit constant, two words.
    I32,
    /// A 64-bit constant that fits in 32 bits sign-extended, two words.
    S32,
    /// A 64-bit constant, four words.
    U64,
    /// A 128-bit constant (a `v128`), eight words.
    V128,
    /// A branch target relative to the op's first word, two words.
    Target,
}

#[cfg_attr(not(feature = "image"), allow(dead_code))]
impl FieldKind {
    /// The words a field of this kind takes.
    pub const fn words(self) -> usize {
        match self {
            FieldKind::Slot | FieldKind::Slot2 => 1,
            FieldKind::U64 => 4,
            FieldKind::V128 => 8,
            _ => 2,
        }
    }
}

/// The bits of the words (of an op with fields `kinds`) that name a frame
/// slot; see `SLOT_WORDS`. An op longer than 32 words fails to compile.
#[cfg(feature = "wasm")]
pub(crate) const fn slot_words(kinds: &[FieldKind]) -> u32 {
    let (mut mask, mut at, mut i) = (0u32, 1usize, 0usize);
    while i < kinds.len() {
        if matches!(kinds[i], FieldKind::Slot | FieldKind::Slot2) {
            mask |= 1 << at;
        }
        at += kinds[i].words();
        i += 1;
    }
    mask
}

/// Why words could not be decoded as an op.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeOpError {
    /// The first word is not an op code of this version, or is one of an
    /// op this build leaves out (`OpCode::built`).
    UnknownOpCode(u16),
    /// The op's fields run past the end of the code.
    Truncated,
    /// A branch target lies outside the code.
    BadTarget,
}

/// An immediate's value as a slot: sign-extended (an `i32` op ignores the
/// upper half).
#[inline(always)]
pub(crate) fn imm_value(imm: u32) -> u64 {
    imm as i32 as i64 as u64
}

/// Reads the `U32` field at word `at` of `code`.
#[inline(always)]
pub(crate) fn read_u32(code: &[u16], at: usize) -> Option<u32> {
    Some(u32::from(*code.get(at)?) | (u32::from(*code.get(at + 1)?) << 16))
}

/// Reads the `U64` field at word `at` of `code`.
#[inline(always)]
pub(crate) fn read_u64(code: &[u16], at: usize) -> Option<u64> {
    Some(u64::from(read_u32(code, at)?) | (u64::from(read_u32(code, at + 2)?) << 32))
}

#[cfg(test)]
mod tests;
