//! Streams that carry images instead of `.wasm` modules
//! (`spec-stream --images`), for a board whose engine has no `wasmparser`
//! (the boards' `spec_image` firmware).
//!
//! Every module is compiled on the host, as `mote compile` does, and
//! written as its image. What the host decides, as `--via-image` decides
//! it: an `assert_invalid` or `assert_malformed` module the host rejects
//! at decoding or validation becomes a directive passed on the host; a
//! module the host cannot compile (or write as an image) stays `.wasm`,
//! which a runner refuses, so its directive fails on the board as it
//! fails on the host.

use mote::{Engine, Error, Module};
use mote_spec_stream::{Action, Command};

use super::FileStream;

/// `file` with its modules as images made by `engine` (which must be
/// configured as the board's: images carry what the engine assumed).
/// Returns how many modules stay `.wasm` (the host could not compile
/// them, or refuses its own image of them).
pub fn to_images(file: &mut FileStream, engine: &Engine) -> usize {
    let mut kept = 0;
    for item in &mut file.items {
        let converted = command(
            engine,
            core::mem::replace(&mut item.command, Command::Reset),
        );
        kept += wasm_modules(&converted);
        item.command = converted;
    }
    kept
}

/// How many modules `command` carries as `.wasm`.
fn wasm_modules(command: &Command<'_>) -> usize {
    let wasm = |bytes: &[u8]| usize::from(!mote::is_image(bytes));
    match command {
        Command::Module { wasm: w, .. } | Command::ModuleDefinition { wasm: w, .. } => wasm(w),
        Command::AssertUnlinkable(w) => wasm(w),
        Command::Invoke(Action::Instantiate(w))
        | Command::AssertReturn(Action::Instantiate(w), _)
        | Command::AssertTrap(Action::Instantiate(w), _)
        | Command::AssertExhaustion(Action::Instantiate(w), _)
        | Command::AssertException(Action::Instantiate(w)) => wasm(w),
        _ => 0,
    }
}

/// One command with its module as an image.
fn command(engine: &Engine, command: Command<'static>) -> Command<'static> {
    let module = |wasm: std::borrow::Cow<'static, [u8]>| match image(engine, &wasm) {
        Some(image) => image.into(),
        None => wasm,
    };
    let action = |action: Action<'static>| match action {
        Action::Instantiate(wasm) => Action::Instantiate(module(wasm)),
        other => other,
    };
    match command {
        Command::Module { slot, wasm } => Command::Module {
            slot,
            wasm: module(wasm),
        },
        Command::ModuleDefinition { slot, wasm } => Command::ModuleDefinition {
            slot,
            wasm: module(wasm),
        },
        Command::AssertUnlinkable(wasm) => Command::AssertUnlinkable(module(wasm)),
        Command::AssertInvalid(wasm) | Command::AssertMalformed(wasm)
            if matches!(Module::new(engine, &wasm), Err(Error::Decode(_))) =>
        {
            Command::HostPassed(1)
        }
        Command::Invoke(a) => Command::Invoke(action(a)),
        Command::AssertReturn(a, expected) => Command::AssertReturn(action(a), expected),
        Command::AssertTrap(a, code) => Command::AssertTrap(action(a), code),
        Command::AssertExhaustion(a, code) => Command::AssertExhaustion(action(a), code),
        Command::AssertException(a) => Command::AssertException(action(a)),
        other => other,
    }
}

/// The image of the module `wasm`, if it compiles and its image loads
/// again (as `--via-image` requires).
fn image(engine: &Engine, wasm: &[u8]) -> Option<Vec<u8>> {
    let image = Module::new(engine, wasm).ok()?.to_image().ok()?;
    Module::from_image(engine, &image).ok()?;
    Some(image)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wasm(text: &str) -> std::borrow::Cow<'static, [u8]> {
        wat::parse_str(text).unwrap().into()
    }

    #[test]
    fn modules_become_images_and_rejected_ones_host_passes() {
        let engine = Engine::default();
        let good = wasm("(module (func (export \"f\")))");
        let Command::Module { wasm: img, .. } = command(
            &engine,
            Command::Module {
                slot: None,
                wasm: good.clone(),
            },
        ) else {
            panic!("not a module");
        };
        assert!(mote::is_image(&img));
        let Command::AssertTrap(Action::Instantiate(img), _) = command(
            &engine,
            Command::AssertTrap(
                Action::Instantiate(good.clone()),
                mote::TrapCode::Unreachable,
            ),
        ) else {
            panic!("not an assert_trap");
        };
        assert!(mote::is_image(&img));
        // Invalid: the host rejects it, the board counts it passed.
        let invalid = wasm("(module (func (result i32)))");
        assert_eq!(
            command(&engine, Command::AssertInvalid(invalid)),
            Command::HostPassed(1)
        );
        // Valid although asserted invalid: kept, it fails on the board.
        assert_eq!(
            command(&engine, Command::AssertInvalid(good.clone())),
            Command::AssertInvalid(good)
        );
        // Bytes that do not compile stay as they are.
        let junk: std::borrow::Cow<'static, [u8]> = b"\0asm\x01\0\0\0\x7f".to_vec().into();
        assert_eq!(
            command(
                &engine,
                Command::Module {
                    slot: Some(1),
                    wasm: junk.clone()
                }
            ),
            Command::Module {
                slot: Some(1),
                wasm: junk
            }
        );
    }
}
