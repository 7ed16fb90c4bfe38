//! Signatures of Mote images: an image the engine compiles, signed here,
//! verifies with the key and loads in the engine (which skips the
//! trailer); any change to it, another key, an unsigned image, or a
//! module's signature data moved into an image are refused, and no
//! corrupted trailer panics.

use mote::{Engine, Module};
use mote_sign::{KeyPair, PublicKey, SignError, sign, sign_image, verify, verify_image};

fn image() -> Vec<u8> {
    let wasm = wat::parse_str(
        r#"(module
             (memory (export "memory") 1)
             (data (i32.const 16) "signed data")
             (func (export "add") (param i32 i32) (result i32)
               (i32.add (local.get 0) (local.get 1))))"#,
    )
    .unwrap();
    Module::new(&Engine::default(), &wasm)
        .unwrap()
        .to_image()
        .unwrap()
}

fn keys(seed: u8) -> (KeyPair, PublicKey) {
    let pair = KeyPair::from_seed([seed; 32]).unwrap();
    let public = pair.public_key();
    (pair, public)
}

#[test]
fn a_signed_image_verifies_and_loads() {
    let (pair, pk) = keys(1);
    let image = image();
    let signed = sign_image(&image, &pair, Some(b"owner")).unwrap();
    // The image itself is unchanged before its trailer.
    assert_eq!(&signed[..image.len()], &image[..]);
    assert_eq!(signed[image.len()], mote::IMAGE_SIGNATURE);
    assert_eq!(verify_image(&signed, &pk), Ok(()));
    assert!(Module::from_image(&Engine::default(), &signed).is_ok());
    // Signing again replaces the signature instead of adding one.
    let (pair2, pk2) = keys(2);
    let again = sign_image(&signed, &pair2, None).unwrap();
    assert_eq!(&again[..image.len()], &image[..]);
    assert_eq!(verify_image(&again, &pk2), Ok(()));
    assert_eq!(
        verify_image(&again, &pk),
        Err(SignError::VerificationFailed)
    );
}

#[test]
fn unsigned_tampered_and_foreign_images_are_refused() {
    let (pair, pk) = keys(1);
    let (_, other) = keys(3);
    let image = image();
    assert_eq!(verify_image(&image, &pk), Err(SignError::NotSigned));
    let signed = sign_image(&image, &pair, None).unwrap();
    assert_eq!(
        verify_image(&signed, &other),
        Err(SignError::VerificationFailed)
    );
    // Any byte of the header or body changed: not verified. (The
    // engine's own FNV hash covers the body only; the signature covers
    // the header too.)
    let mut bytes = signed.clone();
    for i in 0..image.len() {
        bytes[i] ^= 0x01;
        assert!(verify_image(&bytes, &pk).is_err(), "byte {i}");
        bytes[i] ^= 0x01;
    }
    // A module is not an image and the reverse.
    let wasm = wat::parse_str("(module)").unwrap();
    assert_eq!(verify_image(&wasm, &pk), Err(SignError::MalformedImage));
    assert_eq!(verify(&signed, &pk), Err(SignError::Malformed));
    assert!(sign(&image, &pair, None).is_err());
    // A module's signature data in an image's trailer (or the reverse)
    // does not verify: the content types differ.
    let module = sign(&wasm, &pair, None).unwrap();
    let section = &module[8..module.len() - (wasm.len() - 8)];
    let name = section.windows(9).position(|w| w == b"signature").unwrap();
    let data = &section[name + 9..];
    let mut moved = image.clone();
    moved.push(mote::IMAGE_SIGNATURE);
    moved.extend_from_slice(&(data.len() as u32).to_le_bytes());
    moved.extend_from_slice(data);
    assert_eq!(verify_image(&moved, &pk), Err(SignError::BadSignatureData));
}

/// Every byte of the trailer changed and every cut of a signed image:
/// errors from the verifier, never a panic, and the engine still loads
/// the image whenever the trailer stays well framed. (Signed without a
/// key id: as in the format, a key id only names the key and is not
/// signed, so changing its bytes leaves the signature valid.)
#[test]
fn corrupted_signature_trailers_are_errors() {
    let (pair, pk) = keys(1);
    let image = image();
    let signed = sign_image(&image, &pair, None).unwrap();
    let engine = Engine::default();
    let mut bytes = signed.clone();
    for i in image.len()..signed.len() {
        for flip in [0x01, 0x80, 0xff] {
            bytes[i] ^= flip;
            assert!(verify_image(&bytes, &pk).is_err(), "byte {i} ^ {flip:#x}");
            let framing = i < image.len() + 5;
            let loaded = Module::from_image(&engine, &bytes);
            assert_eq!(loaded.is_ok(), !framing, "byte {i} ^ {flip:#x}");
            bytes[i] ^= flip;
        }
    }
    for n in 0..signed.len() {
        let r = verify_image(&signed[..n], &pk);
        let expect = if n == image.len() {
            SignError::NotSigned
        } else {
            SignError::MalformedImage
        };
        assert_eq!(r, Err(expect), "prefix {n}");
    }
}
