//! How the executor goes from one op to the next: the one place the
//! dispatch technique is chosen.
//!
//! Every op has a handler, `fn(Ip, Sp, Mem, &mut Cx) -> Done`, that does
//! the op's work and ends in [`next!`] (or stops with [`exit!`]). Two
//! backends run them:
//!
//! - **tail** (optimized builds on x86_64 and aarch64): `next!` reads the
//!   next op's code and tail-calls its handler from the table. Each
//!   handler is a small function of its own, compiled with the hot state in
//!   argument registers, and every conditional branch has its own dispatch.
//!   This relies on the compiler turning those calls into jumps, which it
//!   does for these targets when optimizing; `engine/src/exec/tests.rs`
//!   runs every kind of op in long loops on a small native stack, and CI
//!   runs it optimized, so a handler that would grow the stack fails there.
//! - **loop** (everything else: debug builds, `extra-checks`, the
//!   microcontrollers): one loop matches the op code and runs the inlined
//!   handler; `next!` hands the registers back to the loop. Portable, and
//!   it never grows the native stack.

use super::cx::Cx;
use super::state::{Ip, Mem, Sp};

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
    pub(crate) type Handler = fn(Ip, Sp, Mem, &mut Cx<'_>) -> Done;

    /// Runs the op at `ip` and whatever follows, until execution stops.
    pub(crate) fn execute(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>) -> Exit {
        dispatch(ip, sp, mem, cx)
    }

    /// The handler of the op at `ip`, run: a tail call where `next!`
    /// uses it.
    #[inline(always)]
    pub(crate) fn dispatch(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>) -> Done {
        let code = usize::from(ip.word(0));
        // SAFETY: invariant 1 of `state`: `ip` is at an op, whose first
        // word is a code of the list, which `HANDLERS` has an entry for.
        let handler = unsafe { *super::handlers::HANDLERS.get_unchecked(code) };
        handler(ip, sp, mem, cx)
    }

    /// Ends a handler: goes on with the op at `$ip`.
    macro_rules! next {
        ($ip:expr, $sp:expr, $mem:expr, $cx:expr) => {
            return $crate::exec::dispatch::dispatch($ip, $sp, $mem, $cx)
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

    /// Ends a handler: goes on with the op at `$ip`.
    macro_rules! next {
        ($ip:expr, $sp:expr, $mem:expr, $cx:expr) => {{
            let _: &mut $crate::exec::cx::Cx<'_> = $cx;
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
