//! Logging through `defmt` when the `defmt` feature is on; nothing otherwise.
//! The macros take defmt's format syntax.

macro_rules! debug {
    ($($arg:tt)*) => {
        #[cfg(feature = "defmt")]
        defmt::debug!($($arg)*);
    };
}

macro_rules! warning {
    ($($arg:tt)*) => {
        #[cfg(feature = "defmt")]
        defmt::warn!($($arg)*);
    };
}

pub(crate) use {debug, warning};
