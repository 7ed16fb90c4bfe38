//! Test files that are expected to fail, with the reason for each.
//!
//! Keys are `set/file`, e.g. `"wasm-v2/simd_lane.wast"`. Only SIMD files may
//! ever be listed: Mote does not implement SIMD, and everything else must pass.
//! A listed file that passes fully fails the run, so the list cannot go stale.

/// `(set/file, reason)` pairs.
pub const KNOWN_FAILURES: &[(&str, &str)] = &[];

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
    fn only_simd_files_are_listed() {
        for (file, reason) in KNOWN_FAILURES {
            assert!(
                file.contains("simd"),
                "{file} is listed as a known failure ({reason}), but only SIMD files may be"
            );
            assert!(!reason.trim().is_empty(), "{file} needs a reason");
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
