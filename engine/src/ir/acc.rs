//! The accumulators: a result handed from one op to the next in a register.
//!
//! Every op of a numeric or load family (below) writes its result to its
//! `dst` slot and also passes it on to the next op's handler, in an
//! accumulator (a handler argument, a register in the tail backend: an
//! integer register for an integer result, a float register for a float,
//! so that neither crosses register files). An op one of whose operands is
//! the slot the op before it just wrote may read that operand from the
//! accumulator instead of from the slot: its **accumulator form**, the same
//! op and layout with [`ACC_A`] (its left operand `a`) or [`ACC_B`] (its
//! right operand `b`) set in its first word. On a chain of dependent
//! operations (`a * b + c`, a loop's address arithmetic) the value then
//! goes from one handler to the next in a register, not through a store
//! and a load of the frame.
//!
//! The slot is still written, so the forms compute the same thing: a
//! backend without the registers (the loop backend) runs an accumulator
//! form as the plain op. The translator marks an op's accumulator form only
//! where [`acc_flag`] gives one and no branch or handler enters the op,
//! since only then the accumulator holds that slot's value; the image check
//! enforces the same of stored code ([`acc_flag_holds`]).

use super::OpCode;

/// The bit of an op's first word that marks the accumulator form reading
/// its `a` operand. Op codes stay below it.
pub const ACC_A: u16 = 1024;

/// The bit of an op's first word that marks the accumulator form reading
/// its `b` operand (never set with [`ACC_A`]).
pub const ACC_B: u16 = 2048;

const _: () = assert!(OpCode::ALL.len() <= ACC_A as usize, "op codes below ACC_A");

/// Whether `a` and `b` are the same string (in a constant).
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The families whose ops take part: whether they pass a result on (all
/// those that do write one scalar `dst`, their first field), and the words
/// of the `a` and `b` operands their accumulator forms read from the
/// accumulator instead of from their slots (0: no such form; `a` is word
/// 1 or 2, `b` word 2 to 4). `exec::handlers` reads those operands with
/// `operand!` in the same families, at the same words. A store's `b` is
/// the value it stores, a select's its condition (`select` passes its
/// result on in the integer accumulator whatever its type: a float op
/// after it, which reads the float one, gets no form; `select_and`
/// likewise, and its forms read `a` or `b`, the values it picks between,
/// such as `3 * n + 1` computed just before it).
const FAMILIES: [(&str, bool, u8, u8); 20] = [
    ("unary", true, 2, 0),
    ("unary_trap", true, 2, 0),
    ("binary", true, 2, 3),
    ("binary_trap", true, 2, 3),
    ("binary_imm", true, 2, 0),
    ("fused_rhs", true, 2, 3),
    ("fused_lhs", true, 2, 3),
    ("fused_rhs_imm", true, 2, 3),
    ("fused_imm", true, 2, 0),
    ("load", true, 2, 0),
    ("load_add", true, 2, 3),
    ("load_add_imm", true, 2, 0),
    ("load_idx_imm", true, 2, 0),
    ("load_add_idx", true, 2, 3),
    ("load_abs", true, 0, 0),
    ("branch_cmp", false, 1, 2),
    ("branch_cmp_imm", false, 1, 0),
    ("store", false, 0, 2),
    ("select", true, 0, 4),
    ("select_and", true, 2, 3),
];

/// Whether the result of semantics `sem` is a float (`f32_*`, `f64_*`,
/// except the comparisons, which give an `i32`).
const fn float_result(sem: &str) -> bool {
    let s = sem.as_bytes();
    if s.len() < 4 || s[0] != b'f' {
        return false;
    }
    const COMPARISONS: [&str; 6] = ["_eq", "_ne", "_lt", "_gt", "_le", "_ge"];
    let mut i = 0;
    while i < COMPARISONS.len() {
        let c = COMPARISONS[i].as_bytes();
        if s.len() == 6 && s[3] == c[0] && s[4] == c[1] && s[5] == c[2] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether the operands of semantics `sem` that its accumulator forms read
/// are floats: the type its name ends with (`i32_trunc_f64_s`,
/// `f64_convert_i32_u`), else the type it starts with (`f64_add`,
/// `i32_eqz`); a load's address is an `i32`.
const fn float_operand(family: &str, sem: &str) -> bool {
    if family.as_bytes()[0] == b'l' {
        return false;
    }
    let s = sem.as_bytes();
    let mut float = !s.is_empty() && s[0] == b'f';
    let mut i = 1;
    while i + 3 < s.len() {
        let ty = s[i + 1] == b'f' || s[i + 1] == b'i';
        let bits = s[i + 2] == b'3' && s[i + 3] == b'2' || s[i + 2] == b'6' && s[i + 3] == b'4';
        if s[i] == b'_' && ty && bits {
            float = s[i + 1] == b'f';
        }
        i += 1;
    }
    float
}

const GIVES: u8 = 0x10;
const GIVES_FLOAT: u8 = 0x20;
const TAKES_FLOAT: u8 = 0x40;

/// Per op code: the word of its `a` accumulator operand (bits 0-1), of its
/// `b` one less one (bits 2-3), and the `GIVES` bits. One byte an op: the runner
/// keeps it in flash.
static TABLE: [u8; OpCode::ALL.len()] = {
    let mut table = [0; OpCode::ALL.len()];
    let mut i = 0;
    while i < OpCode::ALL.len() {
        let (family, sem) = OpCode::ALL[i].semantics();
        let mut f = 0;
        while f < FAMILIES.len() {
            let (name, gives, a, b) = FAMILIES[f];
            if same(family, name) {
                assert!(
                    a <= 2 && (b == 0 || b >= 2 && b <= 4),
                    "operand words that fit"
                );
                let mut e = a | b.saturating_sub(1) << 2;
                if gives {
                    e |= GIVES;
                    if float_result(sem) {
                        e |= GIVES_FLOAT;
                    }
                }
                if float_operand(family, sem) {
                    e |= TAKES_FLOAT;
                }
                table[i] = e;
            }
            f += 1;
        }
        i += 1;
    }
    table
};

impl OpCode {
    /// Whether the op passes its result (its `dst`, word 1) on in an
    /// accumulator.
    #[inline]
    pub const fn gives_acc(self) -> bool {
        TABLE[self as usize] & GIVES != 0
    }

    /// Whether the result the op passes on is a float: it goes in the
    /// float accumulator (a float register), the others in the integer
    /// one.
    #[inline]
    pub const fn gives_float(self) -> bool {
        TABLE[self as usize] & GIVES_FLOAT != 0
    }

    /// Whether the operands the op's accumulator forms read are floats
    /// (from the float accumulator).
    #[inline]
    pub const fn takes_float(self) -> bool {
        TABLE[self as usize] & TAKES_FLOAT != 0
    }

    /// The word of the slot operand the op's accumulator form `flag`
    /// ([`ACC_A`] or [`ACC_B`]) reads from the accumulator, if it has that
    /// form.
    #[inline]
    pub const fn acc_operand(self, flag: u16) -> Option<usize> {
        let e = TABLE[self as usize];
        let w = if flag == ACC_A { e & 3 } else { (e >> 2) & 3 };
        match w {
            0 => None,
            _ if flag == ACC_A => Some(w as usize),
            _ => Some(w as usize + 1),
        }
    }

    /// The op code of a first word and its accumulator flag (0, [`ACC_A`]
    /// or [`ACC_B`]; only an op that has that form may be marked).
    pub fn from_word_acc(word: u16) -> Option<(OpCode, u16)> {
        let code = OpCode::from_word(word & !(ACC_A | ACC_B))?;
        let flag = word & (ACC_A | ACC_B);
        match flag {
            0 => Some((code, 0)),
            ACC_A | ACC_B if code.acc_operand(flag).is_some() => Some((code, flag)),
            _ => None,
        }
    }
}

/// The accumulator flag ([`ACC_A`], [`ACC_B`] or 0 for none) that the op
/// whose words are `next` may run with right after the op whose words are
/// `prev` (when nothing else jumps to it): `prev` gives an accumulator of
/// the type `next` reads, and the operand `next` would read from it is
/// the slot `prev` wrote (`a` preferred). Words missing from either op, or
/// ops that are not, give 0.
#[cfg_attr(not(feature = "wasm"), allow(dead_code))]
pub fn acc_flag(prev: &[u16], next: &[u16]) -> u16 {
    // Called for every op the translator emits: each op decoded once, and
    // the cheap refusals (most ops pass on nothing) first.
    let Some((n, written)) = passes(prev, next) else {
        return 0;
    };
    for flag in [ACC_A, ACC_B] {
        if n.acc_operand(flag).and_then(|w| next.get(w)) == Some(written) {
            return flag;
        }
    }
    0
}

/// Whether the accumulator flag of the op whose words are `next` (if any)
/// holds after the op whose words are `prev` (none if `next` is the first
/// op of its function or a branch or handler enters it): stored code may
/// only mark what the translator would.
#[cfg_attr(not(feature = "image"), allow(dead_code))]
pub fn acc_flag_holds(prev: Option<&[u16]>, next: &[u16]) -> bool {
    let Some((_, flag)) = next.first().and_then(|&w| OpCode::from_word_acc(w)) else {
        return false;
    };
    flag == 0
        || prev.is_some_and(|prev| {
            passes(prev, next).is_some_and(|(n, written)| {
                n.acc_operand(flag).and_then(|w| next.get(w)) == Some(written)
            })
        })
}

/// `next`'s op code and the slot word `prev` wrote, when `prev` passes on
/// an accumulator of the kind (integer or float) `next` reads; `None` when
/// either has no op code or `prev` no slot word.
fn passes<'a>(prev: &'a [u16], next: &[u16]) -> Option<(OpCode, &'a u16)> {
    let (p, _) = OpCode::from_word_acc(*prev.first()?)?;
    if !p.gives_acc() {
        return None;
    }
    let (n, _) = OpCode::from_word_acc(*next.first()?)?;
    if p.gives_float() != n.takes_float() {
        return None;
    }
    Some((n, prev.get(1)?))
}
