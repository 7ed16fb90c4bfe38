//! Modules from `wasm-smith`: within Mote's feature set (for execution), or
//! beyond it (for validation, which must then reject them).

use arbitrary::Unstructured;
use wasm_smith::Config;
use wasmparser::WasmFeatures;

/// The features Mote validates with, as `features()` in
/// `engine/src/module/parse.rs` defines them: WebAssembly 2.0, plus
/// tail calls, extended constant expressions, custom page sizes, multiple
/// memories, memory64 (64-bit memories and tables), typed function
/// references (without GC), exception handling (final and legacy),
/// threads, and SIMD with relaxed SIMD (the fuzz crate builds the engine
/// with its `exceptions`, `atomics` and `simd` features; `simd` because
/// `mote-aot`, which the `aot` target runs, needs it, and cargo builds
/// one engine for both). Kept in step by hand: if the engine's
/// set changes, the `validate` target reports the first module on which
/// the two sets disagree.
pub fn mote_features() -> WasmFeatures {
    WasmFeatures::WASM2
        | WasmFeatures::TAIL_CALL
        | WasmFeatures::EXTENDED_CONST
        | WasmFeatures::CUSTOM_PAGE_SIZES
        | WasmFeatures::EXCEPTIONS
        | WasmFeatures::LEGACY_EXCEPTIONS
        | WasmFeatures::FUNCTION_REFERENCES
        | WasmFeatures::THREADS
        | WasmFeatures::MULTI_MEMORY
        | WasmFeatures::MEMORY64
        | WasmFeatures::SIMD
        | WasmFeatures::RELAXED_SIMD
}

/// Largest memory a generated module declares, in bytes: memories are
/// compared after every call, so they stay small.
pub const MAX_MEMORY_BYTES: u64 = 1 << 20;

/// A generated module and how it was generated.
#[derive(Debug, Clone)]
pub struct Generated {
    pub wasm: Vec<u8>,
    /// Whether every float result was made canonical when it is a NaN, so
    /// that memories and values may be compared bit for bit.
    pub canonical_nans: bool,
    /// Index of the exported global that `ensure_termination` added.
    pub fuel_global: Option<u32>,
}

/// A configuration for modules Mote must accept: only Mote's features, a
/// few knobs drawn from the input.
pub fn mote_config(u: &mut Unstructured<'_>) -> arbitrary::Result<Config> {
    // Each knob is off when two bits of `flags` are set: on three times in
    // four, and on when the input is exhausted (all zeros).
    let flags: u32 = u.arbitrary()?;
    let on = |bit: u32| (flags >> bit) & (flags >> (bit + 16)) & 1 == 0;
    let mut c = Config {
        // WebAssembly 2.0, each proposal on or off.
        multi_value_enabled: on(0),
        bulk_memory_enabled: on(1),
        reference_types_enabled: on(2),
        saturating_float_to_int_enabled: on(3),
        sign_extension_ops_enabled: on(4),
        tail_call_enabled: on(5),
        extended_const_enabled: on(6),
        custom_page_sizes_enabled: !on(7),
        // 3.0: 64-bit memories and tables, several memories.
        memory64_enabled: on(15),
        max_memories: if on(12) { 3 } else { 1 },
        max_memory64_bytes: u128::from(MAX_MEMORY_BYTES),
        // Not Mote's.
        simd_enabled: false,
        relaxed_simd_enabled: false,
        exceptions_enabled: false,
        threads_enabled: false,
        gc_enabled: false,
        wide_arithmetic_enabled: false,
        compact_imports_enabled: false,
        shared_everything_threads_enabled: false,
        custom_descriptors_enabled: false,
        acquire_release_atomics_enabled: false,
        multibyte_array_access_enabled: false,
        // Shapes.
        max_memory32_bytes: MAX_MEMORY_BYTES,
        max_table_elements: 1000,
        max_tables: if on(2) { 3 } else { 1 },
        max_funcs: u.int_in_range(1..=24)?,
        max_instructions: u.int_in_range(1..=160)?,
        max_imports: u.int_in_range(0..=6)?,
        max_globals: u.int_in_range(0..=12)?,
        max_types: 24,
        max_exports: 48,
        max_data_segments: 8,
        max_element_segments: 8,
        max_elements: 32,
        max_nesting_depth: 8,
        min_uleb_size: u.int_in_range(1..=5)?,
        export_everything: !on(8) || on(9),
        disallow_traps: !on(10) && !on(11),
        canonicalize_nans: on(12),
        allow_start_export: true,
        generate_custom_sections: !on(13) && !on(14),
        ..Config::default()
    };
    // At least one function (and so one function type) to call.
    c.min_types = 1;
    c.min_funcs = 1;
    Ok(c)
}

/// A configuration for modules beyond Mote's features: every proposal
/// `wasm-smith` knows, several memories, overlong LEB128s.
pub fn superset_config(u: &mut Unstructured<'_>) -> arbitrary::Result<Config> {
    let mut c = mote_config(u)?;
    let flags: u16 = u.arbitrary()?;
    let on = |bit: u16| flags & (1 << bit) != 0;
    c.simd_enabled = on(0);
    c.relaxed_simd_enabled = on(0) && on(1);
    c.exceptions_enabled = on(2);
    c.threads_enabled = on(3);
    c.gc_enabled = on(4) && c.reference_types_enabled;
    c.memory64_enabled = on(5);
    c.wide_arithmetic_enabled = on(6);
    c.compact_imports_enabled = on(7);
    c.max_memories = if on(8) { 4 } else { 1 };
    c.custom_page_sizes_enabled = on(9);
    c.min_uleb_size = u.int_in_range(1..=5)?;
    Ok(c)
}

/// Generates a module from `config` and the rest of `u`. With
/// `termination`, every loop and function entry spends one unit of an
/// exported fuel global and traps when it is gone, so every call ends, and
/// ends at the same instruction on every engine.
pub fn generate(
    config: Config,
    u: &mut Unstructured<'_>,
    termination: Option<u32>,
) -> arbitrary::Result<Generated> {
    let canonical_nans = config.canonicalize_nans;
    let mut module = wasm_smith::Module::new(config, u)?;
    let fuel_global = match termination {
        Some(fuel) => Some(
            module
                .ensure_termination(fuel)
                .map_err(|_| arbitrary::Error::IncorrectFormat)?,
        ),
        None => None,
    };
    Ok(Generated {
        wasm: module.to_bytes(),
        canonical_nans,
        fuel_global,
    })
}

/// An input that is itself a module (it starts with `\0asm`), taken as it
/// is: kept inputs in this form mean the same module whatever becomes of
/// the generator, and libFuzzer can start from real modules.
pub fn as_module(input: &[u8]) -> Option<Generated> {
    input.starts_with(b"\0asm").then(|| Generated {
        wasm: input.to_vec(),
        canonical_nans: false,
        fuel_global: None,
    })
}

/// A module Mote must accept, from the front of the input.
pub fn mote_module(u: &mut Unstructured<'_>, termination: Option<u32>) -> Option<Generated> {
    let config = mote_config(u).ok()?;
    generate(config, u, termination).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mote_configs_generate_modules_valid_under_motes_features() {
        for seed in 0..40 {
            let bytes = crate::input::from_seed(seed, 4000);
            let mut u = Unstructured::new(&bytes);
            let Some(g) = mote_module(&mut u, Some(100)) else {
                continue;
            };
            wasmparser::Validator::new_with_features(mote_features())
                .validate_all(&g.wasm)
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        }
    }

    /// With threads on (the `execute` target's knob), modules use shared
    /// memories and atomics, and Mote takes them.
    #[test]
    fn threads_configs_generate_modules_that_use_threads() {
        let engine = mote::Engine::default();
        let mut using = 0;
        for seed in 0..60 {
            let bytes = crate::input::from_seed(seed, 4000);
            let mut u = Unstructured::new(&bytes);
            let Ok(mut config) = mote_config(&mut u) else {
                continue;
            };
            config.threads_enabled = true;
            let Ok(g) = generate(config, &mut u, Some(100)) else {
                continue;
            };
            let module =
                mote::Module::new(&engine, &g.wasm).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            using += usize::from(module.features().contains(mote::Features::THREADS));
        }
        assert!(using >= 5, "only {using} of 60 modules use threads");
    }
}
