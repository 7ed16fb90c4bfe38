//! `mote run`: a WASI command, or one exported function with `--invoke`.

use crate::invoke::{format_val, parse_arg};
use crate::{Failure, read_module};
use lexopt::Arg::{Long, Short, Value};
use mote::{Config, Engine, Error, Linker, Module, Store, Val};
use std::ffi::OsString;
use std::path::PathBuf;
use wasi_lite::std_backend::{StdWasiCtx, WasiCtxBuilder};

pub const USAGE: &str = "\
Usage: mote run [OPTIONS] <FILE.wasm> [ARGS...]

Runs a WASI command (its `_start`), or calls one exported function.
Arguments after the module are passed to the guest.

Options:
  --dir HOST[::GUEST]    Grant the guest the host directory HOST, seen as GUEST
                         (default: HOST). Nothing outside it is reachable.
  --env NAME=VALUE       Give the guest an environment variable
                         (--env NAME passes the host's value). None by default.
  --invoke NAME          Call export NAME with ARGS parsed as its parameters;
                         print the results, one per line
  --fuel N               Stop with a trap after about N instructions
  --max-memory BYTES     Limit each linear memory to BYTES (rounded down to
                         whole 64 KiB pages)
  -h, --help             Print this help

The exit code is the guest's proc_exit code (0 when _start returns). A trap
prints its message and a backtrace to stderr and exits with 134.
";

/// The exit code of a trapped program, as `wasmtime run` uses on Unix.
const TRAP_EXIT: u8 = 134;

struct Options {
    dirs: Vec<(PathBuf, String)>,
    envs: Vec<(String, String)>,
    invoke: Option<String>,
    fuel: Option<u64>,
    max_memory: Option<u64>,
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

/// Parses options up to the module; everything after it is the guest's.
fn parse(args: Vec<OsString>) -> Result<Option<Options>, Failure> {
    let mut p = lexopt::Parser::from_args(args);
    let (mut dirs, mut envs) = (Vec::new(), Vec::new());
    let (mut invoke, mut fuel, mut max_memory) = (None, None, None);
    let module = loop {
        match p.next()? {
            Some(Short('h') | Long("help")) => {
                print!("{USAGE}");
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
                let (k, v) = match spec.split_once('=') {
                    Some((k, v)) => (k.to_string(), v.to_string()),
                    None => {
                        let v = std::env::var(&spec).unwrap_or_default();
                        (spec, v)
                    }
                };
                envs.push((k, v));
            }
            Some(Long("invoke")) => invoke = Some(utf8(p.value()?, "--invoke")?),
            Some(Long("fuel")) => fuel = Some(number(p.value()?, "--fuel")?),
            Some(Long("max-memory")) => max_memory = Some(number(p.value()?, "--max-memory")?),
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

    let mut config = Config::new();
    config.debug_info(true);
    if opts.fuel.is_some() {
        config.consume_fuel(true);
    }
    if let Some(bytes) = opts.max_memory {
        config.max_memory_pages(u32::try_from(bytes >> 16).unwrap_or(u32::MAX));
    }
    let engine = Engine::new(&config);
    let module = Module::new(&engine, &bytes)
        .map_err(|e| Failure::error(format!("{}: {e}", opts.module.display())))?;

    let argv0 = opts.module.display().to_string();
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
    let mut linker = Linker::new(&engine);
    wasi_lite::add_to_linker(&mut linker, |s: &mut State| &mut s.wasi)
        .map_err(|e| Failure::error(e.to_string()))?;

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
                .map(|(m, n, _)| format!("{m}.{n}"));
            let name = name.unwrap_or_else(|| format!("#{}", e.import));
            return Err(Failure::error(format!(
                "{}: {what} {name}",
                opts.module.display()
            )));
        }
        Err(e) => return finish(&store, Err(e)),
    };
    match &opts.invoke {
        Some(name) => {
            let func = instance
                .get_func(&store, name)
                .ok_or_else(|| Failure::error(format!("no exported function '{name}'")))?;
            let ty = func.ty(&store);
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
            let r = func.call(&mut store, &params, &mut results);
            if r.is_ok() {
                for v in &results {
                    println!("{}", format_val(v));
                }
            }
            finish(&store, r)
        }
        None => {
            let start = instance.get_func(&store, "_start").ok_or_else(|| {
                Failure::error(format!(
                    "{} has no _start; use --invoke NAME",
                    opts.module.display()
                ))
            })?;
            let r = start.call(&mut store, &[], &mut []);
            finish(&store, r)
        }
    }
}

/// Turns the outcome of the guest into an exit code, printing traps.
fn finish(store: &Store<State>, r: Result<(), Error>) -> Result<u8, Failure> {
    let trap = match r {
        Ok(()) => return Ok(0),
        Err(Error::Trap(t)) => t,
        Err(e) => return Err(Failure::error(e.to_string())),
    };
    if let Some(code) = trap.exit_code() {
        return Ok(code as u8);
    }
    eprintln!("error: wasm trap: {trap}");
    let frames = store.trap_backtrace();
    if !frames.is_empty() {
        eprintln!("wasm backtrace:");
        for (i, f) in frames.iter().enumerate() {
            let name = f
                .func_name
                .as_deref()
                .map_or_else(|| format!("<func {}>", f.func_index), str::to_string);
            eprintln!("  {i:>3}: {:#8x} - {name}", f.module_offset);
        }
    }
    Ok(TRAP_EXIT)
}
