//! `spec-stream`: the board command streams of `spec-tests/stream`. Frames
//! built from the input are encoded and decoded back unchanged; raw bytes
//! are decoded without a panic and, when they decode, re-encode to a stream
//! that decodes to the same frames. Every stream also runs (with no fuel,
//! so no call can loop) without a panic.

use crate::{Finding, Outcome, Stats, Target};
use arbitrary::{Arbitrary, Unstructured};
use mote::{Config, Engine};
use mote_spec_stream::{
    Action, Arg, Command, Expected, Frame, Header, MAX_SLOTS, Reader, TRAP_CODES, Writer,
    run_stream,
};
use std::borrow::Cow;

pub const TARGET: Target = Target {
    name: "spec-stream",
    about: "board spec-test command streams: encode/decode round trip, decoding any bytes",
    max_len: 2000,
    run,
    module: None,
};

/// A few export names, so that names repeat and the interning is used.
const NAMES: [&str; 4] = ["f", "add", "", "memory"];

fn string(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    if u.ratio(1, 2)? {
        Ok((*u.choose(&NAMES)?).to_owned())
    } else {
        String::arbitrary(u)
    }
}

fn bytes(u: &mut Unstructured<'_>) -> arbitrary::Result<Cow<'static, [u8]>> {
    let len = u.int_in_range(0..=32usize)?;
    Ok(Cow::Owned(u.bytes(len)?.to_vec()))
}

/// `None`, or a slot below `limit`.
fn slot(u: &mut Unstructured<'_>, limit: u32) -> arbitrary::Result<Option<u32>> {
    if limit == 0 || u.ratio(1, 3)? {
        return Ok(None);
    }
    Ok(Some(u.int_in_range(0..=limit - 1)?))
}

fn arg(u: &mut Unstructured<'_>) -> arbitrary::Result<Arg> {
    Ok(match u.int_in_range(0..=7u8)? {
        0 => Arg::I32(u.arbitrary()?),
        1 => Arg::I64(u.arbitrary()?),
        2 => Arg::F32(u.arbitrary()?),
        3 => Arg::F64(u.arbitrary()?),
        4 => Arg::NullFuncRef,
        5 => Arg::NullExternRef,
        6 => Arg::V128(u.arbitrary()?),
        _ => Arg::ExternRef(u.arbitrary()?),
    })
}

/// An expected result; `Either` only at the top, as the format demands.
fn expected(u: &mut Unstructured<'_>, top: bool) -> arbitrary::Result<Expected> {
    Ok(match u.int_in_range(0..=17u8)? {
        0 => Expected::I32(u.arbitrary()?),
        1 => Expected::I64(u.arbitrary()?),
        2 => Expected::F32(u.arbitrary()?),
        3 => Expected::F64(u.arbitrary()?),
        4 => Expected::F32CanonicalNan,
        5 => Expected::F32ArithmeticNan,
        6 => Expected::F64CanonicalNan,
        7 => Expected::F64ArithmeticNan,
        8 => Expected::NullFuncRef,
        9 => Expected::NullExternRef,
        10 => Expected::NullRef,
        11 => Expected::FuncRef,
        12 => Expected::AnyExternRef,
        13 => Expected::ExternRef(u.arbitrary()?),
        15 => Expected::V128(u.arbitrary()?),
        // Float lanes: each a value or a NaN class of the lane's type.
        16 => Expected::F32x4(
            (0..4)
                .map(|_| {
                    Ok(match u.int_in_range(0..=2u8)? {
                        0 => Expected::F32(u.arbitrary()?),
                        1 => Expected::F32CanonicalNan,
                        _ => Expected::F32ArithmeticNan,
                    })
                })
                .collect::<arbitrary::Result<_>>()?,
        ),
        17 => Expected::F64x2(
            (0..2)
                .map(|_| {
                    Ok(match u.int_in_range(0..=2u8)? {
                        0 => Expected::F64(u.arbitrary()?),
                        1 => Expected::F64CanonicalNan,
                        _ => Expected::F64ArithmeticNan,
                    })
                })
                .collect::<arbitrary::Result<_>>()?,
        ),
        _ if top => {
            let n = u.int_in_range(0..=3usize)?;
            Expected::Either((0..n).map(|_| expected(u, false)).collect::<Result<_, _>>()?)
        }
        _ => Expected::NullRef,
    })
}

fn action(u: &mut Unstructured<'_>, h: &Header<'_>) -> arbitrary::Result<Action<'static>> {
    Ok(match u.int_in_range(0..=2u8)? {
        0 => {
            let instance = slot(u, h.instance_slots)?;
            let name = Cow::Owned(string(u)?);
            let n = u.int_in_range(0..=4usize)?;
            let args = (0..n).map(|_| arg(u)).collect::<Result<_, _>>()?;
            Action::Invoke {
                instance,
                name,
                args,
            }
        }
        1 => Action::Get {
            instance: slot(u, h.instance_slots)?,
            name: Cow::Owned(string(u)?),
        },
        _ => Action::Instantiate(bytes(u)?),
    })
}

fn command(u: &mut Unstructured<'_>, h: &Header<'_>) -> arbitrary::Result<Command<'static>> {
    let (inst, def) = (h.instance_slots, h.definition_slots);
    Ok(match u.int_in_range(0..=14u8)? {
        0 => Command::Module {
            slot: slot(u, inst)?,
            wasm: bytes(u)?,
        },
        1 => Command::ModuleDefinition {
            slot: slot(u, def)?,
            wasm: bytes(u)?,
        },
        2 => Command::ModuleInstance {
            definition: slot(u, def)?,
            slot: slot(u, inst)?,
        },
        3 => Command::Register {
            name: Cow::Owned(string(u)?),
            instance: slot(u, inst)?,
        },
        4 => Command::Invoke(action(u, h)?),
        5 => {
            let a = action(u, h)?;
            let n = u.int_in_range(0..=3usize)?;
            let results = (0..n).map(|_| expected(u, true)).collect::<Result<_, _>>()?;
            Command::AssertReturn(a, results)
        }
        6 => Command::AssertTrap(action(u, h)?, *u.choose(&TRAP_CODES)?),
        7 => Command::AssertExhaustion(action(u, h)?, *u.choose(&TRAP_CODES)?),
        8 => Command::AssertInvalid(bytes(u)?),
        9 => Command::AssertMalformed(bytes(u)?),
        10 => Command::AssertUnlinkable(bytes(u)?),
        11 => Command::HostPassed(u.arbitrary()?),
        12 => Command::HostFailed(Cow::Owned(string(u)?)),
        13 => Command::AssertException(action(u, h)?),
        _ => Command::Reset,
    })
}

/// A header and frames from the input. Lines mostly grow by small steps,
/// and now and then jump anywhere in `u32`.
fn frames(u: &mut Unstructured<'_>) -> arbitrary::Result<(Header<'static>, Vec<Frame<'static>>)> {
    let header = Header {
        file: Cow::Owned(string(u)?),
        chunk: u.arbitrary()?,
        chunks: u.arbitrary()?,
        directives: 0,
        instance_slots: u.int_in_range(0..=MAX_SLOTS.min(4))?,
        definition_slots: u.int_in_range(0..=MAX_SLOTS.min(4))?,
    };
    let mut line = 0u32;
    let mut frames = Vec::new();
    while !u.is_empty() && frames.len() < 64 {
        line = if u.ratio(1, 8)? {
            u.arbitrary()?
        } else {
            line.wrapping_add(u.int_in_range(0..=20)?)
        };
        frames.push(Frame {
            replay: u.ratio(1, 8)?,
            line,
            command: command(u, &header)?,
        });
    }
    Ok((header, frames))
}

fn encode(header: &Header<'_>, frames: &[Frame<'_>]) -> Vec<u8> {
    let mut w = Writer::new();
    for f in frames {
        w.frame(f);
    }
    w.finish(header)
}

/// Every frame of a stream, or the error that stopped decoding.
fn decode(bytes: &[u8]) -> Result<(Header<'_>, Vec<Frame<'_>>), String> {
    let mut r = Reader::new(bytes).map_err(|e| e.to_string())?;
    let header = r.header().clone();
    let mut frames = Vec::new();
    while let Some(f) = r.next_frame().map_err(|e| e.to_string())? {
        frames.push(f);
    }
    Ok((header, frames))
}

/// Runs a stream on an engine that meters fuel and has none: modules load
/// and instantiate (start functions trap), and every call traps at once.
fn run_unfueled(bytes: &[u8]) {
    let mut config = Config::new();
    config.consume_fuel(true).max_memory_pages(16).max_table_elements(1000);
    let _ = run_stream(bytes, &Engine::new(&config), &mut |_| {});
}

fn run(input: &[u8]) -> Outcome {
    let stats = Stats {
        modules: 1,
        ..Stats::default()
    };
    let Some((&mode, rest)) = input.split_first() else {
        return Ok(stats);
    };
    if mode & 1 == 0 {
        // Raw bytes, after the magic and version half of the time.
        let mut bytes = Vec::new();
        if mode & 2 != 0 {
            bytes.extend_from_slice(mote_spec_stream::MAGIC);
            bytes.push(mote_spec_stream::VERSION);
        }
        bytes.extend_from_slice(rest);
        if let Ok((header, frames)) = decode(&bytes) {
            let again = encode(&header, &frames);
            let decoded = decode(&again).map_err(|e| {
                Finding::new("re-encoding unreadable", format!("a decoded stream, re-encoded: {e}"))
            })?;
            if decoded != (header, frames) {
                return Err(Finding::new(
                    "re-encoding differs",
                    "a decoded stream re-encoded decodes to other frames",
                ));
            }
        }
        run_unfueled(&bytes);
        return Ok(stats);
    }
    let mut u = Unstructured::new(rest);
    let Ok((header, frames)) = frames(&mut u) else {
        return Ok(stats);
    };
    let stream = encode(&header, &frames);
    let (got_header, got_frames) = decode(&stream).map_err(|e| {
        // Name the first frame that does not come back.
        let mut r = Reader::new(&stream).ok();
        let back = std::iter::from_fn(|| r.as_mut()?.next_frame().ok()?).count();
        Finding::new(
            "round trip unreadable",
            format!("{e}, after {back} frames; the next: {:?}", frames.get(back)),
        )
    })?;
    let directives = frames
        .iter()
        .filter(|f| !f.replay)
        .fold(0u32, |n, f| n.saturating_add(f.command.directives()));
    let want_header = Header {
        directives,
        ..header
    };
    if got_header != want_header {
        return Err(Finding::new(
            "round trip header",
            format!("{want_header:?} came back as {got_header:?}"),
        ));
    }
    if let Some(i) = (0..frames.len().max(got_frames.len()))
        .find(|&i| frames.get(i) != got_frames.get(i))
    {
        return Err(Finding::new(
            "round trip frame",
            format!(
                "frame {i}: {:?} came back as {:?}",
                frames.get(i),
                got_frames.get(i)
            ),
        ));
    }
    run_unfueled(&stream);
    Ok(stats)
}
