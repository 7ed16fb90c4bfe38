//! libFuzzer's entry point for every target of `mote_fuzz::ALL`: the one
//! named by the environment variable `MOTE_FUZZ_TARGET`. A finding panics,
//! which libFuzzer reports as a crash and saves.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mote_fuzz::Target;
use std::sync::LazyLock;

static TARGET: LazyLock<&'static Target> = LazyLock::new(|| {
    let name = std::env::var("MOTE_FUZZ_TARGET").unwrap_or_default();
    mote_fuzz::find(&name).unwrap_or_else(|| {
        let names: Vec<_> = mote_fuzz::ALL.iter().map(|t| t.name).collect();
        panic!("set MOTE_FUZZ_TARGET to one of: {}", names.join(", "))
    })
});

fuzz_target!(|data: &[u8]| {
    if let Err(finding) = (TARGET.run)(data) {
        panic!("{} finding: {finding}", TARGET.name);
    }
});
