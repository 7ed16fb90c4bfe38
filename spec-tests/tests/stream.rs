//! The streams boards run must reach exactly what this crate's runner does:
//! every file is converted, run through `mote-spec-stream`'s runner on the
//! host (whole, and cut into chunks), and its counts compared with the
//! normal runner's, file by file, and once more with its modules as
//! images (`--images`). Also: a damaged stream is an error.

#[path = "../src/stream/mod.rs"]
mod stream;

use std::time::Duration;

use mote::Engine;
use mote_spec_stream::{Event, StreamErrorKind, Totals, run_stream};
use mote_spec_tests::{Load, all_files, file_key, report_file};

#[global_allocator]
static ALLOC: stream::heap::Counting = stream::heap::Counting;

/// A chunk size every file fits in (no module of the suite is larger).
const CHUNK: usize = 32 * 1024;
/// A chunk size small enough that many chunks must replay state.
const SMALL_CHUNK: usize = 4 * 1024;

/// Runs a stream; returns its totals, failure lines and peak heap.
fn run(bytes: &[u8], engine: &Engine) -> (Totals, Vec<String>, usize) {
    let mut failures = Vec::new();
    let base = stream::heap::start();
    let totals = run_stream(bytes, engine, &mut |event| {
        if let Event::Fail(failure) = event {
            failures.push(failure.to_string());
        }
    })
    .unwrap_or_else(|e| panic!("a converted stream is malformed: {e}"));
    (totals, failures, stream::heap::peak_since(base))
}

fn run_chunks(chunks: &[stream::chunk::Chunk], engine: &Engine) -> (Totals, Vec<String>) {
    let mut sum = Totals::default();
    let mut failures = Vec::new();
    for chunk in chunks {
        let (totals, f, _) = run(&chunk.bytes, engine);
        sum.add(totals);
        failures.extend(f);
    }
    (sum, failures)
}

#[test]
fn streams_match_the_host_runner() {
    // Deep recursion tests need a big native stack in debug builds, as in
    // the host runner.
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(compare_all_files)
        .unwrap()
        .join()
        .unwrap();
}

fn compare_all_files() {
    let engine = Engine::default();
    let mut problems = Vec::new();
    let (mut directives, mut bytes, mut replayed) = (0u32, 0usize, 0usize);
    let mut largest = (0, String::new());
    let mut peak = (0, String::new());
    let files = all_files();
    for file in &files {
        let key = file_key(file);
        let host = report_file(file, Duration::from_secs(600), Load::Wasm);
        let expected = (
            host.directives as u32,
            host.passed as u32,
            host.failed as u32,
        );
        let converted = stream::convert(file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(converted.directives, expected.0, "{key}: directive count");

        let whole = stream::chunk::encode(&converted, None);
        assert_eq!(whole.len(), 1, "{key}: one stream without --max-chunk");
        let (totals, failures, heap) = run(&whole[0].bytes, &engine);
        let counts = |t: Totals| (t.directives, t.passed, t.failed);
        if counts(totals) != expected {
            problems.push(format!(
                "{key}: host {expected:?}, stream {:?}: {failures:#?}",
                counts(totals)
            ));
        }
        directives += totals.directives;
        bytes += whole[0].bytes.len();
        if whole[0].bytes.len() > largest.0 {
            largest = (whole[0].bytes.len(), key.clone());
        }
        if heap > peak.0 {
            peak = (heap, key.clone());
        }

        // Modules as images (`spec-stream --images`): the same counts.
        let mut imaged = stream::convert(file).unwrap_or_else(|e| panic!("{e}"));
        stream::images::to_images(&mut imaged, &engine);
        let (totals, failures, _) = run(&stream::chunk::encode(&imaged, None)[0].bytes, &engine);
        if counts(totals) != expected {
            problems.push(format!(
                "{key} as images: host {expected:?}, stream {:?}: {failures:#?}",
                counts(totals)
            ));
        }

        for max in [CHUNK, SMALL_CHUNK] {
            let chunks = stream::chunk::encode(&converted, Some(max));
            let counted: u32 = chunks.iter().map(|c| c.directives).sum();
            assert_eq!(
                counted, converted.directives,
                "{key}: chunks of {max} bytes"
            );
            if max == CHUNK {
                for chunk in &chunks {
                    assert!(
                        chunk.bytes.len() <= max,
                        "{key}: a chunk of {} bytes",
                        chunk.bytes.len()
                    );
                }
            } else {
                replayed += chunks.iter().map(|c| c.replayed).sum::<usize>();
            }
            let (totals, failures) = run_chunks(&chunks, &engine);
            if counts(totals) != expected {
                problems.push(format!(
                    "{key} in chunks of {max} bytes: host {expected:?}, streams {:?}: {failures:#?}",
                    counts(totals)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The README's conformance total (every set runs on the boards).
    assert_eq!(
        directives, 68364,
        "the suite changed: update the README's conformance table"
    );
    assert!(
        replayed > 0,
        "chunks of {SMALL_CHUNK} bytes should need replayed state"
    );
    println!(
        "{} files, {directives} directives: streams {bytes} bytes, largest {} ({} bytes); \
         peak heap {} bytes ({}); {replayed} commands replayed in {SMALL_CHUNK}-byte chunks",
        files.len(),
        largest.1,
        largest.0,
        peak.0,
        peak.1
    );
}

#[test]
fn a_damaged_stream_is_an_error() {
    let file = all_files()
        .into_iter()
        .find(|f| file_key(f) == "wasm-v2/i32.wast")
        .unwrap();
    let converted = stream::convert(&file).unwrap();
    let good = stream::chunk::encode(&converted, None).remove(0).bytes;
    let engine = Engine::default();
    let run = |bytes: &[u8]| run_stream(bytes, &engine, &mut |_| {});
    assert_eq!(run(&good).unwrap().passed, converted.directives);

    // Cut short anywhere: always an error, never a panic.
    for len in (0..good.len()).step_by(97).chain([good.len() - 1]) {
        assert!(run(&good[..len]).is_err(), "cut to {len} bytes");
    }
    let kind = |bytes: &[u8]| run(bytes).unwrap_err().kind;
    assert_eq!(kind(&good[..good.len() - 1]), StreamErrorKind::Truncated);
    let mut bad = good.clone();
    bad[0] = b'X';
    assert_eq!(kind(&bad), StreamErrorKind::BadMagic);
    // The first command's tag follows the header.
    let header_len = mote_spec_stream::Reader::new(&good).unwrap().offset();
    let mut bad = good.clone();
    bad[header_len] = 0x3f;
    assert_eq!(kind(&bad), StreamErrorKind::BadTag(0x3f));
    let mut bad = good.clone();
    bad.push(0);
    assert_eq!(kind(&bad), StreamErrorKind::TrailingBytes);
    // Damage in the middle: an error or failed directives, never a panic.
    for i in (header_len..good.len()).step_by(13) {
        let mut bad = good.clone();
        bad[i] ^= 0x5a;
        let _ = run(&bad);
    }
}
