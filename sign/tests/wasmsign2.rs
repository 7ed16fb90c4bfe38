//! Interoperability with the reference tool, wasmsign2 0.2.8 (crates.io):
//! what it signs verifies here, what is signed here verifies there, keys
//! move between the two, and a changed module or another key fails.

use mote_sign::{KeyPair, PublicKey, SignError, sign, verify, verify_detached};
use std::io::Cursor;

fn module() -> Vec<u8> {
    wat::parse_str(
        r#"(module
             (memory (export "memory") 1)
             (data (i32.const 16) "signed data")
             (func (export "add") (param i32 i32) (result i32)
               (i32.add (local.get 0) (local.get 1)))
             (@custom "notes" "a custom section, signed too"))"#,
    )
    .unwrap()
}

fn reference_keys() -> (wasmsign2::KeyPair, PublicKey, KeyPair) {
    let kp = wasmsign2::KeyPair::generate();
    let pk = PublicKey::from_bytes(&kp.pk.to_bytes()).unwrap();
    let pair = KeyPair::from_bytes(&kp.sk.to_bytes()).unwrap();
    (kp, pk, pair)
}

fn reference_sign(kp: &wasmsign2::KeyPair, wasm: &[u8], key_id: Option<&Vec<u8>>) -> Vec<u8> {
    let m = wasmsign2::Module::deserialize(&mut Cursor::new(wasm)).unwrap();
    let signed = kp.sk.sign(m, key_id).unwrap();
    let mut out = Vec::new();
    signed.serialize(&mut out).unwrap();
    out
}

fn reference_verifies(pk: &wasmsign2::PublicKey, wasm: &[u8]) -> bool {
    pk.verify(&mut Cursor::new(wasm), None).is_ok()
}

#[test]
fn signed_by_wasmsign2_verifies_here() {
    let (kp, pk, _) = reference_keys();
    let wasm = module();
    let signed = reference_sign(&kp, &wasm, None);
    assert_eq!(verify(&signed, &pk), Ok(()));
    // With a key id too.
    let signed = reference_sign(&kp, &wasm, Some(&b"owner".to_vec()));
    assert_eq!(verify(&signed, &pk), Ok(()));
    // Another key does not verify it.
    let (_, other, _) = reference_keys();
    assert_eq!(verify(&signed, &other), Err(SignError::VerificationFailed));
    // Nor does a changed module: any byte after the signature.
    let sig_end = signed.len() - (wasm.len() - 8);
    for at in [sig_end, sig_end + 3, signed.len() / 2, signed.len() - 1] {
        let mut bad = signed.clone();
        bad[at] ^= 0x20;
        assert!(verify(&bad, &pk).is_err(), "changed byte {at}");
    }
    // An unsigned module is not signed.
    assert_eq!(verify(&wasm, &pk), Err(SignError::NotSigned));
}

#[test]
fn signed_here_verifies_with_wasmsign2() {
    let (kp, pk, pair) = reference_keys();
    assert_eq!(pair.public_key(), pk);
    let wasm = module();
    let signed = sign(&wasm, &pair, None).unwrap();
    assert!(reference_verifies(&kp.pk, &signed));
    assert_eq!(verify(&signed, &pk), Ok(()));
    // Signing again replaces the signature; both tools still agree.
    let again = sign(&signed, &pair, Some(b"me")).unwrap();
    assert!(reference_verifies(&kp.pk, &again));
    assert_eq!(verify(&again, &pk), Ok(()));
    // The module itself is unchanged after the signature section.
    assert!(signed.ends_with(&wasm[8..]));
    // And a module re-signed by wasmsign2 after us verifies here.
    let theirs = reference_sign(&kp, &signed, None);
    assert_eq!(verify(&theirs, &pk), Ok(()));
    assert!(!reference_verifies(&reference_keys().0.pk, &signed));
}

#[test]
fn keys_round_trip_in_the_formats_encoding() {
    let pair = KeyPair::from_seed([7; 32]).unwrap();
    let bytes = pair.to_bytes();
    assert_eq!(bytes[0], 0x81);
    let sk = wasmsign2::SecretKey::from_bytes(&bytes).unwrap();
    assert_eq!(sk.to_bytes(), bytes.to_vec());
    let pk = pair.public_key().to_bytes();
    assert_eq!(pk[0], 0x01);
    let theirs = wasmsign2::PublicKey::from_bytes(&pk).unwrap();
    assert_eq!(
        PublicKey::from_bytes(&theirs.to_bytes()),
        Ok(pair.public_key())
    );
    // A pair whose public half does not match its seed is refused.
    let mut bad = bytes;
    bad[40] ^= 1;
    assert!(KeyPair::from_bytes(&bad).is_err());
    assert!(PublicKey::from_bytes(&pk[1..]).is_err());
    // The all-zero seed (which the Ed25519 crate would panic on) is refused.
    assert_eq!(KeyPair::from_seed([0; 32]).err(), Some(SignError::BadKey));
    let mut zero = [0u8; 65];
    zero[0] = 0x81;
    assert_eq!(KeyPair::from_bytes(&zero).err(), Some(SignError::BadKey));
    assert!(PublicKey::from_bytes(&[]).is_err());
}

#[test]
fn multi_part_and_detached_signatures_of_wasmsign2() {
    let (kp, pk, _) = reference_keys();
    let wasm = module();
    let m = wasmsign2::Module::deserialize(&mut Cursor::new(&wasm)).unwrap();
    // Parts between delimiters (so sections can be added and signed later):
    // the whole module is covered by the last of the rolling hashes.
    let (signed, _) = kp.sk.sign_multi(m.clone(), None, false, true).unwrap();
    let mut bytes = Vec::new();
    signed.serialize(&mut bytes).unwrap();
    assert_eq!(verify(&bytes, &pk), Ok(()));
    // Detached: the signature data apart from the module.
    let (unsigned, detached) = kp.sk.sign_multi(m, None, true, false).unwrap();
    let mut bytes = Vec::new();
    unsigned.serialize(&mut bytes).unwrap();
    assert_eq!(verify(&bytes, &pk), Err(SignError::NotSigned));
    assert_eq!(verify_detached(&bytes, &detached, &pk), Ok(()));
    let mut bad = detached.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    assert_eq!(
        verify_detached(&bytes, &bad, &pk),
        Err(SignError::VerificationFailed)
    );
}

#[test]
fn malformed_modules_and_signatures_are_errors() {
    let pair = KeyPair::from_seed([3; 32]).unwrap();
    let pk = pair.public_key();
    let signed = sign(&module(), &pair, None).unwrap();
    // Every truncation is an error, never a panic.
    for n in 0..signed.len() {
        assert!(verify(&signed[..n], &pk).is_err(), "{n}");
    }
    assert_eq!(verify(b"not wasm at all", &pk), Err(SignError::Malformed));
    assert_eq!(
        sign(b"\0asm\x01\0\0\0\x01\xff", &pair, None),
        Err(SignError::Malformed)
    );
}
