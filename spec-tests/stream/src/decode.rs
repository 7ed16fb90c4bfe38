//! Reading a stream: the header, then one [`Frame`] at a time, borrowing
//! module bytes and names from the stream.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::command::{Action, Arg, Command, Expected, Frame, Header, Target, tag, trap_code};
use crate::error::{StreamError, StreamErrorKind as K};
use crate::{MAGIC, MAX_SLOTS, VERSION};

/// Decodes a stream command by command. Never panics: whatever the bytes,
/// each step returns a frame, the end, or a [`StreamError`].
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    header: Header<'a>,
    /// Export names seen so far, referenced by index after their first use.
    names: Vec<&'a str>,
    line: u32,
    /// Directives counted by the frames read so far.
    counted: u32,
    done: bool,
}

impl<'a> Reader<'a> {
    /// Reads the header.
    pub fn new(bytes: &'a [u8]) -> Result<Self, StreamError> {
        let mut r = Reader {
            bytes,
            pos: 0,
            header: Header {
                file: Cow::Borrowed(""),
                chunk: 0,
                chunks: 0,
                directives: 0,
                instance_slots: 0,
                definition_slots: 0,
            },
            names: Vec::new(),
            line: 0,
            counted: 0,
            done: false,
        };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(StreamError::new(0, K::BadMagic));
        }
        let version = r.byte()?;
        if version != VERSION {
            return Err(r.error_before(1, K::Version(version)));
        }
        let file = Cow::Borrowed(r.str()?);
        let chunk = r.u32()?;
        let chunks = r.u32()?;
        let directives = r.u32()?;
        let instance_slots = r.u32()?;
        let definition_slots = r.u32()?;
        if instance_slots > MAX_SLOTS || definition_slots > MAX_SLOTS {
            return Err(r.error(K::BadSlot));
        }
        r.header = Header {
            file,
            chunk,
            chunks,
            directives,
            instance_slots,
            definition_slots,
        };
        Ok(r)
    }

    pub fn header(&self) -> &Header<'a> {
        &self.header
    }

    /// Byte offset of the next unread byte.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// The next frame, or `None` after the end command (once the directive
    /// count was checked against the header).
    pub fn next_frame(&mut self) -> Result<Option<Frame<'a>>, StreamError> {
        if self.done {
            return Ok(None);
        }
        let byte = self.byte()?;
        if byte == tag::END {
            self.done = true;
            if self.pos != self.bytes.len() {
                return Err(self.error(K::TrailingBytes));
            }
            if self.counted != self.header.directives {
                let (header, counted) = (self.header.directives, self.counted);
                return Err(self.error(K::CountMismatch { header, counted }));
            }
            return Ok(None);
        }
        let replay = byte & tag::REPLAY != 0;
        let kind = byte & !tag::REPLAY;
        if !(tag::MODULE..=tag::ASSERT_EXCEPTION).contains(&kind) {
            return Err(self.error_before(1, K::BadTag(byte)));
        }
        let delta = self.i32()?;
        self.line = self.line.wrapping_add_signed(delta);
        let command = self.command(kind)?;
        if !replay {
            self.counted = self.counted.saturating_add(command.directives());
        }
        Ok(Some(Frame {
            replay,
            line: self.line,
            command,
        }))
    }

    fn command(&mut self, kind: u8) -> Result<Command<'a>, StreamError> {
        Ok(match kind {
            tag::MODULE => Command::Module {
                slot: self.instance_slot()?,
                wasm: self.wasm()?,
            },
            tag::MODULE_DEFINITION => Command::ModuleDefinition {
                slot: self.definition_slot()?,
                wasm: self.wasm()?,
            },
            tag::MODULE_INSTANCE => Command::ModuleInstance {
                definition: self.definition_slot()?,
                slot: self.instance_slot()?,
            },
            tag::REGISTER => Command::Register {
                name: Cow::Borrowed(self.str()?),
                instance: self.instance_slot()?,
            },
            tag::INVOKE => Command::Invoke(self.action()?),
            tag::ASSERT_RETURN => {
                let action = self.action()?;
                let count = self.u32()?;
                let mut results = Vec::with_capacity(self.bounded(count));
                for _ in 0..count {
                    results.push(self.expected(true)?);
                }
                Command::AssertReturn(action, results)
            }
            tag::ASSERT_TRAP => Command::AssertTrap(self.action()?, self.trap()?),
            tag::ASSERT_EXHAUSTION => Command::AssertExhaustion(self.action()?, self.trap()?),
            tag::ASSERT_EXCEPTION => Command::AssertException(self.action()?),
            tag::ASSERT_INVALID => Command::AssertInvalid(self.wasm()?),
            tag::ASSERT_MALFORMED => Command::AssertMalformed(self.wasm()?),
            tag::ASSERT_UNLINKABLE => Command::AssertUnlinkable(self.wasm()?),
            tag::HOST_PASSED => Command::HostPassed(self.u32()?),
            tag::HOST_FAILED => Command::HostFailed(Cow::Borrowed(self.str()?)),
            tag::RESET => Command::Reset,
            other => return Err(self.error(K::BadTag(other))),
        })
    }

    fn action(&mut self) -> Result<Action<'a>, StreamError> {
        Ok(match self.byte()? {
            tag::ACTION_INVOKE => {
                let instance = self.instance_slot()?;
                let name = Cow::Borrowed(self.name()?);
                let count = self.u32()?;
                let mut args = Vec::with_capacity(self.bounded(count));
                for _ in 0..count {
                    args.push(self.arg()?);
                }
                Action::Invoke {
                    instance,
                    name,
                    args,
                }
            }
            tag::ACTION_GET => Action::Get {
                instance: self.instance_slot()?,
                name: Cow::Borrowed(self.name()?),
            },
            tag::ACTION_INSTANTIATE => Action::Instantiate(self.wasm()?),
            other => return Err(self.error_before(1, K::BadTag(other))),
        })
    }

    fn arg(&mut self) -> Result<Arg, StreamError> {
        Ok(match self.byte()? {
            0 => Arg::I32(self.i32()?),
            1 => Arg::I64(self.i64()?),
            2 => Arg::F32(self.fixed32()?),
            3 => Arg::F64(self.fixed64()?),
            4 => Arg::NullFuncRef,
            5 => Arg::NullExternRef,
            6 => Arg::ExternRef(self.u32()?),
            7 => Arg::V128(self.fixed128()?),
            other => return Err(self.error_before(1, K::BadTag(other))),
        })
    }

    /// An expected result; `either` is allowed only at the top (`outer`).
    fn expected(&mut self, outer: bool) -> Result<Expected, StreamError> {
        Ok(match self.byte()? {
            0 => Expected::I32(self.i32()?),
            1 => Expected::I64(self.i64()?),
            2 => Expected::F32(self.fixed32()?),
            3 => Expected::F64(self.fixed64()?),
            4 => Expected::F32CanonicalNan,
            5 => Expected::F32ArithmeticNan,
            6 => Expected::F64CanonicalNan,
            7 => Expected::F64ArithmeticNan,
            8 => Expected::NullFuncRef,
            9 => Expected::NullExternRef,
            10 => Expected::NullRef,
            11 => Expected::FuncRef,
            12 => Expected::AnyExternRef,
            13 => Expected::ExternRef(self.u32()?),
            14 if !outer => return Err(self.error_before(1, K::NestedEither)),
            14 => {
                let count = self.u32()?;
                let mut options = Vec::with_capacity(self.bounded(count));
                for _ in 0..count {
                    options.push(self.expected(false)?);
                }
                Expected::Either(options)
            }
            15 => Expected::V128(self.fixed128()?),
            16 => Expected::F32x4(self.float_lanes(4, [2, 4, 5])?),
            17 => Expected::F64x2(self.float_lanes(2, [3, 6, 7])?),
            other => return Err(self.error_before(1, K::BadTag(other))),
        })
    }

    /// `n` lanes of a float shape, each of one of the three `kinds` of
    /// expected float (bits, canonical NaN, arithmetic NaN).
    fn float_lanes(&mut self, n: usize, kinds: [u8; 3]) -> Result<Vec<Expected>, StreamError> {
        let mut lanes = Vec::with_capacity(n);
        for _ in 0..n {
            let kind = self.bytes.get(self.pos).copied();
            if !kind.is_some_and(|k| kinds.contains(&k)) {
                return Err(self.error(K::BadTag(kind.unwrap_or(0))));
            }
            lanes.push(self.expected(false)?);
        }
        Ok(lanes)
    }

    fn trap(&mut self) -> Result<mote::TrapCode, StreamError> {
        let value = self.byte()?;
        trap_code(value).ok_or_else(|| self.error_before(1, K::BadTag(value)))
    }

    /// An export name: `0` and the string on first use, else `index + 1`.
    fn name(&mut self) -> Result<&'a str, StreamError> {
        match self.u32()? {
            0 => {
                let name = self.str()?;
                self.names.push(name);
                Ok(name)
            }
            n => {
                let index = usize::try_from(n - 1).map_err(|_| self.error(K::BadName))?;
                self.names
                    .get(index)
                    .copied()
                    .ok_or_else(|| self.error(K::BadName))
            }
        }
    }

    fn instance_slot(&mut self) -> Result<Target, StreamError> {
        self.slot(self.header.instance_slots)
    }

    fn definition_slot(&mut self) -> Result<Option<u32>, StreamError> {
        self.slot(self.header.definition_slots)
    }

    /// `0` for none, else `slot + 1`, below `limit`.
    fn slot(&mut self, limit: u32) -> Result<Option<u32>, StreamError> {
        match self.u32()? {
            0 => Ok(None),
            n if n <= limit => Ok(Some(n - 1)),
            _ => Err(self.error(K::BadSlot)),
        }
    }

    fn wasm(&mut self) -> Result<Cow<'a, [u8]>, StreamError> {
        self.bytes().map(Cow::Borrowed)
    }

    /// A length-prefixed byte string.
    fn bytes(&mut self) -> Result<&'a [u8], StreamError> {
        let len = self.u32()?;
        let len = usize::try_from(len).map_err(|_| self.error(K::Truncated))?;
        self.take(len)
    }

    fn str(&mut self) -> Result<&'a str, StreamError> {
        let start = self.pos;
        let bytes = self.bytes()?;
        core::str::from_utf8(bytes).map_err(|_| StreamError::new(start, K::BadUtf8))
    }

    /// A capacity to reserve for `count` items of at least one byte each.
    fn bounded(&self, count: u32) -> usize {
        let left = self.bytes.len().saturating_sub(self.pos);
        usize::try_from(count).unwrap_or(usize::MAX).min(left)
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], StreamError> {
        let end = self
            .pos
            .checked_add(len)
            .ok_or_else(|| self.error(K::Truncated))?;
        let bytes = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| self.error(K::Truncated))?;
        self.pos = end;
        Ok(bytes)
    }

    fn byte(&mut self) -> Result<u8, StreamError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.error(K::Truncated))?;
        self.pos += 1;
        Ok(b)
    }

    fn fixed32(&mut self) -> Result<u32, StreamError> {
        let mut b = [0; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }

    fn fixed64(&mut self) -> Result<u64, StreamError> {
        let mut b = [0; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    fn fixed128(&mut self) -> Result<u128, StreamError> {
        let mut b = [0; 16];
        b.copy_from_slice(self.take(16)?);
        Ok(u128::from_le_bytes(b))
    }

    fn u32(&mut self) -> Result<u32, StreamError> {
        let start = self.pos;
        let mut value: u64 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(value).map_err(|_| StreamError::new(start, K::BadNumber));
            }
        }
        Err(StreamError::new(start, K::BadNumber))
    }

    fn i64(&mut self) -> Result<i64, StreamError> {
        let start = self.pos;
        let mut value: i64 = 0;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            if shift == 63 && b != 0x00 && b != 0x7f {
                return Err(StreamError::new(start, K::BadNumber));
            }
            value |= i64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                if shift < 64 && b & 0x40 != 0 {
                    value |= -1i64 << shift;
                }
                return Ok(value);
            }
            if shift > 63 {
                return Err(StreamError::new(start, K::BadNumber));
            }
        }
    }

    fn i32(&mut self) -> Result<i32, StreamError> {
        let start = self.pos;
        let value = self.i64()?;
        i32::try_from(value).map_err(|_| StreamError::new(start, K::BadNumber))
    }

    fn error(&self, kind: K) -> StreamError {
        StreamError::new(self.pos, kind)
    }

    /// An error about the `back` bytes just read.
    fn error_before(&self, back: usize, kind: K) -> StreamError {
        StreamError::new(self.pos.saturating_sub(back), kind)
    }
}
