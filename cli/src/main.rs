//! `mote`: run, compile, validate, inspect and sign WebAssembly modules.
//!
//! Every failure is one line on stderr and a non-zero exit code; nothing
//! here panics on bad files, flags or output that cannot be written.
//!
//! No unsafe code, but for one call: loading a native code artifact
//! (`aot::load`), which is by nature the user's trust in that file.
#![deny(unsafe_code)]

mod aot;
mod compile;
mod inspect;
mod invoke;
mod output;
mod run;
mod sign;

use output::{errln, out, outln};

use std::process::ExitCode;

const USAGE: &str = "\
mote: a small, strict WebAssembly runtime

Usage: mote <COMMAND> [OPTIONS]

Commands:
  run       Run a WASI command or invoke an exported function
  compile   Validate and translate a module into an image that loads fast
  validate  Check that a module is valid; report the first error and its offset
  inspect   List a module's imports, exports, memories and features
  sign      Sign a module (Ed25519, the tool-conventions format of wasmsign2)
  verify    Check a module's signature
  keygen    Make a key pair for signing
  help      Print this message, or the help of a command

Run 'mote <COMMAND> --help' for a command's options.
";

/// A failure the user must see: one line (none if empty), and the
/// process exit code.
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    /// Ends the command with `code` and no message.
    pub fn quiet(code: u8) -> Self {
        Failure {
            message: String::new(),
            code,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: 2,
        }
    }
    pub fn error(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: 1,
        }
    }
}

impl From<lexopt::Error> for Failure {
    fn from(e: lexopt::Error) -> Self {
        Failure::usage(e.to_string())
    }
}

/// With `MOTE_HEAP_PAD=N` in the environment, allocates and keeps N bytes
/// before anything else, so that everything the run allocates (the
/// module's translated code among it) lands N bytes further into the
/// heap. A benchmarking aid: where the code lands against the value
/// stack changes some workloads' times by up to 10% (README, Speed), and
/// `scripts/ab.py` compares two builds over several such placements.
fn pad_heap() {
    if let Some(n) = std::env::var("MOTE_HEAP_PAD")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        std::mem::forget(std::hint::black_box(vec![1u8; n.min(1 << 20)]));
    }
}

fn main() -> ExitCode {
    pad_heap();
    let mut args = std::env::args_os().skip(1);
    let command = args.next();
    let rest: Vec<_> = args.collect();
    let result = match command.as_ref().and_then(|c| c.to_str()) {
        Some("run") => run::main(rest),
        Some("compile") => compile::main(rest),
        Some("validate") => inspect::validate(rest),
        Some("inspect") => inspect::inspect(rest),
        Some("sign") => sign::sign(rest),
        Some("verify") => sign::verify(rest),
        Some("keygen") => sign::keygen(rest),
        Some("help" | "--help" | "-h") => help(rest),
        Some("--version" | "-V") => outln!("mote {}", env!("CARGO_PKG_VERSION")).map(|()| 0),
        None => {
            output::write_err(format_args!("{USAGE}"));
            Err(Failure::usage("no command given"))
        }
        Some(other) => Err(Failure::usage(format!(
            "unknown command '{other}' (try 'mote --help')"
        ))),
    };
    // Whatever the command did, what it printed must reach stdout.
    let result = result.and_then(|code| output::flush().map(|()| code));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            if !f.message.is_empty() {
                errln!("error: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

fn help(rest: Vec<std::ffi::OsString>) -> Result<u8, Failure> {
    match rest.first().and_then(|c| c.to_str()) {
        Some("run") => out!("{}", run::USAGE)?,
        Some("compile") => out!("{}", compile::USAGE)?,
        Some("validate") => out!("{}", inspect::VALIDATE_USAGE)?,
        Some("inspect") => out!("{}", inspect::INSPECT_USAGE)?,
        Some("sign") => out!("{}", sign::SIGN_USAGE)?,
        Some("verify") => out!("{}", sign::VERIFY_USAGE)?,
        Some("keygen") => out!("{}", sign::KEYGEN_USAGE)?,
        _ => out!("{USAGE}")?,
    }
    Ok(0)
}

/// Reads a module file once, with a one-line error.
pub fn read_module(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::error(format!("cannot read {}: {e}", path.display())))
}
