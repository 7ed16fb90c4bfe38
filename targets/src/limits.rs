//! Memory and table limits read as strictly as the engine reads them.
//!
//! wasmparser reads every limit as a 64-bit LEB128, so it accepts a 32-bit
//! memory's or table's limits written with more than five bytes or past
//! 2^32, which WebAssembly calls malformed ("integer representation too
//! long") and the interpreter refuses (`engine/src/module/convert.rs`,
//! `strict_limits`, crate-private there). This is the same re-read, so both
//! tiers refuse the same modules.

use crate::Error;

/// An unsigned LEB128 `u32` as WebAssembly demands: at most five bytes,
/// unused bits zero.
fn strict_u32(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let mut value: u64 = 0;
    for i in 0..5 {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        value |= ((b & 0x7f) as u64) << (7 * i);
        if b & 0x80 == 0 {
            return u32::try_from(value).ok();
        }
    }
    None
}

/// An unsigned LEB128 `u64`: at most ten bytes, unused bits zero.
fn strict_u64(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut value: u64 = 0;
    for i in 0..10 {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        if i == 9 && b > 1 {
            return None;
        }
        value |= ((b & 0x7f) as u64) << (7 * i);
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// Re-reads the limits of a memory section, or of a table section whose
/// tables have no initializer expression, at `range` of `wasm`: a 32-bit
/// memory's or table's as `u32`s, a 64-bit one's (flag 0x04) as `u64`s.
pub fn check(wasm: &[u8], range: core::ops::Range<u64>) -> Result<(), Error> {
    const TOO_LONG: &str = "integer representation too long";
    let range = range.start as usize..range.end as usize;
    let start = range.start;
    let malformed = |at: usize| Error::Malformed(at as u64, TOO_LONG);
    let section = wasm.get(range).ok_or_else(|| malformed(start))?;
    let mut pos = 0;
    let count = strict_u32(section, &mut pos).ok_or_else(|| malformed(start))?;
    for _ in 0..count {
        // A table's element type comes first (one byte for the
        // abbreviations; `ref` or `ref null` and a heap type, an s33, for
        // the others); a memory starts with its flags (0x00 to 0x0f).
        match section.get(pos) {
            Some(0x63 | 0x64) => {
                pos += 1;
                while section.get(pos).is_some_and(|&b| b & 0x80 != 0) {
                    pos += 1;
                }
                pos += 1;
            }
            Some(&b) if b >= 0x40 => pos += 1,
            _ => {}
        }
        let flags = *section.get(pos).ok_or_else(|| malformed(start + pos))?;
        pos += 1;
        let fields = 1 + (flags & 1) as usize + ((flags >> 3) & 1) as usize;
        let is_64 = flags & 0x04 != 0;
        for _ in 0..fields {
            let ok = if is_64 {
                strict_u64(section, &mut pos).is_some()
            } else {
                strict_u32(section, &mut pos).is_some()
            };
            if !ok {
                return Err(malformed(start + pos));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn limits_are_read_strictly() {
        // One memory: flags 0x01 (a maximum), min 1, max 2.
        assert!(check(&[1, 0x01, 1, 2], 0..4).is_ok());
        // min 1 in six bytes: too long for a 32-bit memory.
        let long = [1, 0x00, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00];
        assert!(check(&long, 0..long.len() as u64).is_err());
        // The same min for a 64-bit memory (flag 0x04) is fine.
        let long64 = [1, 0x04, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00];
        assert!(check(&long64, 0..long64.len() as u64).is_ok());
        // 2^32 in five bytes: past a u32.
        let big = [1, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10];
        assert!(check(&big, 0..big.len() as u64).is_err());
        // A funcref table (0x70), flags 0, min 0.
        assert!(check(&[1, 0x70, 0x00, 0x00], 0..4).is_ok());
        // Truncated.
        assert!(check(&[1, 0x01, 1], 0..3).is_err());
    }
}
