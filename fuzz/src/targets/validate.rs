//! `validate`: any bytes into `Module::new`. It must never panic, and it
//! must accept exactly the modules `wasmparser`'s validator accepts with
//! Mote's feature set (an implementation limit is the one allowed way to
//! reject a valid module).

use crate::smith::{self, mote_features};
use crate::{Finding, Outcome, Stats, Target};
use arbitrary::Unstructured;
use mote::{Config, Engine, Error, Module};
use wasmparser::Validator;

pub const TARGET: Target = Target {
    name: "validate",
    about: "Module::new on raw, mutated and out-of-feature modules agrees with wasmparser",
    max_len: 6000,
    run,
    module: Some(module_of),
};

/// The module an input stands for, and the engine configuration to load it
/// with (plain, with fuel, with debug info).
fn build(input: &[u8]) -> Option<(Vec<u8>, Config)> {
    if let Some(g) = smith::as_module(input) {
        return Some((g.wasm, Config::new()));
    }
    let mut u = Unstructured::new(input);
    let mode: u8 = u.arbitrary().ok()?;
    let mut config = Config::new();
    config.consume_fuel(mode & 0x10 != 0).debug_info(mode & 0x20 != 0);
    let wasm = match mode % 4 {
        // Raw bytes, half of the time behind a valid header.
        0 => {
            let rest = u.take_rest();
            if mode & 0x40 != 0 {
                let mut wasm = b"\0asm\x01\0\0\0".to_vec();
                wasm.extend_from_slice(rest);
                wasm
            } else {
                rest.to_vec()
            }
        }
        // A module Mote accepts, then a few mutations.
        1 => {
            let mut wasm = smith::mote_module(&mut u, None)?.wasm;
            mutate(&mut wasm, &mut u);
            wasm
        }
        // A module using features Mote lacks, mutated one time in four.
        2 => {
            let config = smith::superset_config(&mut u).ok()?;
            let mut wasm = smith::generate(config, &mut u, None).ok()?.wasm;
            if mode & 0xc0 == 0 {
                mutate(&mut wasm, &mut u);
            }
            wasm
        }
        // Mote's features, function bodies of random bytes.
        _ => {
            let mut config = smith::mote_config(&mut u).ok()?;
            config.allow_invalid_funcs = true;
            smith::generate(config, &mut u, None).ok()?.wasm
        }
    };
    Some((wasm, config))
}

/// Bytes that often sit at the edge of an encoding.
const INTERESTING: [u8; 10] = [0x00, 0x01, 0x40, 0x41, 0x7f, 0x80, 0xff, 0x0b, 0x6f, 0x70];

/// Applies one to four mutations drawn from the input.
fn mutate(wasm: &mut Vec<u8>, u: &mut Unstructured<'_>) {
    let count = u.int_in_range(1..=4u8).unwrap_or(1);
    for _ in 0..count {
        if wasm.is_empty() {
            return;
        }
        let at = u.choose_index(wasm.len()).unwrap_or(0);
        match u.int_in_range(0..=5u8).unwrap_or(0) {
            0 => wasm[at] ^= 1 << u.int_in_range(0..=7u8).unwrap_or(0),
            1 => wasm[at] = *u.choose(&INTERESTING).unwrap_or(&0),
            2 => wasm.insert(at, u.arbitrary().unwrap_or(0)),
            3 => {
                wasm.remove(at);
            }
            // Rewrite a one-byte LEB128 as an overlong one of 2 to 10 bytes:
            // up to 5 it is a valid u32, beyond it is malformed.
            4 if wasm[at] < 0x80 => {
                let extra = u.int_in_range(1..=9usize).unwrap_or(1);
                let value = wasm[at];
                let mut leb = vec![value | 0x80];
                leb.extend(std::iter::repeat_n(0x80, extra - 1));
                leb.push(0);
                wasm.splice(at..=at, leb);
            }
            _ => {
                let len = u.int_in_range(1..=16usize).unwrap_or(1).min(wasm.len() - at);
                let piece = wasm[at..at + len].to_vec();
                let to = u.choose_index(wasm.len()).unwrap_or(0);
                wasm.splice(to..to, piece);
            }
        }
    }
}

fn module_of(input: &[u8]) -> Option<Vec<u8>> {
    build(input).map(|(wasm, _)| wasm)
}

fn run(input: &[u8]) -> Outcome {
    let Some((wasm, config)) = build(input) else {
        return Ok(Stats::default());
    };
    check(&wasm, &config)?;
    Ok(Stats {
        modules: 1,
        ..Stats::default()
    })
}

/// Loads `wasm` into Mote and into wasmparser's validator and compares.
pub fn check(wasm: &[u8], config: &Config) -> Result<(), Finding> {
    let mote = Module::new(&Engine::new(config), wasm);
    let reference = Validator::new_with_features(mote_features()).validate_all(wasm);
    match (mote, reference) {
        (Ok(_), Ok(_)) | (Err(_), Err(_)) => Ok(()),
        (Ok(_), Err(e)) => Err(Finding::new(
            "accepts invalid",
            format!("Mote accepts a module wasmparser rejects: {e}"),
        )),
        // An implementation limit (frame or code size) may refuse a valid module.
        (Err(Error::Limit(_)), Ok(_)) => Ok(()),
        (Err(e), Ok(_)) => Err(Finding::new(
            "rejects valid",
            format!("Mote rejects a module wasmparser accepts: {e}"),
        )),
    }
}
