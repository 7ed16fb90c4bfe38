//! `mote keygen`, `mote sign`, `mote verify` and `mote run
//! --require-signature`.

use crate::util::{TempDir, assert_one_line_error, assert_output, mote, program};

/// A key pair made by `mote keygen` in `dir`: (secret, public) paths.
fn keygen(dir: &TempDir, name: &str) -> (String, String) {
    let secret = dir.path().join(format!("{name}.key")).display().to_string();
    let public = dir.path().join(format!("{name}.pub")).display().to_string();
    let out = mote(&["keygen", "--secret", &secret, "--public", &public]);
    assert_output(&out, "", "", 0);
    assert_eq!(std::fs::read(&secret).unwrap().len(), 65);
    assert_eq!(std::fs::read(&public).unwrap().len(), 33);
    (secret, public)
}

#[test]
fn sign_verify_and_run_only_what_is_signed() {
    let dir = TempDir::new("sign");
    let (secret, public) = keygen(&dir, "owner");
    let (_, other) = keygen(&dir, "other");
    let signed = dir.path().join("hello.signed.wasm").display().to_string();
    let hello = program("hello");
    assert_output(
        &mote(&["sign", "--key", &secret, &hello, "-o", &signed]),
        "",
        "",
        0,
    );
    assert_output(
        &mote(&["verify", "--key", &public, &signed]),
        "signature ok\n",
        "",
        0,
    );
    // A signed module runs with its key required, and as before without.
    let run = ["run", "--require-signature", &public, &signed];
    assert_output(&mote(&run), "Hello, world!\n", "", 0);
    assert_output(&mote(&["run", &signed]), "Hello, world!\n", "", 0);

    // Another key, an unsigned module, a changed one: refused, before
    // anything runs.
    let msg = assert_one_line_error(&mote(&["verify", "--key", &other, &signed]), 1);
    assert!(msg.contains("no valid signature"), "{msg}");
    let msg = assert_one_line_error(&mote(&["run", "--require-signature", &other, &signed]), 1);
    assert!(msg.contains("signature"), "{msg}");
    let msg = assert_one_line_error(&mote(&["run", "--require-signature", &public, &hello]), 1);
    assert!(msg.contains("not signed"), "{msg}");
    let mut bytes = std::fs::read(&signed).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let changed = dir.write("changed.wasm", &bytes).display().to_string();
    let msg = assert_one_line_error(&mote(&["run", "--require-signature", &public, &changed]), 1);
    assert!(msg.contains("no valid signature"), "{msg}");
}

#[test]
fn bad_keys_and_flags_are_one_line_errors() {
    let dir = TempDir::new("sign-bad");
    let (secret, public) = keygen(&dir, "k");
    let hello = program("hello");
    let out_path = dir.path().join("o.wasm").display().to_string();
    // A public key where a secret one belongs, and the reverse.
    let msg = assert_one_line_error(
        &mote(&["sign", "--key", &public, &hello, "-o", &out_path]),
        1,
    );
    assert!(msg.contains("secret key"), "{msg}");
    let msg = assert_one_line_error(&mote(&["verify", "--key", &secret, &hello]), 1);
    assert!(msg.contains("public key"), "{msg}");
    assert_one_line_error(&mote(&["verify", "--key", "/nonexistent/k.pub", &hello]), 1);
    assert_one_line_error(&mote(&["verify", &hello]), 2);
    assert_one_line_error(&mote(&["sign", "--key", &secret, &hello]), 2);
    // keygen does not overwrite a key.
    let msg = assert_one_line_error(
        &mote(&["keygen", "--secret", &secret, "--public", &public]),
        1,
    );
    assert!(msg.contains("cannot write"), "{msg}");
    // Not a module.
    let junk = dir.write("junk.wasm", b"junk").display().to_string();
    assert_one_line_error(
        &mote(&["sign", "--key", &secret, &junk, "-o", &out_path]),
        1,
    );
}

#[test]
fn sign_verify_and_run_only_signed_images() {
    let dir = TempDir::new("sign-image");
    let (secret, public) = keygen(&dir, "owner");
    let (_, other) = keygen(&dir, "other");
    let image = dir.path().join("hello.mote").display().to_string();
    let signed = dir.path().join("hello.signed.mote").display().to_string();
    let hello = program("hello");
    assert_output(&mote(&["compile", &hello, "-o", &image]), "", "", 0);
    assert_output(
        &mote(&["sign", "--key", &secret, &image, "-o", &signed]),
        "",
        "",
        0,
    );
    // The image is unchanged before its signature.
    let (plain, with) = (
        std::fs::read(&image).unwrap(),
        std::fs::read(&signed).unwrap(),
    );
    assert_eq!(&with[..plain.len()], &plain[..]);
    assert_output(
        &mote(&["verify", "--key", &public, &signed]),
        "signature ok\n",
        "",
        0,
    );
    let run = ["run", "--require-signature", &public, &signed];
    assert_output(&mote(&run), "Hello, world!\n", "", 0);
    assert_output(&mote(&["run", &signed]), "Hello, world!\n", "", 0);
    assert_eq!(mote(&["inspect", &signed]).code, Some(0));

    // Another key, an unsigned image, a changed one (in its body, in its
    // signature): refused before anything runs.
    let msg = assert_one_line_error(&mote(&["verify", "--key", &other, &signed]), 1);
    assert!(msg.contains("no valid signature"), "{msg}");
    let msg = assert_one_line_error(&mote(&["run", "--require-signature", &other, &signed]), 1);
    assert!(msg.contains("no valid signature"), "{msg}");
    let msg = assert_one_line_error(&mote(&["run", "--require-signature", &public, &image]), 1);
    assert!(msg.contains("not signed"), "{msg}");
    for at in [plain.len() - 1, with.len() - 1] {
        let mut bytes = with.clone();
        bytes[at] ^= 1;
        let changed = dir.write("changed.mote", &bytes).display().to_string();
        let run = mote(&["run", "--require-signature", &public, &changed]);
        let msg = assert_one_line_error(&run, 1);
        assert!(msg.contains("signature"), "byte {at}: {msg}");
        assert!(run.stdout.is_empty(), "byte {at}");
    }
    // A cut signature is refused by the verifier and by the loader.
    let cut = dir
        .write("cut.mote", &with[..with.len() - 3])
        .display()
        .to_string();
    let msg = assert_one_line_error(&mote(&["verify", "--key", &public, &cut]), 1);
    assert!(msg.contains("not a Mote image"), "{msg}");
    assert_one_line_error(&mote(&["run", &cut]), 1);
}
