//! The `virt` machine has no GPIO: these pins are mocks that log every
//! change on the UART (`gpio: pin 0 high`), so that a host watching the
//! serial output sees what a guest did to them.

use crate::uart::Serial;
use core::convert::Infallible;
use core::fmt::Write as _;
use embedded_hal::digital::{ErrorType, OutputPin, StatefulOutputPin};

/// A logged output pin (`embedded_hal::digital`), low at start.
#[derive(Debug)]
pub struct LoggedPin {
    number: u8,
    high: bool,
}

/// Pins 0 and 1.
pub(crate) fn pins() -> [LoggedPin; 2] {
    [0, 1].map(|number| LoggedPin {
        number,
        high: false,
    })
}

impl LoggedPin {
    fn set(&mut self, high: bool) {
        self.high = high;
        let level = if high { "high" } else { "low" };
        let _ = writeln!(Serial::steal(), "gpio: pin {} {level}", self.number);
    }
}

impl ErrorType for LoggedPin {
    type Error = Infallible;
}

impl OutputPin for LoggedPin {
    fn set_low(&mut self) -> Result<(), Infallible> {
        self.set(false);
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Infallible> {
        self.set(true);
        Ok(())
    }
}

impl StatefulOutputPin for LoggedPin {
    fn is_set_high(&mut self) -> Result<bool, Infallible> {
        Ok(self.high)
    }
    fn is_set_low(&mut self) -> Result<bool, Infallible> {
        Ok(!self.high)
    }
}
