//! Writing a stream: frames into a body, then the header in front.
//! Used on the host by the converter; kept here so that one crate owns the
//! format.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use crate::command::{Action, Arg, Command, Expected, Frame, Header, tag};
use crate::{MAGIC, VERSION};

/// Encodes the frames of one stream.
#[derive(Default)]
pub struct Writer {
    body: Vec<u8>,
    /// Interned export names and their indices.
    names: BTreeMap<String, u32>,
    line: u32,
    directives: u32,
}

/// A state of a [`Writer`] to go back to, see [`Writer::rollback`].
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint {
    len: usize,
    names: u32,
    line: u32,
    directives: u32,
}

impl Writer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes of frames written so far.
    pub fn len(&self) -> usize {
        self.body.len()
    }

    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }

    /// Directives counted by the frames written so far.
    pub fn directives(&self) -> u32 {
        self.directives
    }

    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            len: self.body.len(),
            names: self.names.len() as u32,
            line: self.line,
            directives: self.directives,
        }
    }

    /// Forgets every frame written since `checkpoint`.
    pub fn rollback(&mut self, checkpoint: Checkpoint) {
        self.body.truncate(checkpoint.len);
        self.names.retain(|_, index| *index < checkpoint.names);
        self.line = checkpoint.line;
        self.directives = checkpoint.directives;
    }

    /// Appends a frame.
    pub fn frame(&mut self, frame: &Frame<'_>) {
        let command = &frame.command;
        let kind = command_tag(command);
        self.body.push(if frame.replay {
            kind | tag::REPLAY
        } else {
            kind
        });
        // The reader adds the delta as an `i32`, wrapping: so must this,
        // or a jump of more than 2^31 lines would not read back.
        self.i64(frame.line.wrapping_sub(self.line).cast_signed().into());
        self.line = frame.line;
        if !frame.replay {
            self.directives = self.directives.saturating_add(command.directives());
        }
        match command {
            Command::Module { slot, wasm } | Command::ModuleDefinition { slot, wasm } => {
                self.slot(*slot);
                self.bytes(wasm);
            }
            Command::ModuleInstance { definition, slot } => {
                self.slot(*definition);
                self.slot(*slot);
            }
            Command::Register { name, instance } => {
                self.bytes(name.as_bytes());
                self.slot(*instance);
            }
            Command::Invoke(action) => self.action(action),
            Command::AssertReturn(action, results) => {
                self.action(action);
                self.u32(len(results.len()));
                for expected in results {
                    self.expected(expected);
                }
            }
            Command::AssertTrap(action, code) | Command::AssertExhaustion(action, code) => {
                self.action(action);
                self.body.push(*code as u8);
            }
            Command::AssertException(action) => self.action(action),
            Command::AssertInvalid(wasm)
            | Command::AssertMalformed(wasm)
            | Command::AssertUnlinkable(wasm) => self.bytes(wasm),
            Command::HostPassed(n) => self.u32(*n),
            Command::HostFailed(reason) => self.bytes(reason.as_bytes()),
            Command::Reset => {}
        }
    }

    /// The whole stream: `header` (its `directives` replaced by the count of
    /// the frames written), the frames, and the end command.
    pub fn finish(self, header: &Header<'_>) -> Vec<u8> {
        let mut header = header.clone();
        header.directives = self.directives;
        let mut out = Writer::new();
        out.header(&header);
        out.body.extend_from_slice(&self.body);
        out.body.push(tag::END);
        out.body
    }

    /// Bytes a stream needs besides its frames, at most, for a file named
    /// `file`: header and end command.
    pub fn overhead(file: &str) -> usize {
        MAGIC.len() + 1 + 5 + file.len() + 5 * 5 + 1
    }

    fn header(&mut self, header: &Header<'_>) {
        self.body.extend_from_slice(MAGIC);
        self.body.push(VERSION);
        self.bytes(header.file.as_bytes());
        for n in [
            header.chunk,
            header.chunks,
            header.directives,
            header.instance_slots,
            header.definition_slots,
        ] {
            self.u32(n);
        }
    }

    fn action(&mut self, action: &Action<'_>) {
        match action {
            Action::Invoke {
                instance,
                name,
                args,
            } => {
                self.body.push(tag::ACTION_INVOKE);
                self.slot(*instance);
                self.name(name);
                self.u32(len(args.len()));
                for arg in args {
                    self.arg(*arg);
                }
            }
            Action::Get { instance, name } => {
                self.body.push(tag::ACTION_GET);
                self.slot(*instance);
                self.name(name);
            }
            Action::Instantiate(wasm) => {
                self.body.push(tag::ACTION_INSTANTIATE);
                self.bytes(wasm);
            }
        }
    }

    fn arg(&mut self, arg: Arg) {
        match arg {
            Arg::I32(v) => {
                self.body.push(0);
                self.i64(v.into());
            }
            Arg::I64(v) => {
                self.body.push(1);
                self.i64(v);
            }
            Arg::F32(bits) => {
                self.body.push(2);
                self.body.extend_from_slice(&bits.to_le_bytes());
            }
            Arg::F64(bits) => {
                self.body.push(3);
                self.body.extend_from_slice(&bits.to_le_bytes());
            }
            Arg::NullFuncRef => self.body.push(4),
            Arg::NullExternRef => self.body.push(5),
            Arg::ExternRef(n) => {
                self.body.push(6);
                self.u32(n);
            }
            Arg::V128(bits) => {
                self.body.push(7);
                self.body.extend_from_slice(&bits.to_le_bytes());
            }
        }
    }

    fn expected(&mut self, expected: &Expected) {
        match expected {
            Expected::I32(v) => {
                self.body.push(0);
                self.i64((*v).into());
            }
            Expected::I64(v) => {
                self.body.push(1);
                self.i64(*v);
            }
            Expected::F32(bits) => {
                self.body.push(2);
                self.body.extend_from_slice(&bits.to_le_bytes());
            }
            Expected::F64(bits) => {
                self.body.push(3);
                self.body.extend_from_slice(&bits.to_le_bytes());
            }
            Expected::F32CanonicalNan => self.body.push(4),
            Expected::F32ArithmeticNan => self.body.push(5),
            Expected::F64CanonicalNan => self.body.push(6),
            Expected::F64ArithmeticNan => self.body.push(7),
            Expected::NullFuncRef => self.body.push(8),
            Expected::NullExternRef => self.body.push(9),
            Expected::NullRef => self.body.push(10),
            Expected::FuncRef => self.body.push(11),
            Expected::AnyExternRef => self.body.push(12),
            Expected::ExternRef(n) => {
                self.body.push(13);
                self.u32(*n);
            }
            Expected::Either(options) => {
                self.body.push(14);
                self.u32(len(options.len()));
                for option in options {
                    self.expected(option);
                }
            }
            Expected::V128(bits) => {
                self.body.push(15);
                self.body.extend_from_slice(&bits.to_le_bytes());
            }
            // The lane count is the shape's; the lanes follow.
            Expected::F32x4(lanes) | Expected::F64x2(lanes) => {
                self.body.push(if matches!(expected, Expected::F32x4(_)) {
                    16
                } else {
                    17
                });
                for lane in lanes {
                    self.expected(lane);
                }
            }
        }
    }

    fn name(&mut self, name: &str) {
        if let Some(&index) = self.names.get(name) {
            self.u32(index + 1);
        } else {
            self.names.insert(name.into(), self.names.len() as u32);
            self.u32(0);
            self.bytes(name.as_bytes());
        }
    }

    fn slot(&mut self, slot: Option<u32>) {
        self.u32(slot.map_or(0, |s| s + 1));
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.u32(len(bytes.len()));
        self.body.extend_from_slice(bytes);
    }

    fn u32(&mut self, mut value: u32) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.body.push(byte);
                return;
            }
            self.body.push(byte | 0x80);
        }
    }

    fn i64(&mut self, mut value: i64) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            let done = (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0);
            if done {
                self.body.push(byte);
                return;
            }
            self.body.push(byte | 0x80);
        }
    }
}

/// A length as the format stores it. Streams are far below 4 GiB; a longer
/// item would be cut short and the stream rejected when read.
fn len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn command_tag(command: &Command<'_>) -> u8 {
    match command {
        Command::Module { .. } => tag::MODULE,
        Command::ModuleDefinition { .. } => tag::MODULE_DEFINITION,
        Command::ModuleInstance { .. } => tag::MODULE_INSTANCE,
        Command::Register { .. } => tag::REGISTER,
        Command::Invoke(_) => tag::INVOKE,
        Command::AssertReturn(..) => tag::ASSERT_RETURN,
        Command::AssertTrap(..) => tag::ASSERT_TRAP,
        Command::AssertExhaustion(..) => tag::ASSERT_EXHAUSTION,
        Command::AssertException(_) => tag::ASSERT_EXCEPTION,
        Command::AssertInvalid(_) => tag::ASSERT_INVALID,
        Command::AssertMalformed(_) => tag::ASSERT_MALFORMED,
        Command::AssertUnlinkable(_) => tag::ASSERT_UNLINKABLE,
        Command::HostPassed(_) => tag::HOST_PASSED,
        Command::HostFailed(_) => tag::HOST_FAILED,
        Command::Reset => tag::RESET,
    }
}
