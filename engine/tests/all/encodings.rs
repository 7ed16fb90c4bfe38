//! Encodings that only a later proposal gives a meaning are malformed under
//! Mote's feature set, even where the decoder, not the validator, reads them.

use mote::{Engine, Error, Module};

/// A module whose one function loads an `i32` with the memarg `memarg`.
fn load_with(memarg: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x41, 0x00, 0x28];
    body.extend_from_slice(memarg);
    body.push(0x0b);
    let mut code = vec![0x01, body.len() as u8];
    code.extend_from_slice(&body);
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    m.extend_from_slice(&[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f]); // () -> i32
    m.extend_from_slice(&[0x03, 0x02, 0x01, 0x00]);
    m.extend_from_slice(&[0x05, 0x03, 0x01, 0x00, 0x01]); // memory 1
    m.extend_from_slice(&[0x0a, code.len() as u8]);
    m.extend_from_slice(&code);
    m
}

fn expect_malformed(bytes: &[u8], words: &str) {
    match Module::new(&Engine::default(), bytes) {
        Err(Error::Decode(e)) => assert!(
            e.message().contains(words),
            "expected {words:?}, got {:?}",
            e.message()
        ),
        other => panic!("expected a decode error ({words}), got {other:?}"),
    }
}

#[test]
fn memarg_with_the_multi_memory_bit_names_a_memory() {
    // Bit 6 of the alignment: a memory index follows (multi-memory).
    // Memory 0 exists; memory 1 does not, which the validator refuses.
    assert!(Module::new(&Engine::default(), &load_with(&[0x42, 0x00, 0x00])).is_ok());
    match Module::new(&Engine::default(), &load_with(&[0x42, 0x01, 0x00])) {
        Err(Error::Decode(e)) => assert!(e.message().contains("memory"), "{e:?}"),
        other => panic!("expected an invalid module, got {other:?}"),
    }
}

#[test]
fn memarg_offset_longer_than_five_bytes_is_malformed() {
    let mut five = vec![0x02];
    five.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x00]);
    assert!(Module::new(&Engine::default(), &load_with(&five)).is_ok());
    for len in 6..=10 {
        let mut memarg = vec![0x02];
        memarg.extend(std::iter::repeat_n(0x80, len - 1));
        memarg.push(0x00);
        expect_malformed(&load_with(&memarg), "integer representation too long");
    }
}

#[test]
fn compact_import_section_is_malformed() {
    // One import group: module "", then the compact form (0x7f) listing a
    // global `i32` named "".
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    m.extend_from_slice(&[
        0x02, 0x09, 0x01, 0x00, 0x00, 0x7f, 0x01, 0x00, 0x03, 0x7f, 0x00,
    ]);
    expect_malformed(&m, "compact imports");
}
