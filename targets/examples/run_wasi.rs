//! Runs a WASI command (`_start`) on the interpreter or on the AOT tier,
//! stdio inherited, and prints the run time (compilation apart) to stderr.
//!
//! ```text
//! cargo run --release -p mote-aot --example run_wasi -- aot|interp app.wasm [ARGS...]
//! ```

use std::time::Instant;

use mote::{Engine, Linker, Store};
use wasi_lite::std_backend::{StdWasiCtx, WasiCtxBuilder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let tier = args
        .next()
        .ok_or("usage: run_wasi aot|interp app.wasm [ARGS...]")?;
    let path = args
        .next()
        .ok_or("usage: run_wasi aot|interp app.wasm [ARGS...]")?;
    let wasm = std::fs::read(&path)?;
    let ctx = WasiCtxBuilder::new()
        .arg(&path)
        .args(args)
        .inherit_stdio()
        .build()?;
    let engine = Engine::default();
    let mut store = Store::new(&engine, ctx);
    let mut linker = Linker::new(&engine);
    wasi_lite::add_to_linker(&mut linker, |ctx: &mut StdWasiCtx| ctx)?;
    let compiling = Instant::now();
    let start = match tier.as_str() {
        "aot" => {
            let module = mote_aot::Module::new(&wasm)?;
            let instance = module.instantiate(&mut store, &linker)?;
            instance.get_func("_start").ok_or("no _start")?
        }
        "interp" => {
            let module = mote::Module::new(&engine, &wasm)?;
            let instance = linker.instantiate(&mut store, &module)?;
            instance.get_func(&store, "_start").ok_or("no _start")?
        }
        _ => return Err("the tier is aot or interp".into()),
    };
    let compiled = compiling.elapsed();
    let running = Instant::now();
    let outcome = start.call(&mut store, &[], &mut []);
    let ran = running.elapsed();
    eprintln!(
        "{tier}: compile and instantiate {:.1} ms, run {:.1} ms",
        compiled.as_secs_f64() * 1e3,
        ran.as_secs_f64() * 1e3
    );
    match outcome {
        Ok(()) => Ok(()),
        Err(e) => match e.as_trap().and_then(|t| t.exit_code()) {
            Some(0) => Ok(()),
            Some(code) => std::process::exit(code),
            None => Err(e.into()),
        },
    }
}
