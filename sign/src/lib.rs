//! WebAssembly module signatures in the WebAssembly tool-conventions
//! format (`Signatures.md`): a custom section named `signature`, first in
//! the module, holding Ed25519 signatures over the SHA-256 of everything
//! after it. Modules signed by the reference tool, `wasmsign2`, verify
//! here and the reverse (tests/wasmsign2.rs).
//!
//! `no_std` (with `alloc`, for [`sign`] only): firmware that runs only what
//! its owner signed calls [`verify`] on the module's bytes before handing
//! them to `mote::Module::new`. Verification allocates nothing and reads
//! the module once.
//!
//! What is verified is the whole module: one of the signatures made with
//! the key must cover a set of hashes that contains the hash of every
//! section after the signature section. Partial signatures (of some of
//! the module's parts, between `signature_delimiter` sections) are not
//! accepted, as the format asks of runtimes by default.
//!
//! Keys are serialized as the format says: a public key is `0x01` then its
//! 32 bytes, a key pair `0x81`, the 32-byte secret seed, then the public
//! key (the files `wasmsign2 keygen` writes).

#![no_std]

extern crate alloc;

mod format;
mod image;

pub use format::SignatureData;
pub use image::{sign_image, verify_image};

use alloc::vec::Vec;
use core::fmt;
use ed25519_compact as ed;
use format::{Reader, Section};

/// The domain separation string every signed message starts with.
const DOMAIN: &[u8] = b"wasmsig";
/// Specification version, content type (a WebAssembly module) and hash
/// function (SHA-256): the three bytes after the domain.
const VERSION: u8 = 0x01;
const CONTENT_MODULE: u8 = 0x01;
/// The content type of a Mote image's signature: not one of the format's
/// (which names only modules), so that no signature of an image passes
/// for a module's or the reverse.
const CONTENT_IMAGE: u8 = 0x6d;
const HASH_SHA256: u8 = 0x01;
/// The algorithm id of Ed25519, in signatures and public keys.
const ED25519: u8 = 0x01;
/// The id of an Ed25519 key pair.
const ED25519_PAIR: u8 = 0x81;
/// The name of the custom section holding the signatures.
pub const SECTION: &str = "signature";

/// Why a module did not verify, or a key or module could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignError {
    /// Not a WebAssembly module or component: the header or a section's
    /// size is wrong.
    Malformed,
    /// Not a Mote image: the magic, the body's length or the signature
    /// trailer's framing is wrong.
    MalformedImage,
    /// The module has no `signature` section first (or the image no
    /// signature trailer).
    NotSigned,
    /// The `signature` section is not of this format (or of a version,
    /// content type or hash function this crate does not know).
    BadSignatureData,
    /// No signature made with the key covers the module as it is.
    VerificationFailed,
    /// The key is not a serialized Ed25519 key of the right kind.
    BadKey,
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SignError::Malformed => "not a WebAssembly module (bad header or section size)",
            SignError::MalformedImage => {
                "not a Mote image (bad magic, length or signature framing)"
            }
            SignError::NotSigned => "not signed (no signature section or trailer)",
            SignError::BadSignatureData => {
                "the signature section is malformed or of an unknown version"
            }
            SignError::VerificationFailed => "no valid signature for this key covers the module",
            SignError::BadKey => "not an Ed25519 key in the signature format's encoding",
        })
    }
}

impl core::error::Error for SignError {}

/// An Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(ed::PublicKey);

impl PublicKey {
    /// Reads `0x01` then 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<PublicKey, SignError> {
        match bytes {
            [ED25519, key @ ..] => ed::PublicKey::from_slice(key)
                .map(PublicKey)
                .map_err(|_| SignError::BadKey),
            _ => Err(SignError::BadKey),
        }
    }

    /// `0x01` then the 32 bytes of the key.
    pub fn to_bytes(&self) -> [u8; 33] {
        let mut out = [ED25519; 33];
        out[1..].copy_from_slice(self.0.as_ref());
        out
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey(")?;
        for b in self.0.as_ref() {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

/// An Ed25519 key pair, for signing.
#[derive(Clone)]
pub struct KeyPair(ed::KeyPair);

impl KeyPair {
    /// The key pair of a 32-byte secret seed (which must be random; an
    /// all-zero one is refused).
    pub fn from_seed(seed: [u8; 32]) -> Result<KeyPair, SignError> {
        ed::KeyPair::try_from_seed(ed::Seed::new(seed))
            .map(KeyPair)
            .map_err(|_| SignError::BadKey)
    }

    /// Reads `0x81`, the 32-byte seed and the 32-byte public key (checked
    /// against the seed).
    pub fn from_bytes(bytes: &[u8]) -> Result<KeyPair, SignError> {
        let [ED25519_PAIR, key @ ..] = bytes else {
            return Err(SignError::BadKey);
        };
        let sk = ed::SecretKey::from_slice(key).map_err(|_| SignError::BadKey)?;
        let pair = KeyPair::from_seed(*sk.seed())?;
        if pair.0.pk != sk.public_key() {
            return Err(SignError::BadKey);
        }
        Ok(pair)
    }

    /// `0x81`, the seed, the public key.
    pub fn to_bytes(&self) -> [u8; 65] {
        let mut out = [ED25519_PAIR; 65];
        out[1..].copy_from_slice(self.0.sk.as_ref());
        out
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.pk)
    }
}

/// Checks that `module` carries a signature made with `key` over all of it
/// (everything after its `signature` section).
pub fn verify(module: &[u8], key: &PublicKey) -> Result<(), SignError> {
    let (data, rest) = split(module)?;
    let data = data.ok_or(SignError::NotSigned)?;
    verify_parts(data, rest, key, CONTENT_MODULE)
}

/// Like [`verify`], with the signature data given apart (a detached
/// signature: what a `signature` section would hold) for a module that
/// has none of its own.
pub fn verify_detached(module: &[u8], signature: &[u8], key: &PublicKey) -> Result<(), SignError> {
    let (own, rest) = split(module)?;
    if own.is_some() {
        return Err(SignError::BadSignatureData);
    }
    verify_parts(signature, rest, key, CONTENT_MODULE)
}

/// Checks that signature data `data` (of content type `content`) holds a
/// signature by `key` over a set of hashes containing `signed`'s.
pub(crate) fn verify_parts(
    data: &[u8],
    signed: &[u8],
    key: &PublicKey,
    content: u8,
) -> Result<(), SignError> {
    let data = SignatureData::parse_as(data, content)?;
    let hash = hmac_sha256::Hash::hash(signed);
    for set in data.sets() {
        let set = set?;
        if !set.hashes().any(|h| h == hash) {
            continue;
        }
        for sig in set.signatures() {
            let sig = sig?;
            if sig.algorithm != ED25519 {
                continue;
            }
            let Ok(sig) = ed::Signature::from_slice(sig.signature) else {
                continue;
            };
            let Ok(mut state) = key.0.verify_incremental(&sig) else {
                continue;
            };
            state.absorb(DOMAIN);
            state.absorb([VERSION, content, HASH_SHA256]);
            state.absorb(set.hash_bytes());
            if state.verify().is_ok() {
                return Ok(());
            }
        }
    }
    Err(SignError::VerificationFailed)
}

/// The payload of `module`'s `signature` section if it is its first
/// section, and the bytes of every section after it.
fn split(module: &[u8]) -> Result<(Option<&[u8]>, &[u8]), SignError> {
    let mut r = Reader::new(module);
    let header = r.bytes(8).ok_or(SignError::Malformed)?;
    if header[..4] != *b"\0asm" {
        return Err(SignError::Malformed);
    }
    let sections = r.rest();
    let mut r = Reader::new(sections);
    let Some(first) = Section::read(&mut r)? else {
        return Ok((None, sections));
    };
    match first.custom_name() {
        Some((SECTION, payload)) => Ok((Some(payload), r.rest())),
        _ => Ok((None, sections)),
    }
}

/// `module` signed with `key`: a `signature` section first (replacing one
/// already there), with one signature over the hash of every other
/// section, made by `key` and tagged with `key_id` if given. Other
/// sections are kept byte for byte.
pub fn sign(module: &[u8], key: &KeyPair, key_id: Option<&[u8]>) -> Result<Vec<u8>, SignError> {
    let (_, rest) = split(module)?;
    // Every section must be well formed, or the output would not be a
    // module the verifier walks the same way.
    let mut r = Reader::new(rest);
    while Section::read(&mut r)?.is_some() {}
    let data = signature_data(rest, key, key_id, CONTENT_MODULE);
    let mut out = Vec::with_capacity(module.len() + data.len() + 16);
    out.extend_from_slice(&module[..8]);
    format::write_custom_section(&mut out, SECTION, &data);
    out.extend_from_slice(rest);
    Ok(out)
}

/// Signature data (content type `content`) with one signature by `key`
/// over the hash of `signed`.
pub(crate) fn signature_data(
    signed: &[u8],
    key: &KeyPair,
    key_id: Option<&[u8]>,
    content: u8,
) -> Vec<u8> {
    let hash = hmac_sha256::Hash::hash(signed);
    let mut msg = Vec::with_capacity(DOMAIN.len() + 3 + hash.len());
    msg.extend_from_slice(DOMAIN);
    msg.extend_from_slice(&[VERSION, content, HASH_SHA256]);
    msg.extend_from_slice(&hash);
    let signature = key.0.sk.sign(&msg, None);
    SignatureData::encode(&hash, key_id, signature.as_ref(), content)
}
