//! UART0 of the AN386 image: an Arm CMSDK APB UART at 0x4000_4000, qemu's
//! first serial port (`-nographic` connects it to the terminal).

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
        self.rx_ready().then(|| read(DATA) as u8)
    }

    fn rx_ready(&mut self) -> bool {
        read(STATE) & STATE_RX_FULL != 0
    }

    /// The CMSDK UART has no "transmitter empty" flag; a byte accepted into
    /// DATA is on its way.
    fn tx_flush(&mut self) {}
}

#[path = "../../common/serial.rs"]
mod common;
