//! The bytes: a module's sections, and the signature data a `signature`
//! section holds. Reading never panics and never allocates; counts and
//! lengths from the input are checked against the bytes there are before
//! anything is taken.

use crate::{CONTENT_MODULE, HASH_SHA256, SignError, VERSION};
use alloc::vec::Vec;

/// SHA-256's output size.
const HASH_LEN: usize = 32;

/// A cursor over bytes.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn rest(&self) -> &'a [u8] {
        self.bytes
    }

    /// The next `n` bytes, if there are that many.
    pub fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(taken)
    }

    pub fn byte(&mut self) -> Option<u8> {
        self.bytes(1).map(|b| b[0])
    }

    /// An unsigned LEB128 number of at most 32 bits, in at most 5 bytes.
    pub fn u32(&mut self) -> Option<u32> {
        let mut value: u32 = 0;
        for i in 0..5 {
            let b = self.byte()?;
            let bits = u32::from(b & 0x7f);
            if i == 4 && bits > 0x0f {
                return None;
            }
            value |= bits << (7 * i);
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A length-prefixed byte string.
    pub fn string(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()?;
        self.bytes(usize::try_from(n).ok()?)
    }
}

/// One section of a module: its id and payload.
pub(crate) struct Section<'a> {
    id: u8,
    payload: &'a [u8],
}

impl<'a> Section<'a> {
    /// The next section, or `None` at the end of the module.
    pub fn read(r: &mut Reader<'a>) -> Result<Option<Section<'a>>, SignError> {
        if r.is_empty() {
            return Ok(None);
        }
        let id = r.byte().ok_or(SignError::Malformed)?;
        let payload = r.string().ok_or(SignError::Malformed)?;
        Ok(Some(Section { id, payload }))
    }

    /// A custom section's name and data.
    pub fn custom_name(&self) -> Option<(&'a str, &'a [u8])> {
        if self.id != 0 {
            return None;
        }
        let mut r = Reader::new(self.payload);
        let name = core::str::from_utf8(r.string()?).ok()?;
        Some((name, r.rest()))
    }
}

/// Appends a custom section named `name` holding `data`.
pub(crate) fn write_custom_section(out: &mut Vec<u8>, name: &str, data: &[u8]) {
    let mut payload = Vec::with_capacity(name.len() + data.len() + 5);
    write_string(&mut payload, name.as_bytes());
    payload.extend_from_slice(data);
    out.push(0);
    write_string(out, &payload);
}

fn write_string(out: &mut Vec<u8>, bytes: &[u8]) {
    write_u32(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

fn write_u32(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// The content of a `signature` section (or a detached signature), checked
/// to be well formed: spec version, content type, hash function, then
/// sets of hashes, each with the signatures made over it. As wasmsign2
/// writes it, each set and each signature is a length-prefixed byte string
/// (the tables of `Signatures.md` leave those lengths out).
pub struct SignatureData<'a> {
    sets: &'a [u8],
    count: u32,
}

/// One set of hashes and its signatures.
pub struct SignedHashes<'a> {
    hashes: &'a [u8],
    signatures: &'a [u8],
    count: u32,
}

/// One signature of a set.
pub struct Signature<'a> {
    /// Names the key, if the signer said; empty otherwise.
    pub key_id: &'a [u8],
    /// `0x01` for Ed25519.
    pub algorithm: u8,
    pub signature: &'a [u8],
}

impl<'a> SignatureData<'a> {
    /// Checks `data` from its first byte to its last (the last signature
    /// must end where the data does): a module's signature data.
    pub fn parse(data: &'a [u8]) -> Result<SignatureData<'a>, SignError> {
        Self::parse_as(data, CONTENT_MODULE)
    }

    /// Like [`SignatureData::parse`], for content type `content` (a
    /// module's or an image's).
    pub(crate) fn parse_as(data: &'a [u8], content: u8) -> Result<SignatureData<'a>, SignError> {
        let bad = SignError::BadSignatureData;
        let mut r = Reader::new(data);
        let head = r.bytes(3).ok_or(bad)?;
        if head != [VERSION, content, HASH_SHA256] {
            return Err(bad);
        }
        let count = r.u32().ok_or(bad)?;
        let me = SignatureData {
            sets: r.rest(),
            count,
        };
        // Walk it all once: every set and signature must be there, and
        // nothing after them.
        let mut sets = me.reader();
        for _ in 0..count {
            SignedHashes::read(&mut sets)?;
        }
        if !sets.is_empty() {
            return Err(bad);
        }
        Ok(me)
    }

    fn reader(&self) -> Reader<'a> {
        Reader::new(self.sets)
    }

    /// The sets of hashes with their signatures.
    pub fn sets(&self) -> impl Iterator<Item = Result<SignedHashes<'a>, SignError>> + 'a {
        let mut r = self.reader();
        (0..self.count).map(move |_| SignedHashes::read(&mut r))
    }

    /// The data of a signature by one key over one hash.
    pub(crate) fn encode(
        hash: &[u8; HASH_LEN],
        key_id: Option<&[u8]>,
        signature: &[u8],
        content: u8,
    ) -> Vec<u8> {
        let mut sig = Vec::new();
        write_string(&mut sig, key_id.unwrap_or_default());
        sig.push(crate::ED25519);
        write_string(&mut sig, signature);
        let mut set = Vec::new();
        write_u32(&mut set, 1); // one hash
        set.extend_from_slice(hash);
        write_u32(&mut set, 1); // one signature
        write_string(&mut set, &sig);
        let mut out = Vec::new();
        out.extend_from_slice(&[VERSION, content, HASH_SHA256]);
        write_u32(&mut out, 1); // one set
        write_string(&mut out, &set);
        out
    }
}

impl<'a> SignedHashes<'a> {
    /// Reads a set (a length-prefixed byte string, all of it used),
    /// checking each of its signatures.
    fn read(outer: &mut Reader<'a>) -> Result<SignedHashes<'a>, SignError> {
        let bad = SignError::BadSignatureData;
        let mut r = Reader::new(outer.string().ok_or(bad)?);
        let n = usize::try_from(r.u32().ok_or(bad)?).map_err(|_| bad)?;
        let hashes = r.bytes(n.checked_mul(HASH_LEN).ok_or(bad)?).ok_or(bad)?;
        let count = r.u32().ok_or(bad)?;
        let signatures = r.rest();
        for _ in 0..count {
            Signature::read(&mut r)?;
        }
        if !r.is_empty() {
            return Err(bad);
        }
        Ok(SignedHashes {
            hashes,
            signatures,
            count,
        })
    }

    /// Its hashes.
    pub fn hashes(&self) -> impl Iterator<Item = [u8; HASH_LEN]> + 'a {
        self.hashes.chunks_exact(HASH_LEN).map(|c| {
            let mut h = [0u8; HASH_LEN];
            h.copy_from_slice(c);
            h
        })
    }

    /// Its hashes one after the other: what the signatures sign (after the
    /// domain and the three identifying bytes).
    pub fn hash_bytes(&self) -> &'a [u8] {
        self.hashes
    }

    /// Its signatures.
    pub fn signatures(&self) -> impl Iterator<Item = Result<Signature<'a>, SignError>> + 'a {
        let mut r = Reader::new(self.signatures);
        (0..self.count).map(move |_| Signature::read(&mut r))
    }
}

impl<'a> Signature<'a> {
    /// Reads a signature (a length-prefixed byte string, all of it used).
    fn read(outer: &mut Reader<'a>) -> Result<Signature<'a>, SignError> {
        let bad = SignError::BadSignatureData;
        let mut r = Reader::new(outer.string().ok_or(bad)?);
        let key_id = r.string().ok_or(bad)?;
        let algorithm = r.byte().ok_or(bad)?;
        let signature = r.string().ok_or(bad)?;
        if !r.is_empty() {
            return Err(bad);
        }
        Ok(Signature {
            key_id,
            algorithm,
            signature,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn leb128() {
        for v in [0u32, 1, 127, 128, 300, 1 << 21, u32::MAX] {
            let mut out = Vec::new();
            write_u32(&mut out, v);
            assert_eq!(Reader::new(&out).u32(), Some(v));
        }
        // Too long, too big, cut short.
        assert_eq!(Reader::new(&[0x80, 0x80, 0x80, 0x80, 0x80, 0]).u32(), None);
        assert_eq!(Reader::new(&[0xff, 0xff, 0xff, 0xff, 0x1f]).u32(), None);
        assert_eq!(Reader::new(&[0x80]).u32(), None);
    }

    #[test]
    fn hostile_counts_are_refused_without_allocating() {
        // A billion sets, a billion hashes, a billion signatures: none there.
        let mut data = vec![1, 1, 1];
        write_u32(&mut data, 1_000_000_000);
        assert!(SignatureData::parse(&data).is_err());
        let mut data = vec![1, 1, 1, 1];
        write_u32(&mut data, u32::MAX);
        assert!(SignatureData::parse(&data).is_err());
        let mut data = vec![1, 1, 1, 1, 5, 0];
        write_u32(&mut data, u32::MAX);
        assert!(SignatureData::parse(&data).is_err());
        // Bytes after the last signature.
        let mut data = SignatureData::encode(&[7; 32], None, &[1; 64], CONTENT_MODULE);
        assert!(SignatureData::parse(&data).is_ok());
        data.push(0);
        assert!(SignatureData::parse(&data).is_err());
        // Every truncation fails cleanly.
        let data = SignatureData::encode(&[7; 32], Some(b"id"), &[1; 64], CONTENT_MODULE);
        for n in 0..data.len() {
            assert!(SignatureData::parse(&data[..n]).is_err(), "{n}");
        }
    }
}
