//! UART0 of the AN386 image: an Arm CMSDK APB UART at 0x4000_4000, qemu's
//! first serial port (`-nographic` connects it to the terminal).

use core::convert::Infallible;
use core::ptr;

const BASE: usize = 0x4000_4000;
const DATA: usize = 0x00;
const STATE: usize = 0x04;
const CTRL: usize = 0x08;
const BAUDDIV: usize = 0x10;

const STATE_TX_FULL: u32 = 1 << 0;
const STATE_RX_FULL: u32 = 1 << 1;
const CTRL_TX_EN: u32 = 1 << 0;
const CTRL_RX_EN: u32 = 1 << 1;

/// 25 MHz peripheral clock / 115,200 baud (qemu transmits at once whatever
/// the divider, but checks it is at least 16).
const DIVIDER: u32 = 25_000_000 / 115_200;

fn read(offset: usize) -> u32 {
    // SAFETY: BASE + offset is one of the UART's 32-bit registers on the
    // AN386 memory map: aligned, always mapped, and reading has no effect
    // beyond the UART (DATA pops the received byte, which is what we want).
    unsafe { ptr::read_volatile((BASE + offset) as *const u32) }
}

fn write(offset: usize, value: u32) {
    // SAFETY: as in `read`; writing DATA sends a byte, CTRL and BAUDDIV
    // configure this UART only.
    unsafe { ptr::write_volatile((BASE + offset) as *mut u32, value) }
}

/// UART0, blocking. Implements `embedded_io::{Read, Write}`.
#[derive(Debug)]
pub struct Serial {
    _private: (),
}

impl Serial {
    /// Enables the transmitter and the receiver.
    pub(crate) fn init() -> Self {
        write(BAUDDIV, DIVIDER);
        write(CTRL, CTRL_TX_EN | CTRL_RX_EN);
        // Reading DATA tells qemu the receiver has room: input that reached
        // qemu before the receiver was enabled was refused, and qemu offers
        // it again only after a read. (On hardware this drops a stale byte.)
        let _ = read(DATA);
        Serial { _private: () }
    }

    /// Another handle to the UART, for the panic handler, which cannot know
    /// who holds the first one. Both only ever write whole bytes.
    pub(crate) fn steal() -> Self {
        Serial { _private: () }
    }

    fn write_byte(&mut self, b: u8) {
        while read(STATE) & STATE_TX_FULL != 0 {
            core::hint::spin_loop();
        }
        write(DATA, u32::from(b));
    }

    fn try_read_byte(&mut self) -> Option<u8> {
        (read(STATE) & STATE_RX_FULL != 0).then(|| read(DATA) as u8)
    }
}

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
        Ok(read(STATE) & STATE_RX_FULL != 0)
    }
}

impl embedded_io::Write for Serial {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        for &b in buf {
            self.write_byte(b);
        }
        Ok(buf.len())
    }
    /// The CMSDK UART has no "transmitter empty" flag; a byte accepted into
    /// DATA is on its way.
    fn flush(&mut self) -> Result<(), Infallible> {
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
