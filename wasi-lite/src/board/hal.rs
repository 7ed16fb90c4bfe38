//! `mote:hal`: GPIO pins and delays for guests, over `embedded-hal` 1.0.
//!
//! The guest imports, from module `"mote:hal"`:
//!
//! | function | signature | does |
//! |---|---|---|
//! | `gpio_set` | `(pin: i32, high: i32) -> i32` | drives output `pin` high (`high != 0`) or low; 0 or an error code |
//! | `gpio_get` | `(pin: i32) -> i32` | the level of `pin` (an output reads back what it drives): 1, 0, or an error code |
//! | `delay_ms` | `(ms: i32)` | waits `ms` milliseconds (nothing for `ms <= 0`) |
//!
//! Error codes are negative: [`ERR_NO_PIN`], [`ERR_NOT_OUTPUT`], [`ERR_IO`].
//! Pins are numbered from 0 in the order the firmware lists them; a guest
//! reaches only the pins the firmware put in its [`Hal`].
//!
//! ```wat
//! (import "mote:hal" "gpio_set" (func $gpio_set (param i32 i32) (result i32)))
//! (import "mote:hal" "delay_ms" (func $delay_ms (param i32)))
//! ```

use crate::link::Definer;
use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{self, InputPin, StatefulOutputPin};
use mote::{Caller, Error, Linker, Module};

/// The import module name.
pub const MODULE: &str = "mote:hal";

/// `gpio_set`/`gpio_get`: there is no pin with this number.
pub const ERR_NO_PIN: i32 = -1;
/// `gpio_set`: the pin is an input.
pub const ERR_NOT_OUTPUT: i32 = -2;
/// The pin driver reported an error.
pub const ERR_IO: i32 = -3;

/// Why a pin operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinError {
    /// No pin has this number.
    NoSuchPin,
    /// The pin cannot be driven: it is an input.
    NotAnOutput,
    /// The driver failed.
    Io(digital::ErrorKind),
}

impl PinError {
    /// The code the guest sees.
    pub fn code(self) -> i32 {
        match self {
            PinError::NoSuchPin => ERR_NO_PIN,
            PinError::NotAnOutput => ERR_NOT_OUTPUT,
            PinError::Io(_) => ERR_IO,
        }
    }

    fn io(e: impl digital::Error) -> Self {
        PinError::Io(e.kind())
    }
}

/// A numbered bank of pins, as the guest sees them.
///
/// # For board implementers
///
/// Usually you do not implement this: an array of `embedded-hal` output
/// pins (`[P; N]` with `P: StatefulOutputPin`) is a bank, [`Inputs`] makes
/// one of input pins, and [`Chain`] puts two banks one after the other.
/// If you do, pins are `0..count()`; `get` on an output returns the level
/// it drives.
pub trait Gpio {
    /// How many pins there are.
    fn count(&self) -> u32;
    /// Drives output `pin`.
    fn set(&mut self, pin: u32, high: bool) -> Result<(), PinError>;
    /// Reads `pin`.
    fn get(&mut self, pin: u32) -> Result<bool, PinError>;
}

impl<P: StatefulOutputPin, const N: usize> Gpio for [P; N] {
    fn count(&self) -> u32 {
        N as u32
    }
    fn set(&mut self, pin: u32, high: bool) -> Result<(), PinError> {
        let p = self.get_mut(pin as usize).ok_or(PinError::NoSuchPin)?;
        p.set_state(high.into()).map_err(PinError::io)
    }
    fn get(&mut self, pin: u32) -> Result<bool, PinError> {
        let p = self.get_mut(pin as usize).ok_or(PinError::NoSuchPin)?;
        p.is_set_high().map_err(PinError::io)
    }
}

/// A bank of input pins: `gpio_set` on them is [`ERR_NOT_OUTPUT`].
#[derive(Debug)]
pub struct Inputs<P, const N: usize>(pub [P; N]);

impl<P: InputPin, const N: usize> Gpio for Inputs<P, N> {
    fn count(&self) -> u32 {
        N as u32
    }
    fn set(&mut self, pin: u32, _high: bool) -> Result<(), PinError> {
        match (pin as usize) < N {
            true => Err(PinError::NotAnOutput),
            false => Err(PinError::NoSuchPin),
        }
    }
    fn get(&mut self, pin: u32) -> Result<bool, PinError> {
        let p = self.0.get_mut(pin as usize).ok_or(PinError::NoSuchPin)?;
        p.is_high().map_err(PinError::io)
    }
}

/// Bank `A`'s pins first, then bank `B`'s (numbered from `A::count()`).
#[derive(Debug)]
pub struct Chain<A, B>(pub A, pub B);

impl<A: Gpio, B: Gpio> Gpio for Chain<A, B> {
    fn count(&self) -> u32 {
        self.0.count().saturating_add(self.1.count())
    }
    fn set(&mut self, pin: u32, high: bool) -> Result<(), PinError> {
        match pin.checked_sub(self.0.count()) {
            None => self.0.set(pin, high),
            Some(p) => self.1.set(p, high),
        }
    }
    fn get(&mut self, pin: u32) -> Result<bool, PinError> {
        match pin.checked_sub(self.0.count()) {
            None => self.0.get(pin),
            Some(p) => self.1.get(p),
        }
    }
}

/// What a guest may touch through `mote:hal`: the pins and a delay.
#[derive(Debug)]
pub struct Hal<G, D> {
    pub gpio: G,
    pub delay: D,
}

impl<G: Gpio, D: DelayNs> Hal<G, D> {
    pub fn new(gpio: G, delay: D) -> Self {
        Hal { gpio, delay }
    }

    /// `gpio_set`: 0, or a negative error code.
    pub fn gpio_set(&mut self, pin: i32, high: i32) -> i32 {
        let Ok(pin) = u32::try_from(pin) else {
            return ERR_NO_PIN;
        };
        match self.gpio.set(pin, high != 0) {
            Ok(()) => 0,
            Err(e) => e.code(),
        }
    }

    /// `gpio_get`: 1 (high), 0 (low), or a negative error code.
    pub fn gpio_get(&mut self, pin: i32) -> i32 {
        let Ok(pin) = u32::try_from(pin) else {
            return ERR_NO_PIN;
        };
        match self.gpio.get(pin) {
            Ok(high) => i32::from(high),
            Err(e) => e.code(),
        }
    }

    /// `delay_ms`.
    pub fn delay_ms(&mut self, ms: i32) {
        if let Ok(ms) = u32::try_from(ms) {
            self.delay.delay_ms(ms);
        }
    }
}

/// Defines `mote:hal` in `linker`; `get` finds the [`Hal`] in the store's
/// data. Fails only if the linker already defines one of the names.
pub fn add_to_linker<T: 'static, G: Gpio + 'static, D: DelayNs + 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut Hal<G, D>,
) -> Result<(), Error> {
    define(&mut Definer::new(linker, None), get)
}

/// Defines in `linker` only the `mote:hal` functions `module` imports,
/// as [`add_to_linker`] defines them (see
/// [`crate::add_imports_to_linker`]). Fails only if the linker already
/// defines one of the names it defines.
pub fn add_imports_to_linker<T: 'static, G: Gpio + 'static, D: DelayNs + 'static>(
    linker: &mut Linker<T>,
    module: &Module,
    get: fn(&mut T) -> &mut Hal<G, D>,
) -> Result<(), Error> {
    define(&mut Definer::new(linker, Some(module)), get)
}

fn define<T: 'static, G: Gpio + 'static, D: DelayNs + 'static>(
    linker: &mut Definer<'_, T>,
    get: fn(&mut T) -> &mut Hal<G, D>,
) -> Result<(), Error> {
    type C<'a, T> = Caller<'a, T>;
    linker.func_wrap(
        MODULE,
        "gpio_set",
        move |mut c: C<T>, pin: i32, high: i32| get(c.data_mut()).gpio_set(pin, high),
    )?;
    linker.func_wrap(MODULE, "gpio_get", move |mut c: C<T>, pin: i32| {
        get(c.data_mut()).gpio_get(pin)
    })?;
    linker.func_wrap(MODULE, "delay_ms", move |mut c: C<T>, ms: i32| {
        get(c.data_mut()).delay_ms(ms)
    })?;
    Ok(())
}
