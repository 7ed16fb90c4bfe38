//! How the executor goes from one op to the next: the one place the
//! dispatch technique is chosen.
//!
//! Every op has a handler, `fn(Ip, Sp, Mem, &mut Cx, Acc, FAcc) -> Done`,
//! that does the op's work and ends in [`next!`] (or stops with
//! [`exit!`]). `Acc` and `FAcc` are the accumulators (`ir::acc`): the
//! integer or float result the op before passed on, which an op's
//! accumulator form reads instead of its slot. Two backends run them:
//!
//! - **tail** (optimized builds on x86_64 and aarch64): `next!` reads the
//!   next op's code and tail-calls its handler from the table. Each
//!   handler is a small function of its own, compiled with the hot state in
//!   argument registers, and every conditional branch has its own dispatch.
//!   This relies on the compiler turning those calls into jumps, which it
//!   does for these targets when optimizing; `engine/src/exec/tests.rs`
//!   runs every kind of op in long loops on a small native stack, and CI
//!   runs it optimized on both (aarch64 under qemu-user:
//!   scripts/dispatch-cross.sh), so a handler that would grow the stack
//!   fails there.
//!   The accumulators are two more argument registers (an integer one and
//!   a float one): a result the next op consumes goes from one handler to
//!   the next without a store and a load.
//! - **loop** (everything else: debug builds, `extra-checks`, the
//!   microcontrollers): one loop matches the op code and runs the inlined
//!   handler; `next!` hands the registers back to the loop. Portable, and
//!   it never grows the native stack. It runs an accumulator form as the
//!   plain op (the slot holds the same value), and keeps no accumulator.

use super::cx::Cx;
use super::state::{Ip, Mem, Sp};
use core::mem::MaybeUninit;

/// Items of the tail backend (the condition is written once, here).
macro_rules! tail_backend {
    ($($item:item)*) => {
        $(
            #[cfg(all(
                not(any(debug_assertions, feature = "extra-checks")),
                any(target_arch = "x86_64", target_arch = "aarch64")
            ))]
            $item
        )*
    };
}

/// Items of the loop backend.
macro_rules! loop_backend {
    ($($item:item)*) => {
        $(
            #[cfg(not(all(
                not(any(debug_assertions, feature = "extra-checks")),
                any(target_arch = "x86_64", target_arch = "aarch64")
            )))]
            $item
        )*
    };
}
pub(crate) use {loop_backend, tail_backend};

/// The integer accumulator: an integer result, passed from one handler to
/// the next. Uninitialized where no op reads it (costs no instruction); an
/// op reads it only under invariant 5 of `state`.
pub(crate) type Acc = MaybeUninit<u64>;

/// The float accumulator: a float result (an `f32`'s bits in the low half
/// of the `f64`'s), passed from one handler to the next, as [`Acc`].
pub(crate) type FAcc = MaybeUninit<f64>;

/// The accumulators where no op reads them.
pub(crate) const NO_ACC: (Acc, FAcc) = (MaybeUninit::uninit(), MaybeUninit::uninit());

/// A slow path that ends a handler (returns its `Done`): in the tail
/// backend a cold function of its own, which the handler jumps to; in the
/// loop backend inlined, since a `Done` returned from a call goes through
/// memory and the loop's state would stay there on every op.
macro_rules! slow_path {
    ($(#[$meta:meta])* $vis:vis fn $($rest:tt)*) => {
        $crate::exec::dispatch::tail_backend! {
            #[cold]
            #[inline(never)]
            $(#[$meta])*
            $vis fn $($rest)*
        }
        $crate::exec::dispatch::loop_backend! {
            #[cold]
            #[inline(always)]
            $(#[$meta])*
            $vis fn $($rest)*
        }
    };
}
pub(crate) use slow_path;

/// Why the executor stopped: it says why in `Cx::stop`, or the entry
/// function returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    Returned,
    Stopped,
}

tail_backend! {
    /// What a handler returns.
    pub(crate) type Done = Exit;

    /// A handler.
    pub(crate) type Handler = fn(Ip, Sp, Mem, &mut Cx<'_>, Acc, FAcc) -> Done;

    /// Runs the op at `ip` and whatever follows, until execution stops.
    pub(crate) fn execute(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>) -> Exit {
        dispatch(ip, sp, mem, cx, NO_ACC.0, NO_ACC.1)
    }

    /// The handler of the op at `ip`, run: a tail call where `next!`
    /// uses it.
    #[inline(always)]
    pub(crate) fn dispatch(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, acc: Acc, facc: FAcc) -> Done {
        let code = usize::from(ip.word(0));
        // SAFETY: invariant 1 of `state`: `ip` is at an op, whose first
        // word is a code of the list, possibly with `ACC_A` or `ACC_B` set
        // if the op has that accumulator form (below `4 * ACC_A`), which
        // `HANDLERS` has a `Some` entry for.
        let handler = unsafe { super::handlers::HANDLERS.get_unchecked(code).unwrap_unchecked() };
        handler(ip, sp, mem, cx, acc, facc)
    }

    /// Ends a handler: goes on with the op at `$ip`, passing it the
    /// accumulators `$acc` and `$facc` (uninitialized if not given: no op
    /// reads them after this one).
    macro_rules! next {
        ($ip:expr, $sp:expr, $mem:expr, $cx:expr) => {
            return $crate::exec::dispatch::dispatch(
                $ip,
                $sp,
                $mem,
                $cx,
                $crate::exec::dispatch::NO_ACC.0,
                $crate::exec::dispatch::NO_ACC.1,
            )
        };
        ($ip:expr, $sp:expr, $mem:expr, $cx:expr, $acc:expr, $facc:expr) => {
            return $crate::exec::dispatch::dispatch($ip, $sp, $mem, $cx, $acc, $facc)
        };
    }

    /// Ends a handler: stops execution.
    macro_rules! exit {
        ($exit:expr) => {
            return $exit
        };
    }
}

loop_backend! {
    /// What a handler returns: the state to go on with. A handler that
    /// stops returns an `Ip` that points at no code ([`Ip::stop`]), so
    /// the state is three plain values the loop keeps in registers (as a
    /// `ControlFlow` it went through memory on Thumb-2: ten more
    /// instructions per op).
    pub(crate) type Done = (Ip, Sp, Mem);

    /// Runs the op at `ip` and whatever follows, until execution stops.
    pub(crate) fn execute(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>) -> Exit {
        let (mut ip, mut sp, mut mem) = (ip, sp, mem);
        loop {
            (ip, sp, mem) = super::handlers::run_inline(ip, sp, mem, cx);
            if ip.is_stop() {
                return ip.stop_reason();
            }
        }
    }

    /// Ends a handler: goes on with the op at `$ip` (the accumulator is
    /// not kept).
    macro_rules! next {
        ($ip:expr, $sp:expr, $mem:expr, $cx:expr $(, $acc:expr, $facc:expr)?) => {{
            let _: &mut $crate::exec::cx::Cx<'_> = $cx;
            $( let _: ($crate::exec::dispatch::Acc, $crate::exec::dispatch::FAcc) = ($acc, $facc); )?
            return ($ip, $sp, $mem);
        }};
    }

    /// Ends a handler: stops execution.
    macro_rules! exit {
        ($exit:expr) => {
            return (
                $crate::exec::state::Ip::stop($exit),
                $crate::exec::state::Sp::none(),
                $crate::exec::state::Mem::none(),
            )
        };
    }
}

pub(crate) use {exit, next};
