//! Replays every input that ever failed a target: `fuzz/regressions/<target>/*`.
//! Each must now pass its target's oracles.

use mote_fuzz::target::{quiet_panics, run_caught};
use std::path::{Path, PathBuf};

fn regressions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions")
}

/// The input files kept for a target: `.bin` inputs as the target reads
/// them, `.wasm` modules given whole.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "bin" || x == "wasm"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_kept_input_passes_its_target() {
    quiet_panics();
    let mut failures = Vec::new();
    let mut replayed = 0;
    for target in mote_fuzz::ALL {
        for file in inputs(&regressions().join(target.name)) {
            let input = std::fs::read(&file).unwrap();
            replayed += 1;
            if let Err(f) = run_caught(target, &input) {
                failures.push(format!("{}: {f}", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("{replayed} kept inputs replayed");
}

#[test]
fn every_regression_folder_names_a_target() {
    let Ok(entries) = std::fs::read_dir(regressions()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() {
            assert!(
                mote_fuzz::find(&name).is_some(),
                "fuzz/regressions/{name}/ belongs to no target"
            );
        }
    }
}
