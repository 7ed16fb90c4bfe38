//! Runs one module with Mote and `wasi-lite`, and turns how it ended into
//! the container's exit status, with the conventions of `mote run`.

use crate::invocation::Invocation;
use mote::{Config, Engine, Error, FrameInfo, LinkErrorKind, Linker, Module, Store};
use std::io::Write;
use std::path::PathBuf;
use wasi_lite::std_backend::{StdWasiCtx, WasiCtxBuilder};

/// The exit status of a trapped guest, as `mote run` and `wasmtime run`
/// use on Unix.
pub const TRAP_EXIT: i32 = 134;
/// The exit status when the module could not be run at all, or ended with
/// a status a process cannot report (as `mote run`).
pub const ERROR_EXIT: i32 = 1;

/// The frames of a backtrace shown in full; a deeper one shows its
/// innermost and outermost frames (as `mote run`).
const BACKTRACE_HEAD: usize = 30;
const BACKTRACE_TAIL: usize = 10;

/// How a run ended.
#[derive(Debug)]
pub enum Outcome {
    /// The entry function returned (0) or the guest called `proc_exit`.
    Exited(i32),
    /// Execution trapped: the trap's message and the frames it unwound.
    Trapped {
        message: String,
        backtrace: Vec<FrameInfo>,
    },
    /// The module could not be loaded, linked or called: a sentence.
    Failed(String),
}

/// The host directories a guest is granted: (host path, guest name).
pub type Preopens = [(PathBuf, String)];

/// Loads `wasm`, links WASI preview1 (with the stdio of `stdio`, the
/// invocation's arguments and variables and `preopens`) and calls the
/// invocation's function.
pub fn run(wasm: &[u8], inv: &Invocation, stdio: WasiCtxBuilder, preopens: &Preopens) -> Outcome {
    match try_run(wasm, inv, stdio, preopens) {
        Ok(outcome) | Err(outcome) => outcome,
    }
}

struct State {
    wasi: StdWasiCtx,
}

fn try_run(
    wasm: &[u8],
    inv: &Invocation,
    stdio: WasiCtxBuilder,
    preopens: &Preopens,
) -> Result<Outcome, Outcome> {
    let failed = |what: &str, e: &dyn std::fmt::Display| Outcome::Failed(format!("{what}: {e}"));
    let mut config = Config::new();
    config.debug_info(true);
    let engine = Engine::new(&config);
    let module =
        Module::new(&engine, wasm).map_err(|e| failed("the module cannot be loaded", &e))?;

    let mut builder = stdio.args(&inv.argv).envs(inv.env.iter().cloned());
    for (host, guest) in preopens {
        builder = builder.preopen_dir(host, guest);
    }
    let wasi = builder
        .build()
        .map_err(|e| failed("the WASI context cannot be set up", &e))?;
    let mut store = Store::new(&engine, State { wasi });
    let mut linker = Linker::new(&engine);
    wasi_lite::add_to_linker(&mut linker, |s: &mut State| &mut s.wasi)
        .map_err(|e| failed("WASI cannot be linked", &e))?;

    let instance = match linker.instantiate(&mut store, &module) {
        Ok(instance) => instance,
        Err(Error::Link(e)) => {
            let what = match e.kind {
                LinkErrorKind::IncompatibleImportType => "has an import of an unexpected type",
                _ => "has an import Mote does not provide",
            };
            let name = module
                .imports()
                .nth(e.import as usize)
                .map(|(m, n, _)| format!("{}.{}", m.escape_debug(), n.escape_debug()));
            let name = name.unwrap_or_else(|| format!("#{}", e.import));
            return Err(Outcome::Failed(format!("the module {what}: {name}")));
        }
        Err(e) => return Ok(ended(&store, Err(e))),
    };
    let func = instance.get_func(&store, &inv.func).ok_or_else(|| {
        Outcome::Failed(format!(
            "the module exports no function '{}'",
            inv.func.escape_debug()
        ))
    })?;
    let ty = func.ty(&store);
    if !ty.params().is_empty() || !ty.results().is_empty() {
        return Err(Outcome::Failed(format!(
            "the entry function '{}' must take no parameters and return nothing, not {ty:?}",
            inv.func.escape_debug()
        )));
    }
    let result = func.call(&mut store, &[], &mut []);
    Ok(ended(&store, result))
}

/// How a call that returned `result` ended.
fn ended(store: &Store<State>, result: Result<(), Error>) -> Outcome {
    match result {
        Ok(()) => Outcome::Exited(0),
        Err(Error::Trap(trap)) => match trap.exit_code() {
            Some(code) => Outcome::Exited(code),
            None => Outcome::Trapped {
                message: trap.to_string(),
                backtrace: store.trap_backtrace(),
            },
        },
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// The container's exit status for `outcome`; writes what its user needs
/// to read to `stderr` (the container's): a trap's message and backtrace,
/// or why the module could not run. A status of 126 or more, or a negative
/// one, is an error (exit 1): shells and Kubernetes read those as "not
/// executable", "not found" or "killed by a signal", and a process keeps
/// only 8 bits, so a large status must not read as success.
pub fn exit_status(outcome: &Outcome, stderr: &mut dyn Write) -> i32 {
    // Nothing can be done about a closed stderr: the status still tells.
    match outcome {
        Outcome::Exited(code @ 0..126) => *code,
        Outcome::Exited(code) => {
            let _ = writeln!(
                stderr,
                "error: exit with invalid exit status {} (outside of [0..126))",
                *code as u32
            );
            ERROR_EXIT
        }
        Outcome::Trapped { message, backtrace } => {
            let _ = write_trap(stderr, message, backtrace);
            TRAP_EXIT
        }
        Outcome::Failed(why) => {
            let _ = writeln!(stderr, "error: {why}");
            ERROR_EXIT
        }
    }
}

fn write_trap(out: &mut dyn Write, message: &str, frames: &[FrameInfo]) -> std::io::Result<()> {
    writeln!(out, "error: wasm trap: {message}")?;
    if frames.is_empty() {
        return Ok(());
    }
    writeln!(out, "wasm backtrace:")?;
    let omitted = frames.len().saturating_sub(BACKTRACE_HEAD + BACKTRACE_TAIL);
    for (i, f) in frames.iter().enumerate() {
        if omitted > 0 && i == BACKTRACE_HEAD {
            writeln!(out, "  ... {omitted} frames omitted ...")?;
        }
        if omitted > 0 && (BACKTRACE_HEAD..BACKTRACE_HEAD + omitted).contains(&i) {
            continue;
        }
        let name = match f.func_name.as_deref() {
            Some(name) => name.escape_debug().to_string(),
            None => format!("<func {}>", f.func_index),
        };
        writeln!(out, "  {i:>3}: {:#8x} - {name}", f.module_offset)?;
    }
    Ok(())
}

/// Checks that `bytes` start like a core WebAssembly module, the kind Mote
/// runs; says what they are otherwise.
pub fn check_header(bytes: &[u8]) -> Result<(), String> {
    const MAGIC: &[u8] = b"\0asm";
    const MODULE: &[u8] = &[1, 0, 0, 0];
    match bytes.get(..8) {
        Some(h) if &h[..4] == MAGIC && &h[4..] == MODULE => Ok(()),
        Some(h) if &h[..4] == MAGIC => Err(format!(
            "a WebAssembly binary of version or layer {:02x?}, not a core module (1): \
             Mote runs core modules (WASI preview1), not components",
            &h[4..]
        )),
        _ => Err(
            "not a WebAssembly module: it does not start with \\0asm and version 1 \
                 (Mote runs binary modules, not the text format)"
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests;
