//! Random bytes for `random_get`.

use super::Error;

/// A source of random bytes.
///
/// # For board implementers
///
/// `fill` overwrites all of `buf`. Guests use `random_get` to seed hash
/// maps and for cryptography, so use the board's hardware generator (TRNG)
/// where there is one; if it can fail (a health test, a seed not ready),
/// return an error rather than weak bytes. A board with no generator at all
/// should return [`ErrorKind::Unsupported`](super::ErrorKind::Unsupported).
pub trait Random {
    type Error: Error;
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), Self::Error>;
}
