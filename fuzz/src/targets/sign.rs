//! `sign`: module signatures (`mote-sign`). Any bytes, as a module and as
//! a detached signature, must verify or fail without a panic, and never
//! verify without a signature made by the key. A module signed with the
//! key must verify, keep its sections byte for byte, and fail once any
//! byte after its header changes. The same for images: the input behind
//! an image's magic never verifies, and signed verifies until a byte
//! changes.

use crate::smith;
use crate::{Finding, Outcome, Stats, Target};
use arbitrary::Unstructured;
use mote_sign::{KeyPair, PublicKey, SignError, sign, sign_image, verify, verify_detached, verify_image};

pub const TARGET: Target = Target {
    name: "sign",
    about: "signature verification of any bytes; a signed module verifies and a changed one does not",
    max_len: 4096,
    run,
    module: None,
};

fn run(input: &[u8]) -> Outcome {
    let mut u = Unstructured::new(input);
    let seed: [u8; 32] = u.arbitrary().unwrap_or_default();
    let Ok(key) = KeyPair::from_seed(seed) else {
        // The one seed refused (all zeros): refused, not a panic.
        return Ok(Stats::default());
    };
    let pk = key.public_key();
    let mode: u8 = u.arbitrary().unwrap_or_default();
    let module = match mode % 3 {
        // A valid module.
        0 => match smith::mote_module(&mut u, None) {
            Some(g) => g.wasm,
            None => return Ok(Stats::default()),
        },
        // Raw bytes behind a header.
        1 => {
            let mut m = b"\0asm\x01\0\0\0".to_vec();
            m.extend_from_slice(u.take_rest());
            m
        }
        // Raw bytes.
        _ => u.take_rest().to_vec(),
    };

    // Never verifies: nothing here was signed with the key.
    if verify(&module, &pk).is_ok() {
        return Err(Finding::new("forged", "bytes verified without a signature"));
    }
    let half = module.len() / 2;
    if verify_detached(&module[..half], &module[half..], &pk).is_ok() {
        return Err(Finding::new("forged", "a detached signature verified"));
    }

    image(&module, &key, &pk, mode)?;

    let signed = match sign(&module, &key, None) {
        Ok(s) => s,
        Err(SignError::Malformed) => return Ok(Stats::default()),
        Err(e) => return Err(Finding::new("sign", format!("signing failed: {e}"))),
    };
    if let Err(e) = verify(&signed, &pk) {
        return Err(Finding::new("unverified", format!("a signed module: {e}")));
    }
    if !signed.ends_with(module.get(8..).unwrap_or_default()) {
        return Err(Finding::new("changed", "signing changed the module's sections"));
    }
    // Any byte after the header changed: refused.
    let at = 8 + usize::from(mode) * signed.len() / 256 % (signed.len() - 8).max(1);
    if let Some(b) = signed.get(at) {
        let mut bad = signed.clone();
        bad[at] = b ^ (1 << (mode % 8));
        if verify(&bad, &pk).is_ok() {
            return Err(Finding::new("forged", format!("byte {at} changed, still verified")));
        }
    }
    Ok(Stats {
        modules: 1,
        ..Stats::default()
    })
}

/// `bytes` behind an image's magic: never verified unsigned; signed, it
/// verifies, keeps the image before its trailer, and fails once a byte
/// changes; the engine loads it or refuses it without a panic.
fn image(bytes: &[u8], key: &KeyPair, pk: &PublicKey, mode: u8) -> Result<(), Finding> {
    let mut img = b"\0moteimg".to_vec();
    img.extend_from_slice(bytes);
    // Half the time, a body length that frames the rest (as a header
    // would), so that signing succeeds.
    if mode & 1 != 0 && img.len() >= 32 {
        let body = u32::try_from(img.len() - 32).unwrap_or(0);
        img[20..24].copy_from_slice(&body.to_le_bytes());
    }
    if verify_image(&img, pk).is_ok() {
        return Err(Finding::new("forged", "an image verified without a signature"));
    }
    let signed = match sign_image(&img, key, None) {
        Ok(s) => s,
        Err(SignError::MalformedImage) => return Ok(()),
        Err(e) => return Err(Finding::new("sign", format!("signing an image failed: {e}"))),
    };
    if let Err(e) = verify_image(&signed, pk) {
        return Err(Finding::new("unverified", format!("a signed image: {e}")));
    }
    if !signed.starts_with(&img[..img.len().min(32 + body_len(&img))]) {
        return Err(Finding::new("changed", "signing changed the image"));
    }
    let _ = mote::Module::from_image(&mote::Engine::default(), &signed);
    let at = usize::from(mode) * signed.len() / 256;
    if let Some(b) = signed.get(at) {
        let mut bad = signed.clone();
        bad[at] = b ^ (1 << (mode % 8));
        if verify_image(&bad, pk).is_ok() {
            return Err(Finding::new("forged", format!("image byte {at} changed, still verified")));
        }
    }
    Ok(())
}

/// The body length an image's header claims (0 if cut short).
fn body_len(img: &[u8]) -> usize {
    img.get(20..24)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map_or(0, |b| u32::from_le_bytes(b) as usize)
}
