//! The two user LEDs of the AN386 image: bits 0 and 1 of the FPGA I/O
//! block's LED0 register (0x4002_8000). qemu models them as LED devices
//! (`-trace led_change_intensity` logs every change) and reads the
//! register back as written.

use core::convert::Infallible;
use core::ptr;
use embedded_hal::digital::{ErrorType, OutputPin, StatefulOutputPin};

const LED0: usize = 0x4002_8000;

fn read() -> u32 {
    // SAFETY: LED0 is the FPGAIO's 32-bit LED register on the AN386 memory
    // map: aligned, always mapped, reads have no side effect.
    unsafe { ptr::read_volatile(LED0 as *const u32) }
}

fn write(value: u32) {
    // SAFETY: as in `read`; writing sets the LEDs and nothing else.
    unsafe { ptr::write_volatile(LED0 as *mut u32, value) }
}

/// One user LED as an `embedded-hal` output pin (high = lit).
#[derive(Debug)]
pub struct Led {
    mask: u32,
}

/// The user LEDs, off.
pub(crate) fn leds() -> [Led; 2] {
    write(0);
    [Led { mask: 1 << 0 }, Led { mask: 1 << 1 }]
}

impl ErrorType for Led {
    type Error = Infallible;
}

impl OutputPin for Led {
    fn set_low(&mut self) -> Result<(), Infallible> {
        write(read() & !self.mask);
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Infallible> {
        write(read() | self.mask);
        Ok(())
    }
}

impl StatefulOutputPin for Led {
    /// Reads the register back: what the hardware holds, not a copy.
    fn is_set_high(&mut self) -> Result<bool, Infallible> {
        Ok(read() & self.mask != 0)
    }
    fn is_set_low(&mut self) -> Result<bool, Infallible> {
        Ok(read() & self.mask == 0)
    }
}
