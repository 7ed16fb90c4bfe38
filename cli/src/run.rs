//! `mote run`: a WASI command, or one exported function with `--invoke`.

use crate::invoke::{format_val, parse_arg};
use crate::output::{errln, escape, out, outln};
use crate::{Failure, read_module};
use lexopt::Arg::{Long, Short, Value};
use mote::{Config, Engine, Error, Linker, Store, Val};
use std::ffi::OsString;
use std::path::PathBuf;
use wasi_lite::std_backend::{StdWasiCtx, WasiCtxBuilder};

pub const USAGE: &str = "\
Usage: mote run [OPTIONS] <FILE.wasm|FILE.mote|FILE.cwasm> [ARGS...]

Runs a WASI command (its `_start`), or calls one exported function, of a
module or of an image ('mote compile'; one compiled with --fuel runs only
with --fuel, and one without only without), or of a native code artifact
('mote compile --target'; its machine code runs as it is: run only
artifacts you trust as you would a native program; one compiled with
--fuel runs only with --fuel, and one without only without).
Arguments after the module are passed to the guest.

Options:
  --dir HOST[::GUEST]    Grant the guest the host directory HOST, seen as GUEST
                         (default: HOST). Nothing outside it is reachable.
  --env NAME=VALUE       Give the guest an environment variable (--env NAME
                         passes the host's value, if it has one). None by
                         default.
  --invoke NAME          Call export NAME with ARGS parsed as its parameters;
                         print the results, one per line
  --fuel N               Stop with a trap after about N instructions
  --max-memory BYTES     Limit the guest's memories, tables and exceptions
                         together to BYTES (a table element counts 8
                         bytes): growing past it fails, a throw past it
                         traps, and a module that declares more is refused
  --require-signature KEY
                         Run the module (or image) only if it carries a
                         signature by the public key in file KEY over all
                         of it (see 'mote sign'); else fail before
                         loading it
  -h, --help             Print this help

The exit code is the guest's proc_exit code (0 when _start returns); a code
of 126 or more is an error (exit code 1), as in wasmtime, since shells
reserve those. A trap prints its message and a backtrace to stderr and
exits with 134; so does a wasm exception that nothing catches (its
payload printed instead of a backtrace). The guest's argv[0] is the module's file name.
";

/// The exit code of a trapped program, as `wasmtime run` uses on Unix.
const TRAP_EXIT: u8 = 134;

struct Options {
    dirs: Vec<(PathBuf, String)>,
    envs: Vec<(String, String)>,
    invoke: Option<String>,
    fuel: Option<u64>,
    max_memory: Option<u64>,
    signed_by: Option<PathBuf>,
    module: PathBuf,
    args: Vec<String>,
}

fn utf8(v: OsString, what: &str) -> Result<String, Failure> {
    v.into_string()
        .map_err(|v| Failure::usage(format!("{what} is not UTF-8: {v:?}")))
}

fn number(v: OsString, what: &str) -> Result<u64, Failure> {
    let s = utf8(v, what)?;
    s.parse()
        .map_err(|_| Failure::usage(format!("{what} must be a whole number, not '{s}'")))
}

/// Sets an option that may be given once.
fn once<T>(slot: &mut Option<T>, value: T, what: &str) -> Result<(), Failure> {
    if slot.replace(value).is_some() {
        return Err(Failure::usage(format!("{what} given more than once")));
    }
    Ok(())
}

/// Parses options up to the module; everything after it is the guest's.
fn parse(args: Vec<OsString>) -> Result<Option<Options>, Failure> {
    let mut p = lexopt::Parser::from_args(args);
    let (mut dirs, mut envs) = (Vec::new(), Vec::new());
    let (mut invoke, mut fuel, mut max_memory, mut signed_by) = (None, None, None, None);
    let module = loop {
        match p.next()? {
            Some(Short('h') | Long("help")) => {
                out!("{USAGE}")?;
                return Ok(None);
            }
            Some(Long("dir")) => {
                let spec = utf8(p.value()?, "--dir")?;
                let (host, guest) = match spec.split_once("::") {
                    Some((h, g)) => (h.to_string(), g.to_string()),
                    None => (spec.clone(), spec.clone()),
                };
                if host.is_empty() || guest.is_empty() {
                    return Err(Failure::usage(format!(
                        "--dir '{spec}': expected HOST[::GUEST]"
                    )));
                }
                dirs.push((PathBuf::from(host), guest));
            }
            Some(Long("env")) => {
                let spec = utf8(p.value()?, "--env")?;
                match spec.split_once('=') {
                    Some((k, v)) => envs.push((k.to_string(), v.to_string())),
                    // The host's value; a variable the host lacks stays
                    // unset for the guest too.
                    None => {
                        if let Some(v) = std::env::var_os(&spec) {
                            let v = utf8(v, &format!("the host's {spec}"))?;
                            envs.push((spec, v));
                        }
                    }
                }
            }
            Some(Long("invoke")) => once(&mut invoke, utf8(p.value()?, "--invoke")?, "--invoke")?,
            Some(Long("fuel")) => once(&mut fuel, number(p.value()?, "--fuel")?, "--fuel")?,
            Some(Long("max-memory")) => once(
                &mut max_memory,
                number(p.value()?, "--max-memory")?,
                "--max-memory",
            )?,
            Some(Long("require-signature")) => once(
                &mut signed_by,
                PathBuf::from(p.value()?),
                "--require-signature",
            )?,
            Some(Value(v)) => break PathBuf::from(v),
            Some(other) => return Err(other.unexpected().into()),
            None => {
                return Err(Failure::usage(
                    "missing <FILE.wasm> (see 'mote run --help')",
                ));
            }
        }
    };
    let args = p
        .raw_args()?
        .map(|a| utf8(a, "an argument"))
        .collect::<Result<_, _>>()?;
    Ok(Some(Options {
        dirs,
        envs,
        invoke,
        fuel,
        max_memory,
        signed_by,
        module,
        args,
    }))
}

struct State {
    wasi: StdWasiCtx,
}

pub fn main(args: Vec<OsString>) -> Result<u8, Failure> {
    let Some(opts) = parse(args)? else {
        return Ok(0);
    };
    let bytes = read_module(&opts.module)?;
    if let Some(key) = &opts.signed_by {
        crate::sign::check(&bytes, &opts.module, &crate::sign::public_key(key)?)?;
    }

    let mut config = Config::new();
    config.debug_info(true);
    if opts.fuel.is_some() {
        config.consume_fuel(true);
    }
    if let Some(bytes) = opts.max_memory {
        config.max_store_bytes(bytes);
    }
    let engine = Engine::new(&config);
    let module = if crate::aot::is_artifact(&bytes) {
        let module = crate::aot::load(&bytes, &opts.module)?;
        match (crate::aot::meters_fuel(&module), opts.fuel.is_some()) {
            (true, false) => {
                return Err(Failure::error(format!(
                    "{}: compiled with --fuel: run it with --fuel",
                    opts.module.display()
                )));
            }
            (false, true) => {
                return Err(Failure::error(format!(
                    "{}: compiled without --fuel: it cannot count fuel",
                    opts.module.display()
                )));
            }
            _ => {}
        }
        Loaded::Aot(module)
    } else {
        Loaded::Interp(crate::compile::load(&engine, &bytes, &opts.module)?)
    };

    // The file name, not the path: the guest learns nothing of the host's
    // directories (as with wasmtime).
    let argv0 = match opts.module.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => opts.module.display().to_string(),
    };
    let mut builder = WasiCtxBuilder::new()
        .inherit_stdio()
        .arg(argv0)
        .args(&opts.args);
    for (k, v) in &opts.envs {
        builder = builder.env(k, v);
    }
    for (host, guest) in &opts.dirs {
        builder = builder.preopen_dir(host, guest);
    }
    let wasi = builder.build().map_err(|e| Failure::error(e.to_string()))?;
    let mut store = Store::new(&engine, State { wasi });
    if let Some(fuel) = opts.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Failure::error(e.to_string()))?;
    }
    // A module loaded here gets a linker with only what it imports (the
    // same outcome as every WASI function, without defining 46 of them
    // on every start); an AOT artifact, every function.
    let mut linker = Linker::new(&engine);
    fn get(s: &mut State) -> &mut StdWasiCtx {
        &mut s.wasi
    }
    match &module {
        Loaded::Interp(m) => wasi_lite::add_imports_to_linker(&mut linker, m, get),
        Loaded::Aot(_) => wasi_lite::add_to_linker(&mut linker, get),
    }
    .map_err(|e| Failure::error(e.to_string()))?;

    let module = match module {
        Loaded::Interp(m) => m,
        Loaded::Aot(m) => {
            let instance = match crate::aot::instantiate(&m, &mut store, &linker, &opts.module)? {
                Ok(i) => i,
                Err(e) => return finish(&store, Err(e)),
            };
            return call(&opts, &mut store, |_, name| instance.get_func(name));
        }
    };
    let instance = match linker.instantiate(&mut store, &module) {
        Ok(i) => i,
        Err(Error::Link(e)) => {
            let what = match e.kind {
                mote::LinkErrorKind::IncompatibleImportType => "incompatible import type",
                _ => "unknown import",
            };
            let name = module
                .imports()
                .nth(e.import as usize)
                .map(|(m, n, _)| format!("{}.{}", escape(m), escape(n)));
            let name = name.unwrap_or_else(|| format!("#{}", e.import));
            return Err(Failure::error(format!(
                "{}: {what} {name}",
                opts.module.display()
            )));
        }
        Err(e) => return finish(&store, Err(e)),
    };
    call(&opts, &mut store, |store, name| {
        instance.get_func(store, name)
    })
}

/// A module to run: translated for the interpreter, or native code.
enum Loaded {
    Interp(mote::Module),
    Aot(crate::aot::Module),
}

/// Calls `--invoke`'s function or `_start`, found by `get`.
fn call(
    opts: &Options,
    store: &mut Store<State>,
    get: impl Fn(&Store<State>, &str) -> Option<mote::Func>,
) -> Result<u8, Failure> {
    match &opts.invoke {
        Some(name) => {
            let func = get(store, name).ok_or_else(|| {
                Failure::error(format!("no exported function '{}'", escape(name)))
            })?;
            let ty = func.ty(&*store);
            if ty.params().len() != opts.args.len() {
                return Err(Failure::usage(format!(
                    "'{name}' takes {} argument(s), {} given",
                    ty.params().len(),
                    opts.args.len()
                )));
            }
            let params = opts
                .args
                .iter()
                .zip(ty.params())
                .map(|(a, t)| parse_arg(a, *t))
                .collect::<Result<Vec<_>, _>>()?;
            let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
            let r = func.call(&mut *store, &params, &mut results);
            if r.is_ok() {
                for v in &results {
                    outln!("{}", format_val(v))?;
                }
            }
            finish(store, r)
        }
        None => {
            let start = get(store, "_start").ok_or_else(|| {
                Failure::error(format!(
                    "{} has no _start; use --invoke NAME",
                    opts.module.display()
                ))
            })?;
            let ty = start.ty(&*store);
            if !ty.params().is_empty() || !ty.results().is_empty() {
                return Err(Failure::error(format!(
                    "{}: _start must take no parameters and return nothing, not {ty:?}",
                    opts.module.display()
                )));
            }
            let r = start.call(&mut *store, &[], &mut []);
            finish(store, r)
        }
    }
}

/// The frames of a backtrace printed in full; a deeper one shows its
/// innermost and outermost frames and how many were left out between.
const BACKTRACE_HEAD: usize = 30;
const BACKTRACE_TAIL: usize = 10;

/// Turns the outcome of the guest into an exit code, printing traps.
fn finish(store: &Store<State>, r: Result<(), Error>) -> Result<u8, Failure> {
    let trap = match r {
        Ok(()) => return Ok(0),
        Err(Error::Trap(t)) => t,
        Err(Error::Exception(exn)) => {
            // Nothing caught a wasm exception: as a trap, with its values.
            let payload: Vec<String> = exn.payload(store).iter().map(format_val).collect();
            errln!(
                "error: uncaught wasm exception (payload: [{}])",
                payload.join(", ")
            );
            return Ok(TRAP_EXIT);
        }
        Err(e) => return Err(Failure::error(e.to_string())),
    };
    if let Some(code) = trap.exit_code() {
        // Shells give 126 and up their own meanings (not executable, not
        // found, killed by a signal), and the platform keeps only 8 bits:
        // such a status is an error, never a success by truncation.
        return match u8::try_from(code) {
            Ok(code) if code < 126 => Ok(code),
            _ => Err(Failure::error(format!(
                "exit with invalid exit status {} (outside of [0..126))",
                code as u32
            ))),
        };
    }
    errln!("error: wasm trap: {trap}");
    let frames = store.trap_backtrace();
    if !frames.is_empty() {
        errln!("wasm backtrace:");
        let omitted = frames.len().saturating_sub(BACKTRACE_HEAD + BACKTRACE_TAIL);
        for (i, f) in frames.iter().enumerate() {
            if omitted > 0 && i == BACKTRACE_HEAD {
                errln!("  ... {omitted} frames omitted ...");
            }
            if omitted > 0 && (BACKTRACE_HEAD..BACKTRACE_HEAD + omitted).contains(&i) {
                continue;
            }
            let name = match f.func_name.as_deref() {
                Some(name) => escape(name).into_owned(),
                None => format!("<func {}>", f.func_index),
            };
            errln!("  {i:>3}: {:#8x} - {name}", f.module_offset);
        }
    }
    Ok(TRAP_EXIT)
}
