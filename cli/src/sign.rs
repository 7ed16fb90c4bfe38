//! `mote keygen`, `mote sign` and `mote verify`: module signatures in the
//! WebAssembly tool-conventions format (crate `mote-sign`), which the
//! reference tool wasmsign2 reads and writes too, and image signatures
//! (the same signature data in a trailer after the image's body).

use crate::output::outln;
use crate::{Failure, read_module};
use lexopt::Arg::{Long, Short, Value};
use mote_sign::{KeyPair, PublicKey};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub const KEYGEN_USAGE: &str = "\
Usage: mote keygen --secret SECRET.key --public PUBLIC.key

Makes an Ed25519 key pair for signing modules. The files hold the keys as
the signature format encodes them (as `wasmsign2 keygen` writes them): the
secret key file 65 bytes, the public one 33. Existing files are not
overwritten.
";

pub const SIGN_USAGE: &str = "\
Usage: mote sign --key SECRET.key [--key-id ID] <IN.wasm|IN.mote> -o <OUT>

Signs a module: OUT is IN with a `signature` custom section first (one
already there is replaced), holding an Ed25519 signature over everything
else, in the WebAssembly tool-conventions format that wasmsign2 uses.
Signs an image ('mote compile') the same way: OUT is IN with a signature
trailer after its body (one already there is replaced), holding the same
kind of signature data over all of the image before it.
";

pub const VERIFY_USAGE: &str = "\
Usage: mote verify --key PUBLIC.key <FILE.wasm|FILE.mote>

Checks that the module carries a signature by KEY over all of its
sections, or the image one over all of it; prints \"signature ok\" or
fails with exit code 1.
";

fn path(v: OsString) -> PathBuf {
    PathBuf::from(v)
}

/// Reads a key file, with a one-line error.
fn read_key(p: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(p).map_err(|e| Failure::error(format!("cannot read {}: {e}", p.display())))
}

/// The public key in file `p`.
pub fn public_key(p: &Path) -> Result<PublicKey, Failure> {
    PublicKey::from_bytes(&read_key(p)?)
        .map_err(|e| Failure::error(format!("{}: {e} (a public key file)", p.display())))
}

/// Checks the signature by `key` of `module` (a module or an image): the
/// error names the module file.
pub fn check(module: &[u8], file: &Path, key: &PublicKey) -> Result<(), Failure> {
    let verified = if mote::is_image(module) {
        mote_sign::verify_image(module, key)
    } else {
        mote_sign::verify(module, key)
    };
    verified.map_err(|e| Failure::error(format!("{}: signature: {e}", file.display())))
}

/// Writes `bytes` to a new file `p` (an existing one is an error).
fn create(p: &Path, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let err = |e: std::io::Error| Failure::error(format!("cannot write {}: {e}", p.display()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(p)
        .map_err(err)?;
    f.write_all(bytes).map_err(err)
}

pub fn keygen(args: Vec<OsString>) -> Result<u8, Failure> {
    let mut p = lexopt::Parser::from_args(args);
    let (mut secret, mut public) = (None, None);
    while let Some(arg) = p.next()? {
        match arg {
            Short('h') | Long("help") => {
                crate::output::out!("{KEYGEN_USAGE}")?;
                return Ok(0);
            }
            Long("secret") => secret = Some(path(p.value()?)),
            Long("public") => public = Some(path(p.value()?)),
            other => return Err(other.unexpected().into()),
        }
    }
    let (Some(secret), Some(public)) = (secret, public) else {
        return Err(Failure::usage(
            "keygen needs --secret and --public (see 'mote keygen --help')",
        ));
    };
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| Failure::error(format!("no randomness from the system: {e}")))?;
    let pair = KeyPair::from_seed(seed)
        .map_err(|_| Failure::error("the system's randomness gave an all-zero seed"))?;
    create(&public, &pair.public_key().to_bytes())?;
    create(&secret, &pair.to_bytes())?;
    Ok(0)
}

pub fn sign(args: Vec<OsString>) -> Result<u8, Failure> {
    let mut p = lexopt::Parser::from_args(args);
    let (mut key, mut key_id, mut input, mut output) = (None, None, None, None);
    while let Some(arg) = p.next()? {
        match arg {
            Short('h') | Long("help") => {
                crate::output::out!("{SIGN_USAGE}")?;
                return Ok(0);
            }
            Long("key") => key = Some(path(p.value()?)),
            Long("key-id") => key_id = Some(p.value()?.into_encoded_bytes()),
            Short('o') | Long("output") => output = Some(path(p.value()?)),
            Value(v) if input.is_none() => input = Some(path(v)),
            other => return Err(other.unexpected().into()),
        }
    }
    let (Some(key), Some(input), Some(output)) = (key, input, output) else {
        return Err(Failure::usage(
            "sign needs --key, a module and -o (see 'mote sign --help')",
        ));
    };
    let pair = KeyPair::from_bytes(&read_key(&key)?)
        .map_err(|e| Failure::error(format!("{}: {e} (a secret key file)", key.display())))?;
    let module = read_module(&input)?;
    let signed = if mote::is_image(&module) {
        mote_sign::sign_image(&module, &pair, key_id.as_deref())
    } else {
        mote_sign::sign(&module, &pair, key_id.as_deref())
    };
    let signed = signed.map_err(|e| Failure::error(format!("{}: {e}", input.display())))?;
    std::fs::write(&output, signed)
        .map_err(|e| Failure::error(format!("cannot write {}: {e}", output.display())))?;
    Ok(0)
}

pub fn verify(args: Vec<OsString>) -> Result<u8, Failure> {
    let mut p = lexopt::Parser::from_args(args);
    let (mut key, mut input) = (None, None);
    while let Some(arg) = p.next()? {
        match arg {
            Short('h') | Long("help") => {
                crate::output::out!("{VERIFY_USAGE}")?;
                return Ok(0);
            }
            Long("key") => key = Some(path(p.value()?)),
            Value(v) if input.is_none() => input = Some(path(v)),
            other => return Err(other.unexpected().into()),
        }
    }
    let (Some(key), Some(input)) = (key, input) else {
        return Err(Failure::usage(
            "verify needs --key and a module (see 'mote verify --help')",
        ));
    };
    let key = public_key(&key)?;
    check(&read_module(&input)?, &input, &key)?;
    outln!("signature ok")?;
    Ok(0)
}
