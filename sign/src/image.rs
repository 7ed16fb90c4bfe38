//! Signatures of Mote images (`mote compile`'s output): the same
//! signature data as a module's `signature` section, with content type
//! [`CONTENT_IMAGE`], in a trailer after the image's body, over the
//! SHA-256 of every byte before the trailer. The engine's image module
//! (`mote/src/image/mod.rs`) documents the layout; this crate reads only
//! the little of it that says where the body ends, and tests check the
//! two agree (tests/images.rs).

use crate::{CONTENT_IMAGE, KeyPair, PublicKey, SignError, signature_data, verify_parts};
use alloc::vec::Vec;

/// The first eight bytes of every image.
const MAGIC: &[u8; 8] = b"\0moteimg";
/// Bytes of an image's header; the body's length is the `u32` at
/// [`BODY_LEN_AT`].
const HEADER: usize = 32;
const BODY_LEN_AT: usize = 20;
/// The first byte of the signature trailer; its data's length (`u32`)
/// follows.
const TRAILER: u8 = 0xff;

/// The signed part of `image` (header and body) and the signature data of
/// its trailer, if it has one.
fn split(image: &[u8]) -> Result<(&[u8], Option<&[u8]>), SignError> {
    let bad = SignError::MalformedImage;
    if !image.starts_with(MAGIC) {
        return Err(bad);
    }
    let len = le32(image.get(BODY_LEN_AT..).ok_or(bad)?).ok_or(bad)?;
    let end = usize::try_from(len)
        .ok()
        .and_then(|len| len.checked_add(HEADER))
        .ok_or(bad)?;
    let (signed, trailer) = image.split_at_checked(end).ok_or(bad)?;
    let [id, rest @ ..] = trailer else {
        return Ok((signed, None));
    };
    let len = le32(rest).ok_or(bad)?;
    let data = &rest[4..];
    if *id != TRAILER || usize::try_from(len).ok() != Some(data.len()) {
        return Err(bad);
    }
    Ok((signed, Some(data)))
}

/// The little-endian `u32` `bytes` start with.
fn le32(bytes: &[u8]) -> Option<u32> {
    let (head, _) = bytes.split_first_chunk::<4>()?;
    Some(u32::from_le_bytes(*head))
}

/// Checks that `image` carries a signature trailer with a signature made
/// with `key` over all of the image before it. For firmware: call it on
/// an image's bytes before `mote::Module::from_image` (or
/// `from_static_image`); it allocates nothing and reads the image once.
pub fn verify_image(image: &[u8], key: &PublicKey) -> Result<(), SignError> {
    let (signed, data) = split(image)?;
    verify_parts(
        data.ok_or(SignError::NotSigned)?,
        signed,
        key,
        CONTENT_IMAGE,
    )
}

/// `image` signed with `key`: its header and body unchanged, then a
/// signature trailer (replacing one already there) with one signature
/// over them, tagged with `key_id` if given.
pub fn sign_image(
    image: &[u8],
    key: &KeyPair,
    key_id: Option<&[u8]>,
) -> Result<Vec<u8>, SignError> {
    let (signed, _) = split(image)?;
    let data = signature_data(signed, key, key_id, CONTENT_IMAGE);
    let len = u32::try_from(data.len()).map_err(|_| SignError::MalformedImage)?;
    let mut out = Vec::with_capacity(signed.len() + 5 + data.len());
    out.extend_from_slice(signed);
    out.push(TRAILER);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&data);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// A header claiming a body of `len` bytes, and that body.
    fn fake(len: usize) -> Vec<u8> {
        let mut v = vec![0u8; HEADER + len];
        v[..8].copy_from_slice(MAGIC);
        v[BODY_LEN_AT..BODY_LEN_AT + 4].copy_from_slice(&(len as u32).to_le_bytes());
        v
    }

    #[test]
    fn split_finds_the_body_and_trailer() {
        let img = fake(10);
        assert_eq!(split(&img), Ok((&img[..], None)));
        let mut signed = img.clone();
        signed.extend_from_slice(&[TRAILER, 3, 0, 0, 0, 1, 2, 3]);
        assert_eq!(split(&signed), Ok((&img[..], Some(&[1u8, 2, 3][..]))));
        // Every cut of the header, body or trailer, a wrong id, a length
        // that disagrees, a body longer than the image: errors.
        for n in 0..signed.len() {
            if n != img.len() {
                assert_eq!(split(&signed[..n]), Err(SignError::MalformedImage), "{n}");
            }
        }
        let mut wrong = signed.clone();
        wrong[img.len()] = 0;
        assert_eq!(split(&wrong), Err(SignError::MalformedImage));
        wrong = signed.clone();
        wrong.push(0);
        assert_eq!(split(&wrong), Err(SignError::MalformedImage));
        let mut huge = fake(0);
        huge[BODY_LEN_AT..BODY_LEN_AT + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(split(&huge), Err(SignError::MalformedImage));
        assert_eq!(split(b"\0asm\x01\0\0\0"), Err(SignError::MalformedImage));
    }
}
