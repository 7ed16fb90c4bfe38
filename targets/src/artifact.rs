//! The artifact: a module compiled ahead of time, as a file.
//!
//! All integers little-endian; a string or byte run is its `u32` length
//! and its bytes:
//!
//! ```text
//! magic        8 bytes  "\0moteaot"
//! version      u32      FORMAT_VERSION
//! length       u64      of the whole artifact, checksum included
//! triple       string   the target triple the code is for
//! settings     u64      hash of the settings that change the code
//! flags        u32      bit 0: the code counts fuel
//! features     u32 n, n strings: the CPU features the code may use
//! wasm         bytes    the module (instantiation re-reads its sections)
//! code         bytes    the entry trampoline, then every defined function
//! offsets      u32 n, n u32: where each defined function starts in code,
//!                       then each entry adapter
//! checksum     u64      FNV-1a of every byte before it
//! ```
//!
//! The code is position-independent: a function reaches other functions
//! and the runtime helpers only through the vmctx, so loading copies it
//! into a fresh mapping and makes that read-only + executable, with no
//! relocation step (compilation refuses code that would need one).
//!
//! Loading checks, in order, and refuses with an [`ArtifactError`]: the
//! magic, the format version, the length (a truncated or extended file),
//! the checksum (corruption), every length against the bytes left, the
//! triple against the host's, the settings hash against the host's, the
//! features against the host CPU's, the module (validated again), and the
//! offsets against the code and the module's functions.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use crate::Error;
use crate::code::CodeMemory;
use crate::compile::{self, CompiledModule, Target, TargetInfo, Text};

const MAGIC: [u8; 8] = *b"\0moteaot";

/// The version of the artifact format this crate writes and reads.
pub const FORMAT_VERSION: u32 = 2;

/// Magic, version and length.
const HEADER: usize = 8 + 4 + 8;
/// The checksum at the end.
const CHECKSUM: usize = 8;

/// Why an artifact was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArtifactError {
    /// The bytes do not start with the artifact magic.
    NotAnArtifact,
    /// Written in another version of the format.
    Version {
        /// The artifact's version.
        found: u32,
        /// The one this build reads.
        supported: u32,
    },
    /// Fewer (or more) bytes than the artifact's header says it has.
    Length {
        /// The length in the header.
        expected: u64,
        /// The bytes given.
        found: u64,
    },
    /// The checksum does not match: the bytes were corrupted.
    Checksum,
    /// A length or offset inside the artifact is out of range.
    Malformed(&'static str),
    /// Compiled for another target.
    Target {
        /// The artifact's triple.
        artifact: String,
        /// This host's.
        host: String,
    },
    /// Compiled with other code generation settings or by another version
    /// of mote-aot or Cranelift.
    Settings,
    /// The code uses a CPU feature this CPU lacks.
    CpuFeature(String),
}

impl fmt::Display for ArtifactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArtifactError::NotAnArtifact => f.write_str("not a mote-aot artifact"),
            ArtifactError::Version { found, supported } => write!(
                f,
                "artifact format version {found}, this build reads version {supported}"
            ),
            ArtifactError::Length { expected, found } => write!(
                f,
                "artifact is {found} bytes, its header says {expected} (truncated or extended)"
            ),
            ArtifactError::Checksum => f.write_str("artifact checksum mismatch (corrupted)"),
            ArtifactError::Malformed(what) => write!(f, "malformed artifact: {what}"),
            ArtifactError::Target { artifact, host } => {
                write!(f, "artifact compiled for {artifact}, this host is {host}")
            }
            ArtifactError::Settings => f.write_str(
                "artifact compiled with other settings or another version of mote-aot or Cranelift",
            ),
            ArtifactError::CpuFeature(name) => {
                write!(f, "artifact needs CPU feature {name}, which this CPU lacks")
            }
        }
    }
}

impl From<ArtifactError> for Error {
    fn from(e: ArtifactError) -> Self {
        Error::Artifact(e)
    }
}

/// 64-bit FNV-1a. Every step is a bijection of the state, so any one
/// changed byte changes the result.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Whether `bytes` start as an artifact.
pub fn is_artifact(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) -> Result<(), Error> {
    let len = u32::try_from(b.len())
        .map_err(|_| Error::Unsupported("an artifact part of 4 GiB or more".into()))?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(b);
    Ok(())
}

/// Writes an artifact.
pub fn write(
    wasm: &[u8],
    code: &[u8],
    offsets: &[usize],
    target: &TargetInfo,
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(wasm.len() + code.len() + 256);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes()); // the length, below
    put_bytes(&mut out, target.triple.as_bytes())?;
    out.extend_from_slice(&target.settings.to_le_bytes());
    out.extend_from_slice(&u32::from(target.fuel).to_le_bytes());
    put_bytes(&mut out, &[])?; // the count, below
    let count_at = out.len() - 4;
    for f in &target.features {
        put_bytes(&mut out, f.as_bytes())?;
    }
    let n = target.features.len() as u32;
    out[count_at..count_at + 4].copy_from_slice(&n.to_le_bytes());
    put_bytes(&mut out, wasm)?;
    put_bytes(&mut out, code)?;
    let n = u32::try_from(offsets.len())
        .map_err(|_| Error::Unsupported("4 Gi functions or more".into()))?;
    out.extend_from_slice(&n.to_le_bytes());
    for &o in offsets {
        let o = u32::try_from(o).map_err(|_| Error::Unsupported("4 GiB of code or more".into()))?;
        out.extend_from_slice(&o.to_le_bytes());
    }
    let len = (out.len() + CHECKSUM) as u64;
    out[12..20].copy_from_slice(&len.to_le_bytes());
    let sum = fnv1a(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    Ok(out)
}

/// Validates and compiles `wasm` for `target` ("host" or a triple) and
/// returns the artifact's bytes.
pub fn compile(wasm: &[u8], target: &str, fuel: bool) -> Result<Vec<u8>, Error> {
    let target = match target {
        "host" => Target::Host,
        triple => Target::Triple(triple),
    };
    let (_, text): (_, Text) = compile::compile_text(wasm, target, fuel)?;
    write(wasm, &text.bytes, &text.offsets, &text.target)
}

/// What an artifact holds, read without loading its code.
#[derive(Debug, Clone)]
pub struct ArtifactInfo<'a> {
    /// Its format version.
    pub version: u32,
    /// What its code was compiled for.
    pub target: TargetInfo,
    /// The module.
    pub wasm: &'a [u8],
    /// The machine code.
    pub code: &'a [u8],
    /// Where each defined function starts in `code`.
    pub offsets: Vec<usize>,
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], ArtifactError> {
        if n > self.bytes.len() {
            return Err(ArtifactError::Malformed(what));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn u32(&mut self, what: &'static str) -> Result<u32, ArtifactError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self, what: &'static str) -> Result<u64, ArtifactError> {
        let b = self.take(8, what)?;
        let mut a = [0; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn bytes(&mut self, what: &'static str) -> Result<&'a [u8], ArtifactError> {
        let n = self.u32(what)? as usize;
        self.take(n, what)
    }
    fn string(&mut self, what: &'static str) -> Result<String, ArtifactError> {
        let b = self.bytes(what)?;
        core::str::from_utf8(b)
            .map(str::to_string)
            .map_err(|_| ArtifactError::Malformed(what))
    }
}

/// Reads an artifact's parts, checking its magic, version, length,
/// checksum and inner lengths (not whether it suits this host).
pub fn read(bytes: &[u8]) -> Result<ArtifactInfo<'_>, ArtifactError> {
    if !is_artifact(bytes) {
        return Err(ArtifactError::NotAnArtifact);
    }
    let mut r = Reader { bytes: &bytes[8..] };
    let version = r.u32("header").map_err(|_| ArtifactError::Length {
        expected: HEADER as u64,
        found: bytes.len() as u64,
    })?;
    if version != FORMAT_VERSION {
        return Err(ArtifactError::Version {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let length = r.u64("header").map_err(|_| ArtifactError::Length {
        expected: HEADER as u64,
        found: bytes.len() as u64,
    })?;
    if length != bytes.len() as u64 || bytes.len() < HEADER + CHECKSUM {
        return Err(ArtifactError::Length {
            expected: length,
            found: bytes.len() as u64,
        });
    }
    let (body, sum) = bytes.split_at(bytes.len() - CHECKSUM);
    let mut s = [0; 8];
    s.copy_from_slice(sum);
    if fnv1a(body) != u64::from_le_bytes(s) {
        return Err(ArtifactError::Checksum);
    }
    let mut r = Reader {
        bytes: &body[HEADER..],
    };
    let triple = r.string("the triple")?;
    let settings = r.u64("the settings")?;
    let fuel = match r.u32("the flags")? {
        0 => false,
        1 => true,
        _ => return Err(ArtifactError::Malformed("unknown flags")),
    };
    let n = r.u32("the features")?;
    let mut features = Vec::new();
    for _ in 0..n {
        // Each takes at least its length's 4 bytes: no allocation beyond
        // what the bytes hold.
        features.push(r.string("a feature")?);
    }
    let wasm = r.bytes("the module")?;
    let code = r.bytes("the code")?;
    let n = r.u32("the offsets")? as usize;
    if n > r.bytes.len() / 4 {
        return Err(ArtifactError::Malformed("the offsets"));
    }
    let mut offsets = Vec::with_capacity(n);
    for _ in 0..n {
        offsets.push(r.u32("the offsets")? as usize);
    }
    if !r.bytes.is_empty() {
        return Err(ArtifactError::Malformed("bytes after the offsets"));
    }
    // Each function starts inside the code, in order, after the entry
    // trampoline at 0.
    let ordered = offsets.windows(2).all(|w| w[0] < w[1]);
    if !ordered || offsets.first() == Some(&0) || offsets.last().is_some_and(|&o| o >= code.len()) {
        return Err(ArtifactError::Malformed("a function offset"));
    }
    Ok(ArtifactInfo {
        version,
        target: TargetInfo {
            triple,
            settings,
            features,
            fuel,
        },
        wasm,
        code,
        offsets,
    })
}

/// Checks that code compiled for `target` can run on this host.
pub fn check_target(target: &TargetInfo) -> Result<(), Error> {
    let host = compile::target_info(&*compile::isa(Target::Host)?);
    if target.triple != host.triple {
        return Err(ArtifactError::Target {
            artifact: target.triple.clone(),
            host: host.triple,
        }
        .into());
    }
    if target.settings != host.settings {
        return Err(ArtifactError::Settings.into());
    }
    if let Some(f) = target.features.iter().find(|f| !host.features.contains(f)) {
        return Err(ArtifactError::CpuFeature(f.clone()).into());
    }
    Ok(())
}

/// Loads an artifact for this host.
///
/// # Safety
///
/// The artifact's machine code runs as it is: `bytes` must have been
/// written by [`write`] (through `Module::serialize` or `compile`) of this
/// version of mote-aot, and not altered since. The checks catch accidents
/// (another target or version, truncation, corruption), not tampering.
pub unsafe fn load(bytes: &[u8]) -> Result<Arc<CompiledModule>, Error> {
    let started = Instant::now();
    let info = read(bytes)?;
    check_target(&info.target)?;
    let (mut sections, bodies) = compile::parse(info.wasm)?;
    sections.env.fuel = info.target.fuel;
    let adapters = crate::translate::adapter_types(&sections.env).len();
    if bodies.len() + adapters != info.offsets.len() {
        return Err(ArtifactError::Malformed("functions and offsets differ in number").into());
    }
    let code = CodeMemory::new(info.code)?;
    Ok(Arc::new(CompiledModule {
        sections,
        wasm: info.wasm.to_vec(),
        code,
        offsets: info.offsets,
        code_size: info.code.len(),
        target: info.target,
        compile_time: started.elapsed(),
    }))
}
