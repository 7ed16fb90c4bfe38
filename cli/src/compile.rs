//! `mote compile`: validate and translate a module once, on the host, and
//! write it as an image that `mote run` (and an embedding, with
//! `Module::from_image`) loads without validating or translating again;
//! with `--target`, compile it to native code as an artifact (`aot.rs`).

use crate::output::out;
use crate::{Failure, read_module};
use lexopt::Arg::{Long, Short, Value};
use mote::{Config, Engine, Module};
use std::ffi::OsString;
use std::path::PathBuf;

pub const USAGE: &str = "\
Usage: mote compile [OPTIONS] <FILE.wasm> -o <FILE.mote>
       mote compile --target <TRIPLE|host> <FILE.wasm> -o <FILE.cwasm>

Validates and translates the module and writes it as an image: the
translated module, checked again (cheaply) when loaded, so that it starts
without validation or translation. The same module gives the same bytes
on every host. 'mote run' and 'mote inspect' accept images.

Options:
  -o, --output FILE   Where to write the image
  --fuel              Translate for metered execution: the image runs only
                      with 'mote run --fuel' (and one compiled without it
                      only without)
  --no-names          Leave out function names and instruction offsets
                      (backtraces then show body offsets only)
  --target TARGET     Compile to native code instead (an artifact, run
                      only on that target): 'host' (this machine, every
                      feature of its CPU) or one of the triples
                      x86_64-unknown-linux-gnu (x86-64-v2: SSE4.2,
                      POPCNT), aarch64-unknown-linux-gnu (base ARMv8-A),
                      riscv64gc-unknown-linux-gnu (RV64GC: no SIMD),
                      riscv64gcv-unknown-linux-gnu (RV64GC with the V
                      extension: SIMD modules).
                      Loading refuses an artifact of another target, CPU,
                      version or settings. With --fuel, the code counts
                      fuel (at function entries and loop headers, wasm
                      operators: more than the interpreter counts, and
                      out of fuel is final)
  -h, --help          Print this help
";

pub fn main(args: Vec<OsString>) -> Result<u8, Failure> {
    let mut parser = lexopt::Parser::from_args(args);
    let (mut input, mut output, mut fuel, mut names) = (None, None, false, true);
    let mut target = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => {
                out!("{USAGE}")?;
                return Ok(0);
            }
            Short('o') | Long("output") => output = Some(PathBuf::from(parser.value()?)),
            Long("fuel") => fuel = true,
            Long("no-names") => names = false,
            Long("target") => {
                let t = parser.value()?;
                let t = t
                    .into_string()
                    .map_err(|t| Failure::usage(format!("--target is not UTF-8: {t:?}")))?;
                target = Some(t);
            }
            Value(v) if input.is_none() => input = Some(PathBuf::from(v)),
            other => return Err(other.unexpected().into()),
        }
    }
    let input = input.ok_or_else(|| Failure::usage("missing <FILE.wasm>"))?;
    let output = output.ok_or_else(|| Failure::usage("missing -o <FILE.mote>"))?;
    let bytes = read_module(&input)?;
    if mote::is_image(&bytes) || crate::aot::is_artifact(&bytes) {
        return Err(Failure::error(format!(
            "{} is already compiled",
            input.display()
        )));
    }
    if let Some(target) = target {
        let artifact = crate::aot::compile(&bytes, &target, fuel, &input)?;
        return std::fs::write(&output, artifact)
            .map(|()| 0)
            .map_err(|e| Failure::error(format!("cannot write {}: {e}", output.display())));
    }
    let mut config = Config::new();
    config.consume_fuel(fuel).debug_info(names);
    let module = Module::new(&Engine::new(&config), &bytes)
        .map_err(|e| Failure::error(format!("{}: {e}", input.display())))?;
    let image = module
        .to_image()
        .map_err(|e| Failure::error(format!("{}: {e}", input.display())))?;
    std::fs::write(&output, image)
        .map_err(|e| Failure::error(format!("cannot write {}: {e}", output.display())))?;
    Ok(0)
}

/// Loads `bytes` read from `path` for `engine`: an image if it starts as
/// one, else a `.wasm` to validate and translate.
pub fn load(engine: &Engine, bytes: &[u8], path: &std::path::Path) -> Result<Module, Failure> {
    let module = if mote::is_image(bytes) {
        Module::from_image(engine, bytes)
    } else {
        Module::new(engine, bytes)
    };
    module.map_err(|e| Failure::error(format!("{}: {e}", path.display())))
}
