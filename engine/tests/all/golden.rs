//! The translation of small functions, pinned: any change the translator
//! makes to them shows up as a diff of `tests/golden/*.txt`, the
//! disassembly of `tests/golden/*.wat` (`fuel.wat` is compiled with fuel
//! on). After a deliberate change, rewrite them with
//! `MOTE_BLESS=1 cargo test -p mote --test all golden` and review the diff.

use mote::{Config, Engine, Module};
use std::path::Path;

/// The disassembly of `wat` as the engine translates it (names kept;
/// fuel on for the files that ask for it by their name).
fn disassemble(path: &Path) -> String {
    let mut config = Config::new();
    config.debug_info(true);
    let fuel = path.file_stem().is_some_and(|s| s == "fuel");
    config.consume_fuel(fuel);
    let wasm = wat::parse_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let module = Module::new(&Engine::new(&config), &wasm)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    module.disassemble().to_string()
}

#[test]
fn translations_match_the_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("MOTE_BLESS").is_some();
    let mut checked = 0;
    let mut wats: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    wats.sort();
    for wat in wats {
        // Exception handling's file needs its cargo feature (on by default).
        if !cfg!(feature = "exceptions") && wat.file_stem().is_some_and(|s| s == "exceptions") {
            continue;
        }
        let got = disassemble(&wat);
        let golden = wat.with_extension("txt");
        if bless {
            std::fs::write(&golden, &got).unwrap();
        }
        let want = std::fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("{} is missing: run with MOTE_BLESS=1", golden.display()));
        assert!(
            got == want,
            "the translation of {} changed; if that is meant, run with MOTE_BLESS=1\n--- want\n{want}\n--- got\n{got}",
            wat.display()
        );
        checked += 1;
    }
    assert_eq!(checked, if cfg!(feature = "exceptions") { 7 } else { 6 });
}
