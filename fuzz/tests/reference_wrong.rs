//! Cases where wasmi, the differential target's reference, is wrong and
//! Mote and wasmtime agree: `fuzz/reference-wrong/list.txt`. Each case must
//! still show (wasmi is pinned; a case it stops showing is stale), and Mote
//! must still give the answer wasmtime gave: by the digest recorded when
//! the case was added, and directly when built with `--features wasmtime`.

use mote_fuzz::engines::Limits;
use mote_fuzz::engines::mote::Mote;
use mote_fuzz::engines::wasmi::Wasmi;
use mote_fuzz::target::quiet_panics;
use mote_fuzz::targets::differential;
use mote_fuzz::trace::{self, Verdict};
use std::path::{Path, PathBuf};

/// What wasmi does with a case.
#[derive(Clone, Copy)]
enum WasmiDoes {
    /// Its trace parts ways with Mote's at this step.
    Differs(usize),
    /// It panics.
    Panics,
    /// It is not run: it takes the process down.
    NotRun,
}

struct Entry {
    file: String,
    wasmi: WasmiDoes,
    digest: u64,
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reference-wrong")
}

fn entries() -> Vec<Entry> {
    let list = std::fs::read_to_string(folder().join("list.txt")).unwrap();
    list.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace();
            let mut next = || words.next().unwrap_or_else(|| panic!("short line: {l}"));
            let file = next().to_owned();
            let wasmi = match next() {
                "-" => WasmiDoes::NotRun,
                "panic" => WasmiDoes::Panics,
                s => WasmiDoes::Differs(s.parse().unwrap()),
            };
            let digest = u64::from_str_radix(next(), 16).unwrap();
            Entry {
                file,
                wasmi,
                digest,
            }
        })
        .collect()
}

#[test]
fn every_listed_case_still_shows_and_mote_answers_as_wasmtime_did() {
    quiet_panics();
    let entries = entries();
    assert!(!entries.is_empty());
    for e in entries {
        let input = std::fs::read(folder().join(&e.file)).unwrap();
        let case = differential::case(&input).unwrap_or_else(|| panic!("{}: no case", e.file));
        let wasm = &case.generated.wasm;
        let mote = trace::run::<Mote>(wasm, &case.info, &case.plan, Limits::default());
        let through = match e.wasmi {
            WasmiDoes::Differs(step) => step,
            WasmiDoes::Panics | WasmiDoes::NotRun => mote.steps.len(),
        };
        assert_eq!(
            format!("{:016x}", trace::digest(&mote, through)),
            format!("{:016x}", e.digest),
            "{}: Mote's answer changed; check it against wasmtime (--features wasmtime)",
            e.file
        );
        let wasmi =
            || trace::run_reference::<Wasmi>(wasm, &case.info, &case.plan, Limits::default());
        match e.wasmi {
            WasmiDoes::Differs(step) => {
                let wasmi = wasmi().unwrap_or_else(|p| panic!("{}: wasmi panicked: {p}", e.file));
                match trace::compare(&mote, &wasmi, case.generated.canonical_nans) {
                    Verdict::Differ { step: s, .. } => assert_eq!(s, step, "{}", e.file),
                    other => panic!("{}: wasmi now agrees ({other:?}): drop the case", e.file),
                }
            }
            WasmiDoes::Panics => assert!(wasmi().is_err(), "{}: wasmi no longer panics", e.file),
            WasmiDoes::NotRun => {}
        }
        #[cfg(feature = "wasmtime")]
        {
            use mote_fuzz::engines::wasmtime::Wasmtime;
            let wasmtime =
                trace::run_reference::<Wasmtime>(wasm, &case.info, &case.plan, Limits::default())
                    .unwrap();
            let verdict = trace::compare(&mote, &wasmtime, case.generated.canonical_nans);
            assert!(verdict.agrees_through(through), "{}: {verdict:?}", e.file);
        }
    }
}

#[test]
fn every_case_file_is_listed() {
    let listed: Vec<String> = entries().into_iter().map(|e| e.file).collect();
    for entry in std::fs::read_dir(folder()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".wasm") || name.ends_with(".bin") {
            assert!(listed.contains(&name), "{name} is not in list.txt");
        }
    }
}
