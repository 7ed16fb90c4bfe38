//! The `virt` machine's NS16550A UART at 0x1000_0000, qemu's first serial
//! port (`-nographic` connects it to the terminal).

use core::ptr;

const BASE: usize = 0x1000_0000;
/// Receive buffer (read) and transmit holding register (write).
const RBR_THR: usize = 0;
const IER: usize = 1;
const LCR: usize = 3;
const LSR: usize = 5;

const LSR_DATA_READY: u8 = 1 << 0;
const LSR_THR_EMPTY: u8 = 1 << 5;
const LSR_TX_IDLE: u8 = 1 << 6;
/// 8 data bits, no parity, one stop bit.
const LCR_8N1: u8 = 0b11;

fn read(offset: usize) -> u8 {
    // SAFETY: BASE + offset is one of the UART's byte registers on the
    // `virt` memory map: always mapped; reading RBR pops the received
    // byte, which is what the callers want.
    unsafe { ptr::read_volatile((BASE + offset) as *const u8) }
}

fn write(offset: usize, value: u8) {
    // SAFETY: as in `read`; writes send a byte or configure this UART only.
    unsafe { ptr::write_volatile((BASE + offset) as *mut u8, value) }
}

/// The UART, blocking. Implements `embedded_io::{Read, Write}`.
#[derive(Debug)]
pub struct Serial {
    _private: (),
}

impl Serial {
    /// 8N1, no interrupts. The FIFOs stay as reset (off): switching them
    /// on clears them, and would drop input that arrived before `init`.
    pub(crate) fn init() -> Self {
        write(IER, 0);
        write(LCR, LCR_8N1);
        Serial { _private: () }
    }

    /// Another handle to the UART, for the panic handler and the logged
    /// GPIO pins. All of them only ever write whole bytes.
    pub(crate) fn steal() -> Self {
        Serial { _private: () }
    }

    fn write_byte(&mut self, b: u8) {
        while read(LSR) & LSR_THR_EMPTY == 0 {
            core::hint::spin_loop();
        }
        write(RBR_THR, b);
    }

    fn try_read_byte(&mut self) -> Option<u8> {
        self.rx_ready().then(|| read(RBR_THR))
    }

    fn rx_ready(&mut self) -> bool {
        read(LSR) & LSR_DATA_READY != 0
    }

    /// Waits until the last byte has left the shift register.
    fn tx_flush(&mut self) {
        while read(LSR) & LSR_TX_IDLE == 0 {
            core::hint::spin_loop();
        }
    }
}

#[path = "../../common/serial.rs"]
mod common;
