//! Running a WASI command on a board, the way `mote run` does on a host.

use crate::ctx::WasiCtx;
use crate::traits::{Console, Host, OutStream};
use core::fmt::{self, Write as _};
use mote::{Error, Instance, Linker, Module, Store};

/// The exit status of a command that trapped (`mote run` and
/// `wasmtime run` use it too: 128 + SIGABRT).
pub const TRAP_EXIT: i32 = 134;

/// The exit status when the command could not start (no `_start`, an
/// import the firmware does not provide, an instantiation failure).
pub const ERROR_EXIT: i32 = 1;

/// `fmt::Write` into the guest's stderr.
struct Stderr<'a, C>(&'a mut C);

impl<C: Console> fmt::Write for Stderr<'_, C> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s.as_bytes();
        while !rest.is_empty() {
            match self.0.write(OutStream::Stderr, rest) {
                Ok(n) if n > 0 => rest = rest.get(n..).unwrap_or_default(),
                _ => return Err(fmt::Error),
            }
        }
        Ok(())
    }
}

/// Instantiates `module` with `linker`, calls its `_start` and returns the
/// exit status, with the conventions of `mote run`:
///
/// - 0 when `_start` returns, the code of `proc_exit` when it exits;
/// - [`TRAP_EXIT`] after a trap, with `error: wasm trap: <message>` and a
///   backtrace written to the guest's stderr in the same format as
///   `mote run` (function names need `Config::debug_info`);
/// - [`ERROR_EXIT`] with `error: <message>` on stderr when it cannot start.
///
/// The WASI context `get` returns supplies stderr. The firmware passes the
/// status to its board's exit.
pub fn run_command<T: 'static, H: Host, const FDS: usize, const PREOPENS: usize>(
    store: &mut Store<T>,
    linker: &Linker<T>,
    module: &Module,
    get: fn(&mut T) -> &mut WasiCtx<H, FDS, PREOPENS>,
) -> i32 {
    let instance = linker.instantiate(&mut *store, module);
    run_instance(store, instance, get)
}

/// [`run_command`] after the instantiation, from its result: the caller
/// may drop its linker before the program runs.
pub(super) fn run_instance<T: 'static, H: Host, const FDS: usize, const PREOPENS: usize>(
    store: &mut Store<T>,
    instance: Result<Instance, Error>,
    get: fn(&mut T) -> &mut WasiCtx<H, FDS, PREOPENS>,
) -> i32 {
    let start = instance.map(|instance| instance.get_func(&*store, "_start"));
    let result = match start {
        Ok(Some(start)) => start.call(&mut *store, &[], &mut []),
        Ok(None) => {
            let console = get(store.data_mut()).host_mut().console();
            let _ = writeln!(Stderr(console), "error: the module has no _start");
            return ERROR_EXIT;
        }
        Err(e) => Err(e),
    };
    report(store, get, result)
}

fn report<T, H: Host, const FDS: usize, const PREOPENS: usize>(
    store: &mut Store<T>,
    get: fn(&mut T) -> &mut WasiCtx<H, FDS, PREOPENS>,
    result: Result<(), Error>,
) -> i32 {
    let trap = match result {
        Ok(()) => return 0,
        Err(Error::Trap(t)) => t,
        Err(e) => {
            let console = get(store.data_mut()).host_mut().console();
            let _ = writeln!(Stderr(console), "error: {e}");
            return ERROR_EXIT;
        }
    };
    if let Some(code) = trap.exit_code() {
        return code;
    }
    let frames = store.trap_backtrace();
    let mut err = Stderr(get(store.data_mut()).host_mut().console());
    let _ = writeln!(err, "error: wasm trap: {trap}");
    if !frames.is_empty() {
        let _ = writeln!(err, "wasm backtrace:");
        for (i, f) in frames.iter().enumerate() {
            let _ = write!(err, "  {i:>3}: {:#8x} - ", f.module_offset);
            let _ = match f.func_name.as_deref() {
                Some(name) => writeln!(err, "{name}"),
                None => writeln!(err, "<func {}>", f.func_index),
            };
        }
    }
    TRAP_EXIT
}
