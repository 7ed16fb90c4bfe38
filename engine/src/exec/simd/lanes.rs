//! The lane library: a `u128` vector seen as lanes of one type (lane 0 in
//! the low bits, as a little-endian memory image), and `map`/`zip`
//! helpers, so that each SIMD instruction's semantics is one line.

/// Defines module `$m`, the vector as `$n` lanes of `$t` (`$u` the
/// unsigned type of the same width).
macro_rules! shape {
    ($(#[$doc:meta])* $m:ident, $t:ty, $u:ty, $n:literal) => {
        $(#[$doc])*
        #[allow(dead_code)]
        pub(super) mod $m {
            /// Lanes in the shape.
            pub const N: usize = $n;
            const BITS: usize = 128 / $n;

            /// The lanes of `v`.
            #[inline(always)]
            pub fn get(v: u128) -> [$t; $n] {
                core::array::from_fn(|i| (v >> (i * BITS)) as $u as $t)
            }

            /// The vector of `lanes`.
            #[inline(always)]
            pub fn put(lanes: [$t; $n]) -> u128 {
                let mut v = 0u128;
                for (i, x) in lanes.into_iter().enumerate() {
                    v |= u128::from(x as $u) << (i * BITS);
                }
                v
            }

            /// `f` of each lane.
            #[inline(always)]
            pub fn map(a: u128, f: impl Fn($t) -> $t) -> u128 {
                put(get(a).map(f))
            }

            /// `f` of each pair of lanes.
            #[inline(always)]
            pub fn zip(a: u128, b: u128, f: impl Fn($t, $t) -> $t) -> u128 {
                let (a, b) = (get(a), get(b));
                put(core::array::from_fn(|i| f(a[i], b[i])))
            }

            /// A lane of ones where `f` holds, of zeros where not.
            #[inline(always)]
            pub fn cmp(a: u128, b: u128, f: impl Fn($t, $t) -> bool) -> u128 {
                let (a, b) = (get(a), get(b));
                put(core::array::from_fn(|i| if f(a[i], b[i]) { !0 as $u as $t } else { 0 }))
            }

            /// Every lane `x`.
            #[inline(always)]
            pub fn splat(x: $t) -> u128 {
                put([x; $n])
            }

            /// Lane `lane` (taken modulo the lane count).
            #[inline(always)]
            pub fn lane(v: u128, lane: u32) -> $t {
                get(v)[lane as usize % $n]
            }

            /// `v` with lane `lane` (modulo the lane count) set to `x`.
            #[inline(always)]
            pub fn with_lane(v: u128, lane: u32, x: $t) -> u128 {
                let mut l = get(v);
                l[lane as usize % $n] = x;
                put(l)
            }

            /// Whether every lane is not zero.
            #[inline(always)]
            pub fn all_true(v: u128) -> u64 {
                get(v).iter().all(|&x| x != 0) as u64
            }

            /// The lanes' top bits, lane 0's in bit 0.
            #[inline(always)]
            pub fn bitmask(v: u128) -> u64 {
                let mut m = 0u64;
                for (i, x) in get(v).into_iter().enumerate() {
                    m |= u64::from((x as $u) >> (BITS - 1)) << i;
                }
                m
            }
        }
    };
}

shape!(
    /// Sixteen signed bytes.
    i8s, i8, u8, 16
);
shape!(
    /// Sixteen unsigned bytes.
    u8s, u8, u8, 16
);
shape!(
    /// Eight signed 16-bit lanes.
    i16s, i16, u16, 8
);
shape!(
    /// Eight unsigned 16-bit lanes.
    u16s, u16, u16, 8
);
shape!(
    /// Four signed 32-bit lanes.
    i32s, i32, u32, 4
);
shape!(
    /// Four unsigned 32-bit lanes (also an `f32x4`'s bit patterns).
    u32s, u32, u32, 4
);
shape!(
    /// Two signed 64-bit lanes.
    i64s, i64, u64, 2
);
shape!(
    /// Two unsigned 64-bit lanes (also an `f64x2`'s bit patterns).
    u64s, u64, u64, 2
);

/// Lanes of a narrower shape widened into one of half as many: lanes
/// `half * N/2 ..` of `from` (the low or high half), each converted by
/// `f`.
#[inline(always)]
pub(super) fn widen<A: Copy, B, const N: usize, const M: usize>(
    from: [A; N],
    high: bool,
    f: impl Fn(A) -> B,
) -> [B; M] {
    let at = if high { M } else { 0 };
    core::array::from_fn(|i| f(from[at + i]))
}

/// Pairs of adjacent lanes combined into one: lane `i` is `f(from[2i],
/// from[2i + 1])`.
#[inline(always)]
pub(super) fn pairs<A: Copy, B, const N: usize, const M: usize>(
    from: [A; N],
    f: impl Fn(A, A) -> B,
) -> [B; M] {
    core::array::from_fn(|i| f(from[2 * i], from[2 * i + 1]))
}
