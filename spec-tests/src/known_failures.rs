//! Test files and directives that are expected to fail, with the reason
//! for each.
//!
//! Keys of [`KNOWN_FAILURES`] are `set/file`, e.g.
//! `"wasm-v3/type-canon.wast"`. Only files of which every directive needs
//! the GC proposal may be listed (reason starting `GC: `; the run fails if
//! any of their directives passes). Everything else must pass, SIMD
//! included.
//!
//! Keys of [`KNOWN_DIRECTIVE_FAILURES`] are `set/file:line`, one directive
//! each. Two classes of directive may be listed, each reason starting with
//! its class:
//!
//! - `GC: `: directives that need the GC proposal (explicit recursion
//!   groups, types that refer to themselves, constant expressions reading a
//!   defined global), which Mote does not implement: the 3.0
//!   exception-handling, `elem` and type-equivalence tests mix a few of
//!   them into files whose other directives must pass, so those files
//!   cannot be listed whole.
//! - `THREADS: `: directives of the `threads` set that Mote's one thread
//!   cannot pass: those needing a second thread (the `thread` and `wait`
//!   script commands, or a waiter another thread wakes), and those that
//!   assert a 1.0 restriction WebAssembly 2.0 lifted (the proposal's copy
//!   of `imports.wast` predates reference types, so it calls several
//!   tables invalid; Mote follows 2.0).
//! - `MULTI-MEMORY: `: directives of the 2.0-era sets (`wasm-v2`,
//!   `threads`) that assert a 2.0 restriction WebAssembly 3.0 lifted:
//!   more than one memory is invalid, or `memory.size`/`memory.grow`'s
//!   memory index must be the single byte 0x00. Mote implements 3.0's
//!   multi-memory.
//! - `MEMORY64: `: directives of the 2.0-era sets that assert a 2.0
//!   restriction WebAssembly 3.0's memory64 lifted: a 32-bit memory's
//!   limits written in more than five LEB128 bytes are malformed (3.0
//!   reads every memory's limits as `u64`s).
//!
//! A listed file that passes fully, or a listed directive that passes,
//! fails the run, so the lists cannot go stale.

/// `(set/file, reason)` pairs.
pub const KNOWN_FAILURES: &[(&str, &str)] = &[
    ("wasm-v3/ref_null.wast", GC_HEAP_TYPES),
    ("wasm-v3/type-canon.wast", GC_REC),
];

/// `(set/file:line, reason)` pairs.
pub const KNOWN_DIRECTIVE_FAILURES: &[(&str, &str)] = &[
    ("wg-3.0-exceptions/tag.wast:30", GC_REC),
    ("wg-3.0-exceptions/tag.wast:38", GC_REC_REGISTER),
    ("wg-3.0-exceptions/tag.wast:40", GC_REC),
    ("wg-3.0-exceptions/tag.wast:48", GC_REC),
    ("wasm-v3/data.wast:89", GC_CONST_GLOBAL),
    ("wasm-v3/data.wast:90", GC_CONST_GLOBAL),
    ("wasm-v3/elem.wast:178", GC_CONST_GLOBAL),
    ("wasm-v3/elem.wast:182", GC_CONST_GLOBAL),
    ("wasm-v3/global.wast:373", GC_CONST_GLOBAL),
    ("wasm-v3/global.wast:374", GC_CONST_GLOBAL),
    ("wasm-v3/global.wast:634", GC_CONST_GLOBAL),
    ("wasm-v3/global.wast:659", GC_CONST_GLOBAL_USE),
    ("wasm-v3/global.wast:660", GC_CONST_GLOBAL_USE),
    ("wasm-v3/global.wast:661", GC_CONST_GLOBAL_USE),
    ("wasm-v3/global.wast:663", GC_CONST_GLOBAL_USE),
    ("wasm-v3/global.wast:664", GC_CONST_GLOBAL_USE),
    ("wasm-v3/type-equivalence.wast:30", GC_REC),
    ("wasm-v3/type-equivalence.wast:38", GC_SELF),
    ("wasm-v3/type-equivalence.wast:49", GC_REC),
    ("wasm-v3/type-equivalence.wast:136", GC_REC),
    ("wasm-v3/type-equivalence.wast:156", GC_REC_USE),
    ("wasm-v3/type-equivalence.wast:161", GC_REC),
    ("wasm-v3/type-equivalence.wast:188", GC_REC_USE),
    ("wasm-v3/type-equivalence.wast:233", GC_REC),
    ("wasm-v3/type-equivalence.wast:237", GC_REC_USE),
    ("wasm-v3/type-equivalence.wast:238", GC_REC),
    ("wasm-v3/type-equivalence.wast:246", GC_REC),
    ("wasm-v3/type-equivalence.wast:256", GC_REC_USE),
    ("wasm-v3/type-equivalence.wast:257", GC_REC),
    ("wasm-v3/type-equivalence.wast:268", GC_REC),
    ("wasm-v3/type-equivalence.wast:278", GC_REC_USE),
    ("wasm-v3/type-equivalence.wast:279", GC_REC),
    ("wasm-v3/type-equivalence.wast:290", GC_REC),
    ("wasm-v3/type-equivalence.wast:307", GC_REC_USE),
    ("wasm-v3/type-equivalence.wast:308", GC_REC),
    ("wasm-v3/type-rec.wast:3", GC_SELF),
    ("wasm-v3/type-rec.wast:39", GC_REC),
    ("wasm-v3/type-rec.wast:45", GC_REC),
    ("wasm-v3/type-rec.wast:71", GC_REC),
    ("wasm-v3/type-rec.wast:78", GC_REC),
    ("wasm-v3/type-rec.wast:137", GC_REC),
    ("wasm-v3/type-rec.wast:141", GC_REC_USE),
    ("wasm-v3/type-rec.wast:143", GC_REC),
    ("wasm-v3/type-rec.wast:148", GC_REC),
    ("wasm-v3/type-rec.wast:156", GC_REC),
    ("wasm-v3/type-rec.wast:167", GC_REC),
    ("wasm-v3/type-rec.wast:174", GC_REC_USE),
    ("wasm-v3/type-rec.wast:176", GC_REC),
    ("wasm-v3/type-rec.wast:183", GC_REC_USE),
    ("wasm-v3/type-rec.wast:185", GC_REC),
    ("wasm-v3/type-rec.wast:192", GC_REC_USE),
    ("wasm-v3/type-rec.wast:197", GC_REC),
    ("threads/imports.wast:309", THREADS_PRE_2_0_TABLES),
    ("threads/imports.wast:313", THREADS_PRE_2_0_TABLES),
    ("threads/imports.wast:317", THREADS_PRE_2_0_TABLES),
    ("threads/imports.wast:404", MULTI_MEMORY_2_0),
    ("threads/imports.wast:408", MULTI_MEMORY_2_0),
    ("threads/imports.wast:412", MULTI_MEMORY_2_0),
    ("threads/memory.wast:14", MULTI_MEMORY_2_0),
    ("threads/memory.wast:15", MULTI_MEMORY_2_0),
    ("wasm-v2/binary-leb128.wast:217", MEMORY64_LIMITS),
    ("wasm-v2/binary-leb128.wast:225", MEMORY64_LIMITS),
    ("wasm-v2/binary.wast:145", MULTI_MEMORY_MEMIDX),
    ("wasm-v2/binary.wast:165", MULTI_MEMORY_MEMIDX),
    ("wasm-v2/binary.wast:184", MULTI_MEMORY_MEMIDX),
    ("wasm-v2/binary.wast:203", MULTI_MEMORY_MEMIDX),
    ("wasm-v2/binary.wast:242", MULTI_MEMORY_MEMIDX),
    ("wasm-v2/binary.wast:261", MULTI_MEMORY_MEMIDX),
    ("wasm-v2/binary.wast:279", MULTI_MEMORY_MEMIDX),
    ("wasm-v2/binary.wast:297", MULTI_MEMORY_MEMIDX),
    ("wasm-v2/imports.wast:487", MULTI_MEMORY_2_0),
    ("wasm-v2/imports.wast:491", MULTI_MEMORY_2_0),
    ("wasm-v2/imports.wast:495", MULTI_MEMORY_2_0),
    ("wasm-v2/memory.wast:10", MULTI_MEMORY_2_0),
    ("wasm-v2/memory.wast:11", MULTI_MEMORY_2_0),
];

const GC_REC: &str = "GC: the module declares a recursion group (`rec`)";
const GC_REC_REGISTER: &str =
    "GC: registers the module of line 30, which declares a recursion group";
const GC_REC_USE: &str =
    "GC: invokes or registers the module just before it, which declares a recursion group";
const GC_CONST_GLOBAL: &str = "GC: a constant expression reads a global the module defines \
    (the GC proposal's extension of constant expressions; wasmparser admits it only with GC)";
const GC_CONST_GLOBAL_USE: &str = "GC: invokes the module just before it, whose constant \
    expressions read globals it defines";
const GC_HEAP_TYPES: &str = "GC: every module of the file uses the GC proposal's abstract heap \
    types (`any`, `none`, `nofunc`, ...)";
const GC_SELF: &str = "GC: a type refers to itself (an implicit recursion group, which \
    wasmparser admits only with GC)";

const THREADS_PRE_2_0_TABLES: &str = "THREADS: asserts that several tables are invalid, as \
     before WebAssembly 2.0 (the proposal's copy of the test predates reference types)";
const MULTI_MEMORY_2_0: &str = "MULTI-MEMORY: asserts that several memories are invalid, as \
     in WebAssembly 2.0; 3.0's multi-memory, which Mote implements, lifted that restriction \
     (the 3.0 copies of these tests, in `wg-3.0-multi-memory`, pass)";
const MULTI_MEMORY_MEMIDX: &str = "MULTI-MEMORY: asserts that `memory.size`/`memory.grow`'s \
     reserved byte is a single 0x00, as in WebAssembly 2.0; in 3.0 (multi-memory, which Mote \
     implements) it is a memory index, a LEB128 u32, so an overlong encoding of 0 is valid \
     (the 3.0 copy of the file has no such test)";
const MEMORY64_LIMITS: &str = "MEMORY64: asserts that a 32-bit memory's limits are LEB128 \
     `u32`s of at most five bytes, as in WebAssembly 2.0; 3.0 (memory64, which Mote implements) \
     encodes every memory's limits as `u64`s, so six bytes are valid (the 3.0 copy of the file \
     calls eleven bytes malformed, which Mote does; a value past the memory's range is invalid)";
/// Why the runner fails a `thread` or `wait` script command.
pub const THREADS_SECOND_THREAD: &str = "THREADS: needs a second thread";

/// `(set, reason)` pairs: sets whose every file is a known failure when
/// its modules run through images (`Load::Image`, `--via-image`), beyond
/// the lists above. Reasons start `IMAGE: `. A file of a listed set that
/// passes through images fails that run, as a stale entry of the other
/// lists does. Empty: every set passes through images as from `.wasm`
/// (the SIMD sets too, since images carry SIMD).
pub const KNOWN_IMAGE_FAILURE_SETS: &[(&str, &str)] = &[];

/// The reason a file (`set/file`) is a known failure when run through
/// images, if its set is listed in [`KNOWN_IMAGE_FAILURE_SETS`].
pub fn known_image_failure(key: &str) -> Option<&'static str> {
    let set = key.split('/').next()?;
    KNOWN_IMAGE_FAILURE_SETS
        .iter()
        .find(|(s, _)| *s == set)
        .map(|(_, reason)| *reason)
}

/// The reason a directive (`set/file:line`) is a known failure, if listed.
pub fn known_directive_failure(key: &str) -> Option<&'static str> {
    KNOWN_DIRECTIVE_FAILURES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, reason)| *reason)
}

/// The reason a file is a known failure, if it is listed.
pub fn known_failure(key: &str) -> Option<&'static str> {
    KNOWN_FAILURES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, reason)| *reason)
}

#[cfg(test)]
mod tests {
    use super::KNOWN_FAILURES;

    #[test]
    fn only_gc_files_are_listed() {
        for (file, reason) in KNOWN_FAILURES {
            assert!(
                reason.starts_with("GC: "),
                "{file} is listed as a known failure ({reason}), but only GC files may be"
            );
            assert!(!reason.trim().is_empty(), "{file} needs a reason");
        }
    }

    #[test]
    fn only_directives_of_the_allowed_classes_are_listed() {
        for (directive, reason) in super::KNOWN_DIRECTIVE_FAILURES {
            let threads = reason.starts_with("THREADS: ") && directive.starts_with("threads/");
            let two_point_oh =
                directive.starts_with("threads/") || directive.starts_with("wasm-v2/");
            let multi_memory = reason.starts_with("MULTI-MEMORY: ") && two_point_oh;
            let memory64 = reason.starts_with("MEMORY64: ") && two_point_oh;
            assert!(
                reason.starts_with("GC: ") || threads || multi_memory || memory64,
                "{directive} is listed as a known failure ({reason}), but only directives \
                 needing GC, directives of the threads set that one thread cannot pass, or \
                 2.0-era directives asserting 2.0's one memory or 32-bit limits may be"
            );
        }
    }

    #[test]
    fn every_listed_directive_exists() {
        let files = crate::sets::all_files();
        for (key, _) in super::KNOWN_DIRECTIVE_FAILURES {
            let (file, line) = key.rsplit_once(':').expect("set/file:line");
            let line: usize = line.parse().expect("a line number");
            let f = files
                .iter()
                .find(|f| crate::file_key(f) == file)
                .unwrap_or_else(|| panic!("known failure {key} names no test file"));
            let text = f.raw().lines().nth(line - 1).unwrap_or("");
            assert!(
                text.trim_start().starts_with('('),
                "known failure {key}: line {line} starts no directive"
            );
        }
    }

    #[test]
    fn image_failure_sets_exist_and_are_of_the_image_class() {
        let files = crate::sets::all_files();
        for (set, reason) in super::KNOWN_IMAGE_FAILURE_SETS {
            assert!(reason.starts_with("IMAGE: "), "{set}: {reason}");
            assert!(
                files.iter().any(|f| f.parent() == *set),
                "known image failure set {set} has no test file"
            );
        }
    }

    #[test]
    fn every_listed_file_exists() {
        let files = crate::sets::all_files();
        for (key, _) in KNOWN_FAILURES {
            assert!(
                files.iter().any(|f| crate::file_key(f) == *key),
                "known failure {key} names no test file"
            );
        }
    }
}
