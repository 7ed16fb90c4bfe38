//! Compiles each `.wasm` file given and prints its size, the AOT tier's
//! compile time (validation included) and the machine code's size, or why
//! the tier refuses it.
//!
//! ```text
//! cargo run --release -p mote-aot --example compile_stats -- bench/workloads/*.wasm
//! ```

fn main() {
    println!("| module | wasm bytes | compile ms | code bytes |");
    println!("|:--|--:|--:|--:|");
    for path in std::env::args().skip(1) {
        let wasm = match std::fs::read(&path) {
            Ok(wasm) => wasm,
            Err(e) => {
                println!("| {path} | cannot read: {e} | | |");
                continue;
            }
        };
        match mote_aot::Module::new(&wasm) {
            Ok(m) => println!(
                "| {path} | {} | {:.1} | {} |",
                wasm.len(),
                m.compile_time().as_secs_f64() * 1e3,
                m.code_size()
            ),
            Err(e) => println!("| {path} | {} | refused: {e} | |", wasm.len()),
        }
    }
}
