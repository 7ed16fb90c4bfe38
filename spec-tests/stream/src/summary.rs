//! Running many streams and printing the lines a board sends over its UART.

use core::fmt::Write;

use mote::Engine;

use crate::decode::Reader;
use crate::report::{Event, Totals};
use crate::run::run_stream;

/// At most this many `spec: FAIL` lines are printed per stream.
pub const MAX_FAILURE_LINES: u32 = 10;

/// The outcome of [`run_all`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub totals: Totals,
    /// Streams run, and how many of them could not be read to the end.
    pub streams: u32,
    pub broken: u32,
}

/// Runs each stream with [`run_stream`] and prints to `out`:
///
/// ```text
/// spec: FAIL <set/file>:<line>: <directive>: <reason>   (at most MAX_FAILURE_LINES per stream)
/// spec: <stream> error: <what is wrong with the stream>  (if it cannot be read to the end)
/// spec: <stream> <directives> <passed> <failed>          (one per stream)
/// spec total: <passed> passed, <failed> failed (<directives> directives, <streams> streams)
/// ```
///
/// `<stream>` is `set/file`, or `set/file#i/n` for chunk `i` of `n`. A
/// stream that breaks counts its error and its directives not run as failed.
/// Errors writing to `out` are ignored.
pub fn run_all<'s>(
    streams: impl IntoIterator<Item = &'s [u8]>,
    engine: &Engine,
    out: &mut impl Write,
) -> Summary {
    let mut summary = Summary::default();
    for bytes in streams {
        let totals = run_one(bytes, engine, summary.streams, out);
        summary.streams = summary.streams.saturating_add(1);
        summary.totals.add(totals.0);
        summary.broken = summary.broken.saturating_add(u32::from(totals.1));
    }
    let t = summary.totals;
    let _ = writeln!(
        out,
        "spec total: {} passed, {} failed ({} directives, {} streams)",
        t.passed, t.failed, t.directives, summary.streams
    );
    summary
}

/// Runs one stream and prints its lines; returns its totals and whether it broke.
fn run_one(bytes: &[u8], engine: &Engine, index: u32, out: &mut impl Write) -> (Totals, bool) {
    let mut seen = Totals::default();
    let mut printed = 0u32;
    let result = run_stream(bytes, engine, &mut |event| match event {
        Event::Start(_) => {}
        Event::Passed { count, .. } => {
            seen.directives = seen.directives.saturating_add(count);
            seen.passed = seen.passed.saturating_add(count);
        }
        Event::Fail(failure) => {
            seen.directives = seen.directives.saturating_add(1);
            seen.failed = seen.failed.saturating_add(1);
            if printed < MAX_FAILURE_LINES {
                let _ = writeln!(out, "spec: FAIL {failure}");
            } else if printed == MAX_FAILURE_LINES {
                let _ = writeln!(
                    out,
                    "spec: FAIL ... (further failures of {} not shown)",
                    failure.file
                );
            }
            printed = printed.saturating_add(1);
        }
    });
    let header = Reader::new(bytes).map(|r| r.header().clone());
    let (totals, broken) = match result {
        Ok(totals) => (totals, false),
        Err(error) => {
            match &header {
                Ok(h) => {
                    let _ = writeln!(out, "spec: {} error: {error}", h.name());
                }
                Err(_) => {
                    let _ = writeln!(out, "spec: stream#{index} error: {error}");
                }
            }
            // The error itself and every directive that did not run fail.
            let announced = header.as_ref().map_or(0, |h| h.directives);
            let left = announced.saturating_sub(seen.directives).max(1);
            seen.failed = seen.failed.saturating_add(left);
            seen.directives = seen.directives.saturating_add(left);
            (seen, true)
        }
    };
    match &header {
        Ok(h) => {
            let _ = writeln!(
                out,
                "spec: {} {} {} {}",
                h.name(),
                totals.directives,
                totals.passed,
                totals.failed
            );
        }
        Err(_) => {
            let _ = writeln!(
                out,
                "spec: stream#{index} {} {} {}",
                totals.directives, totals.passed, totals.failed
            );
        }
    }
    (totals, broken)
}
