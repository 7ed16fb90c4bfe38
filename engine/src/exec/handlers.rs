//! The handlers of the numeric, memory and compare-and-branch families,
//! expanded from the op list onto their semantics in `numeric` and
//! `memory`; each op's field accessor; and the dispatch table, which names
//! the `control` handlers written by hand in `control.rs`.
//!
//! A family's handler reads its fields at fixed word offsets; a constant
//! assertion per op checks that the list gives the op the length its
//! family's handler expects.

#[cfg(feature = "atomics")]
use super::atomic;
use super::cx::Cx;
#[allow(unused_imports)]
use super::dispatch::NO_ACC;
use super::dispatch::{Acc, Done, Exit, FAcc, exit, loop_backend, next, slow_path, tail_backend};
use super::state::{Ip, Mem, Sp};
use super::{control, memories, memory, numeric};
use crate::ir::{ACC_A, ACC_B, OpCode, for_each_op, imm_value};
use crate::trap::TrapCode;

slow_path! {
    /// Stops with a trap at `ip`.
    pub(super) fn trap(ip: Ip, cx: &mut Cx<'_>, code: TrapCode) -> Done {
        cx.trap_at(ip, code);
        exit!(Exit::Stopped)
    }
}

/// Whether the instruction whose semantics function is `name` gives a
/// 32-bit result (`i32` or `f32`): its name starts with the result's type
/// (`i32_wrap_i64`, `f32_load`), except the comparisons, which give an
/// `i32` whatever they compare (`i64_lt_s`, `f64_eq`).
const fn narrow_result(name: &str) -> bool {
    const fn ends_with(s: &[u8], tail: &[u8]) -> bool {
        if tail.len() > s.len() {
            return false;
        }
        let at = s.len() - tail.len();
        let mut i = 0;
        while i < tail.len() {
            if s[at + i] != tail[i] {
                return false;
            }
            i += 1;
        }
        true
    }
    let s = name.as_bytes();
    if s.len() > 4 && (s[0] == b'i' || s[0] == b'f') && s[1] == b'3' && s[2] == b'2' && s[3] == b'_'
    {
        return true;
    }
    const COMPARISONS: [&[u8]; 15] = [
        b"_eqz", b"_eq", b"_ne", b"_lt", b"_gt", b"_le", b"_ge", b"_lt_s", b"_lt_u", b"_gt_s",
        b"_gt_u", b"_le_s", b"_le_u", b"_ge_s", b"_ge_u",
    ];
    let mut i = 0;
    while i < COMPARISONS.len() {
        if ends_with(s, COMPARISONS[i]) {
            return true;
        }
        i += 1;
    }
    false
}

/// Writes the result `$v` of semantics function `$sem` to slot `$dst`:
/// only its low half if the result is 32 bits wide (`Sp::set32`).
macro_rules! put {
    ($sem:ident, $sp:ident, $dst:expr, $v:expr) => {{
        const NARROW: bool = narrow_result(stringify!($sem));
        let v: u64 = $v;
        if NARROW {
            $sp.set32($dst, v as u32)
        } else {
            $sp.set($dst, v)
        }
    }};
}

/// The Rust type of a field of kind `$kind`, as a handler reads it.
macro_rules! value_ty {
    (Slot) => {
        u16
    };
    (Slot2) => {
        u16
    };
    (U64) => {
        u64
    };
    (V128) => {
        u128
    };
    ($other:ident) => {
        u32
    };
}

/// The fields of an op at `$ip`, as a tuple, read from word `$at` on.
macro_rules! read_fields {
    ($ip:ident, $at:expr, [] [$($acc:expr),*]) => {
        ($($acc,)*)
    };
    ($ip:ident, $at:expr, [$f:ident : Slot $(, $rf:ident : $rk:ident)*] [$($acc:expr),*]) => {
        read_fields!($ip, $at + 1, [$($rf : $rk),*] [$($acc,)* $ip.word($at)])
    };
    ($ip:ident, $at:expr, [$f:ident : Slot2 $(, $rf:ident : $rk:ident)*] [$($acc:expr),*]) => {
        read_fields!($ip, $at + 1, [$($rf : $rk),*] [$($acc,)* $ip.word($at)])
    };
    ($ip:ident, $at:expr, [$f:ident : U64 $(, $rf:ident : $rk:ident)*] [$($acc:expr),*]) => {
        read_fields!($ip, $at + 4, [$($rf : $rk),*] [$($acc,)* $ip.u64($at)])
    };
    ($ip:ident, $at:expr, [$f:ident : V128 $(, $rf:ident : $rk:ident)*] [$($acc:expr),*]) => {
        read_fields!($ip, $at + 8, [$($rf : $rk),*]
            [$($acc,)* u128::from($ip.u64($at)) | (u128::from($ip.u64($at + 4)) << 64)])
    };
    ($ip:ident, $at:expr, [$f:ident : $k:ident $(, $rf:ident : $rk:ident)*] [$($acc:expr),*]) => {
        read_fields!($ip, $at + 2, [$($rf : $rk),*] [$($acc,)* $ip.u32($at)])
    };
}

/// The handler of a family op.
macro_rules! family_handler {
    (control, $name:ident, $sem:ident, $form:ident) => {};
    (unary, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 3, |ip, sp, mem, cx, acc, facc| {
            let v = numeric::$sem(operand!($form, A, $name, sp, acc, facc, ip.word(2)));
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(3), sp, mem, cx, v, acc, facc)
        });
    };
    (unary_trap, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 3, |ip, sp, mem, cx, acc, facc| {
            let v = match numeric::$sem(operand!($form, A, $name, sp, acc, facc, ip.word(2))) {
                Ok(v) => v,
                Err(c) => return trap(ip, cx, c),
            };
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(3), sp, mem, cx, v, acc, facc)
        });
    };
    (binary, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 4, |ip, sp, mem, cx, acc, facc| {
            let v = numeric::$sem(operand!($form, A, $name, sp, acc, facc, ip.word(2)), operand!($form, B, $name, sp, acc, facc, ip.word(3)));
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(4), sp, mem, cx, v, acc, facc)
        });
    };
    (binary_trap, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 4, |ip, sp, mem, cx, acc, facc| {
            let v = match numeric::$sem(operand!($form, A, $name, sp, acc, facc, ip.word(2)), operand!($form, B, $name, sp, acc, facc, ip.word(3))) {
                Ok(v) => v,
                Err(c) => return trap(ip, cx, c),
            };
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(4), sp, mem, cx, v, acc, facc)
        });
    };
    (fused_rhs, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 5, |ip, sp, mem, cx, acc, facc| {
            let (a, b, c) = (operand!($form, A, $name, sp, acc, facc, ip.word(2)), operand!($form, B, $name, sp, acc, facc, ip.word(3)), sp.get(ip.word(4)));
            let v = numeric::$sem(a, b, c);
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(5), sp, mem, cx, v, acc, facc)
        });
    };
    (fused_lhs, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(fused_rhs, $name, $sem, $form);
    };
    (fused_rhs_imm, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 6, |ip, sp, mem, cx, acc, facc| {
            let (a, b, imm) = (operand!($form, A, $name, sp, acc, facc, ip.word(2)), operand!($form, B, $name, sp, acc, facc, ip.word(3)), imm_value(ip.u32(4)));
            let v = numeric::$sem(a, b, imm);
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(6), sp, mem, cx, v, acc, facc)
        });
    };
    (fused_imm, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 7, |ip, sp, mem, cx, acc, facc| {
            let v = numeric::$sem(operand!($form, A, $name, sp, acc, facc, ip.word(2)), imm_value(ip.u32(3)), imm_value(ip.u32(5)));
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(7), sp, mem, cx, v, acc, facc)
        });
    };
    (binary_imm, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 5, |ip, sp, mem, cx, acc, facc| {
            let v = numeric::$sem(operand!($form, A, $name, sp, acc, facc, ip.word(2)), imm_value(ip.u32(3)));
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(5), sp, mem, cx, v, acc, facc)
        });
    };
    (branch_cmp, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 5, |ip, sp, mem, cx, acc, facc| {
            if numeric::$sem(operand!($form, A, $name, sp, acc, facc, ip.word(1)), operand!($form, B, $name, sp, acc, facc, ip.word(2))) != 0 {
                next!(ip.jump(ip.u32(3)), sp, mem, cx)
            }
            next!(ip.add(5), sp, mem, cx)
        });
    };
    (branch_cmp_imm, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 6, |ip, sp, mem, cx, acc, facc| {
            if numeric::$sem(operand!($form, A, $name, sp, acc, facc, ip.word(1)), imm_value(ip.u32(2))) != 0 {
                next!(ip.jump(ip.u32(4)), sp, mem, cx)
            }
            next!(ip.add(6), sp, mem, cx)
        });
    };
    (load, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 5, |ip, sp, mem, cx, acc, facc| {
            let v = match memory::$sem(mem.bytes(), operand!($form, A, $name, sp, acc, facc, ip.word(2)), ip.u32(3)) {
                Ok(v) => v,
                Err(c) => return trap(ip, cx, c),
            };
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(5), sp, mem, cx, v, acc, facc)
        });
    };
    (load_add, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 4, |ip, sp, mem, cx, acc, facc| {
            let addr = numeric::i32_add(operand!($form, A, $name, sp, acc, facc, ip.word(2)), operand!($form, B, $name, sp, acc, facc, ip.word(3)));
            let v = match memory::$sem(mem.bytes(), addr, 0) {
                Ok(v) => v,
                Err(c) => return trap(ip, cx, c),
            };
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(4), sp, mem, cx, v, acc, facc)
        });
    };
    (load_add_imm, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 5, |ip, sp, mem, cx, acc, facc| {
            let addr = numeric::i32_add(operand!($form, A, $name, sp, acc, facc, ip.word(2)), imm_value(ip.u32(3)));
            let v = match memory::$sem(mem.bytes(), addr, 0) {
                Ok(v) => v,
                Err(c) => return trap(ip, cx, c),
            };
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(5), sp, mem, cx, v, acc, facc)
        });
    };
    (load_idx_imm, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 5, |ip, sp, mem, cx, acc, facc| {
            let index = (operand!($form, A, $name, sp, acc, facc, ip.word(2)) as u32) << crate::ir::load_scale!($sem);
            let addr = index.wrapping_add(ip.u32(3));
            let v = match memory::$sem(mem.bytes(), u64::from(addr), 0) {
                Ok(v) => v,
                Err(c) => return trap(ip, cx, c),
            };
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(5), sp, mem, cx, v, acc, facc)
        });
    };
    (load_add_idx, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 4, |ip, sp, mem, cx, acc, facc| {
            let index = (operand!($form, B, $name, sp, acc, facc, ip.word(3)) as u32) << crate::ir::load_scale!($sem);
            let addr = (operand!($form, A, $name, sp, acc, facc, ip.word(2)) as u32).wrapping_add(index);
            let v = match memory::$sem(mem.bytes(), u64::from(addr), 0) {
                Ok(v) => v,
                Err(c) => return trap(ip, cx, c),
            };
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(4), sp, mem, cx, v, acc, facc)
        });
    };
    (load_abs, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 4, |ip, sp, mem, cx, acc, facc| {
            let v = match memory::$sem(mem.bytes(), u64::from(ip.u32(2)), 0) {
                Ok(v) => v,
                Err(c) => return trap(ip, cx, c),
            };
            put!($sem, sp, ip.word(1), v);
            next_with!($name, ip.add(4), sp, mem, cx, v, acc, facc)
        });
    };
    (store, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 5, |ip, sp, mem, cx, acc, facc| {
            let (addr, value) = (sp.get(ip.word(1)), operand!($form, B, $name, sp, acc, facc, ip.word(2)));
            if let Err(c) = memory::$sem(mem.bytes(), addr, ip.u32(3), value) {
                return trap(ip, cx, c);
            }
            next!(ip.add(5), sp, mem, cx)
        });
    };
    (select, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 5, |ip, sp, mem, cx, acc, facc| {
            let cond = operand!($form, B, $name, sp, acc, facc, ip.word(4));
            let v = if cond as u32 != 0 { sp.get(ip.word(2)) } else { sp.get(ip.word(3)) };
            sp.set(ip.word(1), v);
            next_with!($name, ip.add(5), sp, mem, cx, v, acc, facc)
        });
    };
    (select_and, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 7, |ip, sp, mem, cx, acc, facc| {
            // The bit is as likely set as not (a parity): no branch on it.
            let picked = sp.get(ip.word(4)) as u32 & ip.u32(5) != 0;
            let a = operand!($form, A, $name, sp, acc, facc, ip.word(2));
            let b = operand!($form, B, $name, sp, acc, facc, ip.word(3));
            let v = core::hint::select_unpredictable(picked, a, b);
            sp.set(ip.word(1), v);
            next_with!($name, ip.add(7), sp, mem, cx, v, acc, facc)
        });
    };
    (load_mem, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 9, |ip, sp, mem, cx, acc, facc| {
            let f: memories::LoadFn = memory::$sem::<memory::Wide>;
            if let Err(c) = memories::load(ip, sp, cx, f, const { narrow_result(stringify!($sem)) }) {
                return trap(ip, cx, c);
            }
            next!(ip.add(9), sp, mem, cx)
        });
    };
    (store_mem, $name:ident, $sem:ident, $form:ident) => {
        family_handler!(@fn $name, 9, |ip, sp, mem, cx, acc, facc| {
            let f: memories::StoreFn = memory::$sem::<memory::Wide>;
            if let Err(c) = memories::store(ip, sp, cx, f) {
                return trap(ip, cx, c);
            }
            next!(ip.add(9), sp, mem, cx)
        });
    };
    (atomic_load, $name:ident, $sem:ident, $form:ident) => {
        #[cfg(feature = "atomics")]
        family_handler!(@fn $name, 5, |ip, sp, mem, cx, acc, facc| {
            match atomic::$sem(mem.bytes(), sp.get(ip.word(2)), ip.u32(3)) {
                Ok(v) => put!($sem, sp, ip.word(1), v),
                Err(c) => return trap(ip, cx, c),
            }
            next!(ip.add(5), sp, mem, cx)
        });
    };
    (atomic_store, $name:ident, $sem:ident, $form:ident) => {
        #[cfg(feature = "atomics")]
        family_handler!(@fn $name, 5, |ip, sp, mem, cx, acc, facc| {
            let (addr, value) = (sp.get(ip.word(1)), sp.get(ip.word(2)));
            if let Err(c) = atomic::$sem(mem.bytes(), addr, ip.u32(3), value) {
                return trap(ip, cx, c);
            }
            next!(ip.add(5), sp, mem, cx)
        });
    };
    (atomic_rmw, $name:ident, $sem:ident, $form:ident) => {
        #[cfg(feature = "atomics")]
        family_handler!(@fn $name, 6, |ip, sp, mem, cx, acc, facc| {
            let (addr, value) = (sp.get(ip.word(2)), sp.get(ip.word(3)));
            match atomic::$sem(mem.bytes(), addr, ip.u32(4), value) {
                Ok(v) => put!($sem, sp, ip.word(1), v),
                Err(c) => return trap(ip, cx, c),
            }
            next!(ip.add(6), sp, mem, cx)
        });
    };
    (atomic_cmpxchg, $name:ident, $sem:ident, $form:ident) => {
        #[cfg(feature = "atomics")]
        family_handler!(@fn $name, 7, |ip, sp, mem, cx, acc, facc| {
            let addr = sp.get(ip.word(2));
            let (expected, replacement) = (sp.get(ip.word(3)), sp.get(ip.word(4)));
            match atomic::$sem(mem.bytes(), addr, ip.u32(5), expected, replacement) {
                Ok(v) => put!($sem, sp, ip.word(1), v),
                Err(c) => return trap(ip, cx, c),
            }
            next!(ip.add(7), sp, mem, cx)
        });
    };
    // The SIMD families (`v128_*`), in `simd`.
    ($family:ident, $name:ident, $sem:ident, slot) => {
        super::simd::simd_handler!($family, $name, $sem);
    };
    (@fn $name:ident, $len:literal, |$ip:ident, $sp:ident, $mem:ident, $cx:ident, $acc:ident, $facc:ident| $body:block) => {
        #[allow(non_snake_case, unused_variables)]
        #[inline(always)]
        pub(super) fn $name($ip: Ip, $sp: Sp, $mem: Mem, $cx: &mut Cx<'_>, $acc: Acc, $facc: FAcc) -> Done {
            const _: () = assert!(OpCode::$name.len() == $len, "the family's layout");
            $body
        }
    };
}

/// An op's operand at word `$w`: from its slot (`slot`, the plain op) or
/// from the accumulator (`acc`, the op's accumulator form).
macro_rules! operand {
    (a, $pos:ident, $name:ident, $sp:ident, $acc:ident, $facc:ident, $w:expr) => {
        operand!(@$pos A, $name, $sp, $acc, $facc, $w)
    };
    (b, $pos:ident, $name:ident, $sp:ident, $acc:ident, $facc:ident, $w:expr) => {
        operand!(@$pos B, $name, $sp, $acc, $facc, $w)
    };
    (slot, $pos:ident, $name:ident, $sp:ident, $acc:ident, $facc:ident, $w:expr) => {
        $sp.get($w)
    };
    (@A A, $name:ident, $sp:ident, $acc:ident, $facc:ident, $w:expr) => {
        operand!(@acc $name, $acc, $facc)
    };
    (@B B, $name:ident, $sp:ident, $acc:ident, $facc:ident, $w:expr) => {
        operand!(@acc $name, $acc, $facc)
    };
    (@acc $name:ident, $acc:ident, $facc:ident) => {
        if const { OpCode::$name.takes_float() } {
            // SAFETY: invariant 5 of `state`: the op before this one, which
            // is the last that ran, passed its float result on in `$facc`.
            unsafe { $facc.assume_init() }.to_bits()
        } else {
            // SAFETY: as above, its integer result in `$acc`.
            unsafe { $acc.assume_init() }
        }
    };
    (@$pos:ident $form:ident, $name:ident, $sp:ident, $acc:ident, $facc:ident, $w:expr) => {
        $sp.get($w)
    };
}

/// Ends the handler of op `$name`, which computed `$v`: goes on with the
/// op at `$ip`, passing `$v` on in the accumulator of its type and the
/// other accumulator (`$acc` or `$facc`) as it came.
macro_rules! next_with {
    ($name:ident, $ip:expr, $sp:ident, $mem:ident, $cx:ident, $v:ident, $acc:ident, $facc:ident) => {
        if const { OpCode::$name.gives_float() } {
            let facc = core::mem::MaybeUninit::new(f64::from_bits($v));
            next!($ip, $sp, $mem, $cx, $acc, facc)
        } else {
            next!($ip, $sp, $mem, $cx, core::mem::MaybeUninit::new($v), $facc)
        }
    };
}

/// `$yes` if the ops of `$family` have the accumulator form `$form` (`a`
/// or `b`; the families and operands of `ir::acc`'s `FAMILIES`), else
/// `$no`. (The loop backend has no accumulator forms.)
#[allow(unused_macros)]
macro_rules! if_acc_form {
    (a, unary, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, unary_trap, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, binary, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, binary_trap, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, binary_imm, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, fused_rhs, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, fused_lhs, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, fused_rhs_imm, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, fused_imm, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, branch_cmp, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, branch_cmp_imm, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, load, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, select_and, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, load_add, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, load_add_imm, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, load_idx_imm, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (a, load_add_idx, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, binary, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, binary_trap, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, fused_rhs, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, fused_lhs, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, fused_rhs_imm, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, branch_cmp, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, load_add, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, load_add_idx, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, store, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, select, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    (b, select_and, {$($yes:tt)*}, {$($no:tt)*}) => { $($yes)* };
    ($form:ident, $family:ident, {$($yes:tt)*}, {$($no:tt)*}) => { $($no)* };
}

/// The handler of op `$name` as a function path.
macro_rules! handler_of {
    (control, $name:ident, $sem:ident) => {
        control::$sem
    };
    (atomic_load, $name:ident, $sem:ident) => {
        atomic_handler!($name)
    };
    (atomic_store, $name:ident, $sem:ident) => {
        atomic_handler!($name)
    };
    (atomic_rmw, $name:ident, $sem:ident) => {
        atomic_handler!($name)
    };
    (atomic_cmpxchg, $name:ident, $sem:ident) => {
        atomic_handler!($name)
    };
    ($family:ident, $name:ident, $sem:ident) => {
        $name
    };
}

/// The handler of an atomic op: its own with the `atomics` feature; one
/// for all without it, whose validator refuses them (see
/// `control::atomics_disabled`), so that they cost no flash.
#[cfg(feature = "atomics")]
macro_rules! atomic_handler {
    ($name:ident) => {
        $name
    };
}
#[cfg(not(feature = "atomics"))]
macro_rules! atomic_handler {
    ($name:ident) => {
        control::atomics_disabled
    };
}

macro_rules! define_handlers {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident ( $($field:ident : $kind:ident),* )
            = $family:ident $sem:ident $(of $base:ident $(( $inner:ident ))?)? $(not $neg:ident)? [$gate:ident];
    )*) => {
        $( family_handler!($family, $name, $sem, slot); )*

        tail_backend! {
            /// The accumulator forms reading `a`, of the ops that have one.
            mod acc_a {
                #[allow(unused_imports)]
                use super::*;
                $( if_acc_form!(a, $family, { family_handler!($family, $name, $sem, a); }, {}); )*
            }
            /// The accumulator forms reading `b`, of the ops that have one.
            mod acc_b {
                #[allow(unused_imports)]
                use super::*;
                $( if_acc_form!(b, $family, { family_handler!($family, $name, $sem, b); }, {}); )*
            }
        }

        /// Each op's fields, read from the op at `ip`, in list order.
        #[allow(non_snake_case, dead_code, unused_variables)]
        pub(super) mod fields {
            use super::Ip;
            $(
                #[inline(always)]
                pub fn $name(ip: Ip) -> ($(value_ty!($kind),)*) {
                    read_fields!(ip, 1, [$($field : $kind),*] [])
                }
            )*
        }

        tail_backend! {
            /// Every op's handler, by its first word: the plain op's by op
            /// code, its accumulator forms' by op code + `ACC_A` or `ACC_B`;
            /// `None` for a word that is no op (a code past the list, or an
            /// accumulator form the op does not have: neither the
            /// translator nor the image check lets such a word through).
            /// A `None` entry is a null word that the dynamic loader does
            /// not relocate: in a position-independent executable, a
            /// table of 4,096 function pointers cost 4,096 relocations at
            /// every process start; only the real entries are relocated
            /// (1,113 in the x86_64 CLI).
            pub(super) static HANDLERS: [Option<super::dispatch::Handler>; 4 * ACC_A as usize] = {
                const N: usize = OpCode::ALL.len();
                let plain: [super::dispatch::Handler; N] = [
                    $( handler_of!($family, $name, $sem), )*
                ];
                let acc_a: [Option<super::dispatch::Handler>; N] = [
                    $( if_acc_form!(a, $family, { Some(acc_a::$name) }, { None }), )*
                ];
                let acc_b: [Option<super::dispatch::Handler>; N] = [
                    $( if_acc_form!(b, $family, { Some(acc_b::$name) }, { None }), )*
                ];
                let mut table: [Option<super::dispatch::Handler>; 4 * ACC_A as usize] =
                    [None; 4 * ACC_A as usize];
                let mut i = 0;
                while i < N {
                    // The forms dispatched to are the forms the translator
                    // marks and the image check accepts (`ir::acc`'s table):
                    // checked when the table is built, at compile time.
                    assert!(
                        acc_a[i].is_some() == OpCode::ALL[i].acc_operand(ACC_A).is_some()
                            && acc_b[i].is_some() == OpCode::ALL[i].acc_operand(ACC_B).is_some(),
                        "an op's accumulator forms differ from ir::acc's"
                    );
                    table[i] = Some(plain[i]);
                    table[ACC_A as usize + i] = acc_a[i];
                    table[ACC_B as usize + i] = acc_b[i];
                    i += 1;
                }
                table
            };
        }

        loop_backend! {
            /// The loop backend's step: the handler of the op at `ip`, inlined.
            #[inline(always)]
            pub(super) fn run_inline(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>) -> Done {
                #[allow(non_upper_case_globals)]
                mod code {
                    use crate::ir::OpCode;
                    $( pub const $name: u16 = OpCode::$name as u16; )*
                }
                // An accumulator form runs as the plain op.
                match ip.word(0) & !(ACC_A | ACC_B) {
                    $( code::$name if const { OpCode::$name.built() } => handler_of!($family, $name, $sem)(ip, sp, mem, cx, NO_ACC.0, NO_ACC.1), )*
                    // An op of a feature this build leaves out has no arm
                    // (`OpCode::built`; the SIMD and atomic ops are the
                    // list's last, so the jump table stops before them):
                    // validation refuses its instruction and the image
                    // check its code. A trapping arm for them cost 2.9 KB
                    // of riscv32imac text in the loop (LLVM kept the
                    // default reachable), 8 bytes on thumbv7em.
                    // Invariant 1 of `state`: not reached with checked code
                    // (the checked builds stop on it).
                    #[cfg(any(debug_assertions, feature = "extra-checks"))]
                    _ => panic!("no op at ip"),
                    // SAFETY: invariant 1: `ip` is at an op, whose first
                    // word is the code of an op this build runs (as the
                    // tail backend's table lookup relies on too).
                    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
                    _ => unsafe { core::hint::unreachable_unchecked() },
                }
            }
        }
    };
}

for_each_op!(define_handlers);
