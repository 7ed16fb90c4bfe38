//! `mote validate` and `mote inspect`.

use crate::output::{escape, out, outln};
use crate::{Failure, read_module};
use mote::{Config, Engine, ExternType, Module};
use std::ffi::OsString;
use std::path::PathBuf;

pub const VALIDATE_USAGE: &str = "\
Usage: mote validate <FILE.wasm>

Decodes and validates the module. Prints 'valid' or the first error with
its byte offset; the exit code is 0 for a valid module, 1 otherwise.
";

pub const INSPECT_USAGE: &str = "\
Usage: mote inspect [--disassemble] <FILE.wasm|FILE.mote|FILE.cwasm>

Validates the module (or checks the image) and lists its imports,
exports, memories and the WebAssembly proposals it uses. Of a native code
artifact ('mote compile --target'), first its format version, target, CPU
features and code size (checked, but not loaded: it may be for another
machine), then the module inside it.

Options:
  --disassemble    Also print each function's translated code: Mote's ops,
                   one per line, at the word offset each starts, and its
                   size beside the function bodies' size
  -h, --help       Print this help
";

/// The FILE argument of validate/inspect, and whether `--disassemble`
/// was given (where `flags` allows it).
fn file_arg(
    args: Vec<OsString>,
    usage: &str,
    flags: bool,
) -> Result<Option<(PathBuf, bool)>, Failure> {
    let mut parser = lexopt::Parser::from_args(args);
    let (mut file, mut disassemble) = (None, false);
    while let Some(arg) = parser.next()? {
        match arg {
            lexopt::Arg::Short('h') | lexopt::Arg::Long("help") => {
                out!("{usage}")?;
                return Ok(None);
            }
            lexopt::Arg::Long("disassemble") if flags => disassemble = true,
            lexopt::Arg::Value(v) if file.is_none() => file = Some(PathBuf::from(v)),
            other => return Err(other.unexpected().into()),
        }
    }
    file.map(|f| Some((f, disassemble)))
        .ok_or_else(|| Failure::usage("missing <FILE.wasm>"))
}

/// Loads a module; with `names`, keeping its function names.
fn load(path: &std::path::Path, names: bool) -> Result<Module, Failure> {
    let bytes = read_module(path)?;
    load_bytes(&bytes, path, names)
}

fn load_bytes(bytes: &[u8], path: &std::path::Path, names: bool) -> Result<Module, Failure> {
    let mut config = Config::new();
    config.debug_info(names);
    // An image remembers whether it was compiled with fuel: load it so.
    config.consume_fuel(mote::image_meters_fuel(bytes));
    crate::compile::load(&Engine::new(&config), bytes, path)
}

pub fn validate(args: Vec<OsString>) -> Result<u8, Failure> {
    let Some((path, _)) = file_arg(args, VALIDATE_USAGE, false)? else {
        return Ok(0);
    };
    load(&path, false)?;
    outln!("valid")?;
    Ok(0)
}

pub fn describe(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(f) => format!("{f:?}"),
        ExternType::Global(g) => {
            let m = if g.mutability() == mote::Mutability::Var {
                "mut "
            } else {
                ""
            };
            format!("(global {m}{})", g.content())
        }
        ExternType::Table(t) => {
            let index = if t.is_64() { "i64 " } else { "" };
            match t.maximum() {
                Some(max) => format!("(table {index}{} {max} {})", t.minimum(), t.element()),
                None => format!("(table {index}{} {})", t.minimum(), t.element()),
            }
        }
        ExternType::Memory(m) => memory(m),
        ExternType::Tag(t) => {
            let params: Vec<String> = t.params().iter().map(|p| p.to_string()).collect();
            if params.is_empty() {
                "(tag)".into()
            } else {
                format!("(tag (param {}))", params.join(" "))
            }
        }
    }
}

fn memory(m: &mote::MemoryType) -> String {
    let page = if m.page_size_log2() == 16 {
        String::new()
    } else {
        format!(" (pagesize {})", 1u64 << m.page_size_log2())
    };
    let shared = if m.is_shared() { " shared" } else { "" };
    let index = if m.is_64() { "i64 " } else { "" };
    match m.maximum() {
        Some(max) => format!("(memory {index}{} {max}{shared}{page})", m.minimum()),
        None => format!("(memory {index}{}{shared}{page})", m.minimum()),
    }
}

pub fn inspect(args: Vec<OsString>) -> Result<u8, Failure> {
    let Some((path, disassemble)) = file_arg(args, INSPECT_USAGE, true)? else {
        return Ok(0);
    };
    let bytes = read_module(&path)?;
    let module = if crate::aot::is_artifact(&bytes) {
        let wasm = crate::aot::describe(&bytes, &path)?;
        load_bytes(wasm, &path, disassemble)?
    } else {
        load_bytes(&bytes, &path, disassemble)?
    };
    outln!("imports:")?;
    for (m, n, ty) in module.imports() {
        outln!("  {}.{}: {}", escape(m), escape(n), describe(ty))?;
    }
    outln!("exports:")?;
    for (n, ty) in module.exports() {
        outln!("  {}: {}", escape(n), describe(&ty))?;
    }
    outln!("memories:")?;
    for (m, n, ty) in module.imports() {
        if let ExternType::Memory(mt) = ty {
            outln!(
                "  {} (imported from {}.{})",
                memory(mt),
                escape(m),
                escape(n)
            )?;
        }
    }
    for mt in module.memories() {
        outln!("  {}", memory(&mt))?;
    }
    let features = module.features().to_string();
    outln!(
        "features: {}",
        if features.is_empty() {
            "mvp"
        } else {
            &features
        }
    )?;
    if disassemble {
        let size = module.code_size();
        outln!(
            "translated: {} bytes of code from {} bytes of function bodies ({:.2} per byte)",
            size.translated,
            size.wasm,
            size.translated as f64 / size.wasm.max(1) as f64
        )?;
        outln!("code:")?;
        // Function names come from the module: escaped like every name.
        for line in module.disassemble().to_string().lines() {
            outln!("{}", escape(line))?;
        }
    }
    Ok(0)
}
