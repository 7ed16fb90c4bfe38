//! The SIMD families' handlers (`v128_*` in the op list) and their
//! semantics: plain functions over `u128` vectors (lane 0 in the low
//! bits), built on a small lane library (`lanes`), in `int` (integer and
//! bitwise lanes, shuffles, lane access), `float` (float lanes and
//! conversions, through the scalar float functions of `numeric`, so a
//! lane is bit for bit what the scalar instruction gives, on soft-float
//! targets too), `mem` (loads and stores, of memory 0 and of any
//! memory) and `global` (`v128` globals).
//!
//! A v128 operand takes two slots, its low half first (DESIGN.md); an
//! op's v128 field names the first, and the translator keeps both inside
//! the frame.
//!
//! # Relaxed SIMD
//!
//! Each relaxed instruction gives one of the results the specification
//! allows, the same on every target: the deterministic instruction it
//! relaxes. `relaxed_swizzle` is `swizzle` (an index past 15 gives 0);
//! `relaxed_trunc*` are `trunc_sat*` (NaN gives 0, out of range
//! saturates); `relaxed_madd`/`relaxed_nmadd` round twice (`a * b`, then
//! `+ c`: not fused); `relaxed_laneselect` is `bitselect`;
//! `relaxed_min`/`relaxed_max` are `min`/`max`; `relaxed_q15mulr_s` is
//! `q15mulr_sat_s`; the dot products take both operands' bytes as signed
//! and wrap their sums.

#[cfg(feature = "simd")]
mod float;
#[cfg(feature = "simd")]
mod global;
#[cfg(feature = "simd")]
mod int;
#[cfg(feature = "simd")]
mod lanes;
#[cfg(feature = "simd")]
mod mem;
#[cfg(all(test, feature = "simd"))]
mod tests;

#[cfg(feature = "simd")]
pub(super) use {float::*, global::*, int::*, mem::*};

#[cfg(not(feature = "simd"))]
use super::cx::Cx;
#[cfg(feature = "simd")]
use super::state::Ip;
#[cfg(feature = "simd")]
use super::state::Sp;
#[cfg(not(feature = "simd"))]
use super::state::{Ip, Mem, Sp};

/// The v128 at slots `slot` and `slot + 1`.
#[cfg(feature = "simd")]
#[inline(always)]
pub(super) fn get(sp: Sp, slot: u16) -> u128 {
    u128::from(sp.get(slot)) | (u128::from(sp.get(slot.wrapping_add(1))) << 64)
}

/// Sets slots `slot` and `slot + 1` to the v128 `v`.
#[cfg(feature = "simd")]
#[inline(always)]
pub(super) fn set(sp: Sp, slot: u16, v: u128) {
    sp.set(slot, v as u64);
    sp.set(slot.wrapping_add(1), (v >> 64) as u64);
}

/// The 128-bit constant of an op at word `k` (eight words, low first).
#[cfg(feature = "simd")]
#[inline(always)]
pub(super) fn imm(ip: Ip, k: usize) -> u128 {
    u128::from(ip.u64(k)) | (u128::from(ip.u64(k + 4)) << 64)
}

/// Without the `simd` feature the validator refuses SIMD (and an image's
/// check its ops): the handler every SIMD op then has never runs.
#[cfg(not(feature = "simd"))]
pub(super) fn simd_disabled(
    ip: Ip,
    _: Sp,
    _: Mem,
    cx: &mut Cx<'_>,
    _: super::dispatch::Acc,
    _: super::dispatch::FAcc,
) -> super::dispatch::Done {
    super::handlers::trap(ip, cx, crate::trap::TrapCode::Unreachable)
}

/// The handler of a SIMD op (expanded in `handlers`, which names it in
/// the dispatch table): one per family and layout, onto the semantics
/// function `$sem` of this module.
#[cfg(not(feature = "simd"))]
macro_rules! simd_handler {
    ($family:ident, $name:ident, $sem:ident) => {
        #[allow(unused_imports)]
        use super::simd::simd_disabled as $name;
    };
}

/// The handler of a SIMD op (expanded in `handlers`, which names it in
/// the dispatch table): one per family and layout, onto the semantics
/// function `$sem` of this module.
#[cfg(feature = "simd")]
macro_rules! simd_handler {
    (v128_const, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 10, |ip, sp, mem, cx| {
            simd::set(sp, ip.word(1), simd::imm(ip, 2));
            next!(ip.add(10), sp, mem, cx)
        });
    };
    (v128_unary, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 3, |ip, sp, mem, cx| {
            simd::set(sp, ip.word(1), simd::$sem(simd::get(sp, ip.word(2))));
            next!(ip.add(3), sp, mem, cx)
        });
    };
    (v128_binary, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 4, |ip, sp, mem, cx| {
            let (a, b) = (simd::get(sp, ip.word(2)), simd::get(sp, ip.word(3)));
            simd::set(sp, ip.word(1), simd::$sem(a, b));
            next!(ip.add(4), sp, mem, cx)
        });
    };
    (v128_ternary, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 5, |ip, sp, mem, cx| {
            let (a, b) = (simd::get(sp, ip.word(2)), simd::get(sp, ip.word(3)));
            let c = simd::get(sp, ip.word(4));
            simd::set(sp, ip.word(1), simd::$sem(a, b, c));
            next!(ip.add(5), sp, mem, cx)
        });
    };
    (v128_shift, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 4, |ip, sp, mem, cx| {
            let (a, x) = (simd::get(sp, ip.word(2)), sp.get(ip.word(3)));
            simd::set(sp, ip.word(1), simd::$sem(a, x));
            next!(ip.add(4), sp, mem, cx)
        });
    };
    (v128_shuffle, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 12, |ip, sp, mem, cx| {
            let (a, b) = (simd::get(sp, ip.word(2)), simd::get(sp, ip.word(3)));
            simd::set(sp, ip.word(1), simd::$sem(a, b, simd::imm(ip, 4)));
            next!(ip.add(12), sp, mem, cx)
        });
    };
    (v128_splat, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 3, |ip, sp, mem, cx| {
            simd::set(sp, ip.word(1), simd::$sem(sp.get(ip.word(2))));
            next!(ip.add(3), sp, mem, cx)
        });
    };
    (v128_extract, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 5, |ip, sp, mem, cx| {
            sp.set(ip.word(1), simd::$sem(simd::get(sp, ip.word(2)), ip.u32(3)));
            next!(ip.add(5), sp, mem, cx)
        });
    };
    (v128_replace, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 6, |ip, sp, mem, cx| {
            let (a, x) = (simd::get(sp, ip.word(2)), sp.get(ip.word(3)));
            simd::set(sp, ip.word(1), simd::$sem(a, x, ip.u32(4)));
            next!(ip.add(6), sp, mem, cx)
        });
    };
    (v128_test, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 3, |ip, sp, mem, cx| {
            sp.set(ip.word(1), simd::$sem(simd::get(sp, ip.word(2))));
            next!(ip.add(3), sp, mem, cx)
        });
    };
    (v128_load, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 5, |ip, sp, mem, cx| {
            match simd::$sem(mem.bytes(), sp.get(ip.word(2)), ip.u32(3)) {
                Ok(v) => simd::set(sp, ip.word(1), v),
                Err(c) => return trap(ip, cx, c),
            }
            next!(ip.add(5), sp, mem, cx)
        });
    };
    (v128_store, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 5, |ip, sp, mem, cx| {
            let (addr, v) = (sp.get(ip.word(1)), simd::get(sp, ip.word(2)));
            if let Err(c) = simd::$sem(mem.bytes(), addr, ip.u32(3), v) {
                return trap(ip, cx, c);
            }
            next!(ip.add(5), sp, mem, cx)
        });
    };
    (v128_load_lane, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 8, |ip, sp, mem, cx| {
            let (addr, a) = (sp.get(ip.word(2)), simd::get(sp, ip.word(3)));
            match simd::$sem(mem.bytes(), addr, ip.u32(4), a, ip.u32(6)) {
                Ok(v) => simd::set(sp, ip.word(1), v),
                Err(c) => return trap(ip, cx, c),
            }
            next!(ip.add(8), sp, mem, cx)
        });
    };
    (v128_store_lane, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 7, |ip, sp, mem, cx| {
            let (addr, v) = (sp.get(ip.word(1)), simd::get(sp, ip.word(2)));
            if let Err(c) = simd::$sem(mem.bytes(), addr, ip.u32(3), v, ip.u32(5)) {
                return trap(ip, cx, c);
            }
            next!(ip.add(7), sp, mem, cx)
        });
    };
    (v128_global_get, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 4, |ip, sp, mem, cx| {
            simd::set(sp, ip.word(1), simd::$sem(cx, ip.u32(2)));
            next!(ip.add(4), sp, mem, cx)
        });
    };
    (v128_global_set, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 4, |ip, sp, mem, cx| {
            simd::$sem(cx, ip.u32(1), simd::get(sp, ip.word(3)));
            next!(ip.add(4), sp, mem, cx)
        });
    };
    // The general path's loads and stores (any memory, 32- or 64-bit):
    // out of line, through `mem`, onto the same generic semantics.
    (v128_load_mem, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 9, |ip, sp, mem, cx| {
            if let Err(c) = simd::load_mem(ip, sp, cx, simd::$sem) {
                return trap(ip, cx, c);
            }
            next!(ip.add(9), sp, mem, cx)
        });
    };
    (v128_store_mem, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 9, |ip, sp, mem, cx| {
            if let Err(c) = simd::store_mem(ip, sp, cx, simd::$sem) {
                return trap(ip, cx, c);
            }
            next!(ip.add(9), sp, mem, cx)
        });
    };
    (v128_load_lane_mem, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 12, |ip, sp, mem, cx| {
            if let Err(c) = simd::load_lane_mem(ip, sp, cx, simd::$sem) {
                return trap(ip, cx, c);
            }
            next!(ip.add(12), sp, mem, cx)
        });
    };
    (v128_store_lane_mem, $name:ident, $sem:ident) => {
        $crate::exec::simd::simd_handler!(@fn $name, 11, |ip, sp, mem, cx| {
            if let Err(c) = simd::store_lane_mem(ip, sp, cx, simd::$sem) {
                return trap(ip, cx, c);
            }
            next!(ip.add(11), sp, mem, cx)
        });
    };
    (@fn $name:ident, $len:literal, |$ip:ident, $sp:ident, $mem:ident, $cx:ident| $body:block) => {
        #[allow(non_snake_case)]
        #[inline(always)]
        fn $name($ip: Ip, $sp: Sp, $mem: Mem, $cx: &mut Cx<'_>, _: super::dispatch::Acc, _: super::dispatch::FAcc) -> Done {
            use super::simd;
            const _: () = assert!(OpCode::$name.len() == $len, "the family's layout");
            $body
        }
    };
}
pub(super) use simd_handler;
