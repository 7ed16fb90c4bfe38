//! `random_get` on boards without a hardware random number generator.

use crate::traits::{ErrorKind, Random};

/// A xorshift64* pseudo-random generator. **Not cryptographic**: anyone
/// who sees a few outputs, or knows roughly when the board started, can
/// predict the rest.
///
/// It exists for emulators (qemu's `mps2-an386` and `virt` machines have
/// no TRNG) and for tests, so that guests which seed a hash map or a test
/// shuffle from `random_get` run. A board with a TRNG implements
/// [`Random`] over it instead; a board with neither should not hand this
/// to guests that may use randomness for keys.
///
/// Seed it from something that differs between runs, such as a timer read
/// after an input arrived; a zero seed is replaced by a fixed constant.
#[derive(Debug, Clone)]
pub struct InsecureXorShift {
    state: u64,
}

impl InsecureXorShift {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        // Spread the seed (splitmix64's finalizer) so nearby seeds (two
        // timer reads) do not start nearby; xorshift must not start at 0.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        InsecureXorShift {
            state: if z == 0 { 0x2545_f491_4f6c_dd1d } else { z },
        }
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

impl Random for InsecureXorShift {
    type Error = ErrorKind;
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), ErrorKind> {
        for chunk in buf.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}
