//! The `embedded_io` and `core::fmt::Write` impls of a board's blocking
//! UART. Each board's `uart.rs` includes this file as a child module and
//! gives its `Serial` the byte-level methods used here: `write_byte`
//! (waits for room), `try_read_byte`, `rx_ready` and `tx_flush`.

use super::Serial;
use core::convert::Infallible;

impl embedded_io::ErrorType for Serial {
    type Error = Infallible;
}

impl embedded_io::Read for Serial {
    /// Waits for one byte, then takes what else has arrived, without waiting.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        let Some((first, rest)) = buf.split_first_mut() else {
            return Ok(0);
        };
        *first = loop {
            if let Some(b) = self.try_read_byte() {
                break b;
            }
            core::hint::spin_loop();
        };
        let mut n = 1;
        for slot in rest {
            match self.try_read_byte() {
                Some(b) => *slot = b,
                None => break,
            }
            n += 1;
        }
        Ok(n)
    }
}

impl embedded_io::ReadReady for Serial {
    fn read_ready(&mut self) -> Result<bool, Infallible> {
        Ok(self.rx_ready())
    }
}

impl embedded_io::Write for Serial {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        for &b in buf {
            self.write_byte(b);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<(), Infallible> {
        self.tx_flush();
        Ok(())
    }
}

impl core::fmt::Write for Serial {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        for &b in s.as_bytes() {
            self.write_byte(b);
        }
        Ok(())
    }
}
