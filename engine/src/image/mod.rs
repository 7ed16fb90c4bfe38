//! Host-prepared images: a validated, translated module written as bytes
//! (`Module::to_image`) and loaded again without validation or
//! translation (`Module::from_image`), after a linear check that makes any
//! corrupted or hostile image an error.
//!
//! # Format
//!
//! Everything is little-endian, counts and indices are `u32`, strings
//! and byte strings are a `u32` length then the bytes. The same module
//! gives the same bytes on every host.
//!
//! A 32-byte header:
//!
//! | bytes | field |
//! |---|---|
//! | 0..8 | magic `\0moteimg` |
//! | 8..10 | format version ([`FORMAT`]) |
//! | 10..12 | code version (`ir::VERSION`) |
//! | 12..16 | what the image needs of the engine ([`needs`]) |
//! | 16..20 | the module's [`Features`](crate::Features) |
//! | 20..24 | length of the body |
//! | 24..32 | FNV-1a 64 hash of the body (integrity, not authenticity) |
//!
//! then the body: sections in a fixed order, each its id (a byte) and its
//! length (`u32`) before its contents ([`Section`]). The code section's
//! 16-bit words start at an offset of the image that is a multiple of 4
//! (zero bytes pad up to it), so that a runner can use them where they
//! are when the image is in memory that lasts, aligned
//! ([`Module::from_static_image`]).
//!
//! # Signature
//!
//! After the body an image may carry one signature trailer, which ends
//! the image:
//!
//! | bytes | field |
//! |---|---|
//! | 0 | [`SIGNATURE`] |
//! | 1..5 | length of the signature data (`u32`) |
//! | 5.. | the signature data |
//!
//! The signature data is that of a WebAssembly module's `signature`
//! section in the tool-conventions format (`Signatures.md`: spec version
//! 1, a content type, hash function SHA-256, sets of hashes each with
//! Ed25519 signatures over `"wasmsig"`, the three identifying bytes and
//! the hashes), with content type `0x6d` (Mote's own, not one of the
//! format's) so that an image's signature never passes for a module's.
//! The hash is the SHA-256 of every byte of the image before the trailer
//! (header and body). Crate `mote-sign` writes and verifies it
//! (`sign_image`, `verify_image`: no_std, for firmware that runs only
//! what its owner signed); the engine only checks that the trailer is
//! well framed and skips it. The header's length and FNV hash cover the
//! body alone, so signing does not change them.
//!
//! Types are stored structurally: a concrete reference names a type by
//! its index in the module, and loading registers the types with the
//! loading engine again.

mod check;
mod ops;
mod read;
mod write;

pub(crate) use read::read;
pub(crate) use write::write;

/// The first eight bytes of every image.
pub const MAGIC: [u8; 8] = *b"\0moteimg";

/// The version of the image layout (the code inside has its own,
/// `ir::VERSION`, checked too).
pub const FORMAT: u16 = 2;

/// Bytes of the header.
const HEADER: usize = 32;

/// The first byte of an image's signature trailer, after its body.
pub const SIGNATURE: u8 = 0xff;

/// The alignment, in the image, of the code section's words.
const CODE_ALIGN: usize = 4;

/// Bits of the header's "needs" word: what the image's code assumes of
/// the engine that runs it.
pub mod needs {
    /// The code charges fuel (`Config::consume_fuel`): it runs only on an
    /// engine that meters fuel, and an engine that does runs only such code.
    pub const FUEL: u32 = 1 << 0;
    /// The image keeps offsets and names for backtraces
    /// (`Config::debug_info`); informational.
    pub const DEBUG_INFO: u32 = 1 << 1;
    /// The module uses exception handling (the `exceptions` cargo feature).
    pub const EXCEPTIONS: u32 = 1 << 2;
    /// The module uses shared memories or atomics (the `atomics` feature).
    pub const ATOMICS: u32 = 1 << 3;
    /// Every bit this engine knows.
    pub const ALL: u32 = FUEL | DEBUG_INFO | EXCEPTIONS | ATOMICS;
}

/// The sections of the body, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Section {
    Types = 1,
    Imports,
    Funcs,
    Tables,
    Memories,
    Globals,
    Tags,
    Exports,
    Start,
    Elems,
    Datas,
    Code,
    Handlers,
    Debug,
}

/// FNV-1a, 64 bits: catches accidental corruption; an image's
/// authenticity is a signature's business.
fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl crate::Module {
    /// Loads a module from an image made by [`Module::to_image`]
    /// (`mote compile`), for `engine`: no validation or translation, a
    /// linear check instead. Any bytes give a module or an
    /// [`Error::Image`](crate::Error::Image), never a panic; an image made
    /// for an engine with other settings (fuel metering, exceptions,
    /// atomics) or by another version of Mote is refused.
    ///
    /// [`Module::to_image`]: crate::Module::to_image
    pub fn from_image(engine: &crate::Engine, bytes: &[u8]) -> Result<Self, crate::Error> {
        let inner = read(engine, bytes, |_| None)?;
        Ok(crate::Module {
            inner: alloc::sync::Arc::new(inner),
        })
    }

    /// Loads a module from an image that lasts as long as the program (an
    /// image linked into flash, `include_bytes!`), like
    /// [`Module::from_image`] but executing in place: the module keeps the
    /// image's code and data segments where they are instead of copying
    /// them into RAM. The code is used in place if the image starts at an
    /// address aligned for `u16` (on a little-endian target) and copied
    /// otherwise; [`Module::code_in_place`] says which.
    ///
    /// ```
    /// # #[cfg(feature = "image")] {
    /// // Aligned, so that the code can be used where it is.
    /// #[repr(C, align(4))]
    /// struct Aligned<T: ?Sized>(T);
    /// static IMAGE: &Aligned<[u8]> = &Aligned(*include_bytes!("../../tests/runner/sample.mote"));
    ///
    /// let engine = mote::Engine::default();
    /// let module = mote::Module::from_static_image(&engine, &IMAGE.0).unwrap();
    /// assert!(module.code_in_place());
    /// # }
    /// ```
    pub fn from_static_image(
        engine: &crate::Engine,
        bytes: &'static [u8],
    ) -> Result<Self, crate::Error> {
        let inner = read(engine, bytes, Some)?;
        Ok(crate::Module {
            inner: alloc::sync::Arc::new(inner),
        })
    }

    /// Whether the module runs its code from the image it was loaded from
    /// ([`Module::from_static_image`]), not from a copy.
    pub fn code_in_place(&self) -> bool {
        matches!(self.inner.code, alloc::borrow::Cow::Borrowed(_))
    }

    /// The module as an image, for [`Module::from_image`]: the same
    /// module gives the same bytes on every host.
    ///
    /// [`Module::from_image`]: crate::Module::from_image
    pub fn to_image(&self) -> Result<alloc::vec::Vec<u8>, crate::Error> {
        write(&self.inner)
    }
}

/// Whether `bytes` start like an image (to tell one from a `.wasm`).
pub fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// Whether `bytes` are an image compiled for fuel metering, which only an
/// engine with `Config::consume_fuel` loads (false for anything else).
pub fn image_meters_fuel(bytes: &[u8]) -> bool {
    is_image(bytes)
        && bytes
            .get(12)
            .is_some_and(|b| u32::from(*b) & needs::FUEL != 0)
}

#[cfg(test)]
mod tests;
