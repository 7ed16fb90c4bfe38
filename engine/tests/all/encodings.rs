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
fn memarg_offset_is_a_u64_as_in_3_0() {
    // WebAssembly 3.0 (memory64) reads a memarg's offset as a u64: up to
    // ten bytes are well-formed; a 32-bit memory's offset must be below
    // 2^32 (the validator refuses it otherwise).
    for len in 5..=10 {
        let mut memarg = vec![0x02];
        memarg.extend(std::iter::repeat_n(0x80, len - 1));
        memarg.push(0x00);
        assert!(Module::new(&Engine::default(), &load_with(&memarg)).is_ok());
    }
    let mut eleven = vec![0x02];
    eleven.extend(std::iter::repeat_n(0x80, 10));
    eleven.push(0x00);
    assert!(matches!(
        Module::new(&Engine::default(), &load_with(&eleven)),
        Err(Error::Decode(_))
    ));
    // 2^32: five bytes, too large for a 32-bit memory.
    let too_far = [0x02, 0x80, 0x80, 0x80, 0x80, 0x10];
    match Module::new(&Engine::default(), &load_with(&too_far)) {
        Err(Error::Decode(e)) => assert!(e.message().contains("offset"), "{e:?}"),
        other => panic!("expected an invalid module, got {other:?}"),
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
