//! Everything `mote` prints goes through here.
//!
//! - A failed write to stdout ends the command: a closed pipe quietly, with
//!   the status a shell expects of a program whose reader went away (141,
//!   128 + SIGPIPE); any other failure (a full disk) as a one-line error.
//! - A failed write to stderr is ignored: there is nowhere left to say so,
//!   and the exit status still tells.
//! - Text that comes from a module (names of imports, exports, functions)
//!   is escaped, so a module cannot send control sequences to a terminal.

use crate::Failure;
use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};

/// The exit status when stdout's reader has gone away.
pub const BROKEN_PIPE: u8 = 128 + 13;

/// Why writing to stdout failed, as the command's result.
fn failed(e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::quiet(BROKEN_PIPE)
    } else {
        Failure::error(format!("cannot write to standard output: {e}"))
    }
}

/// Writes to stdout (use [`out!`] and [`outln!`]).
pub fn write_out(args: fmt::Arguments<'_>) -> Result<(), Failure> {
    io::stdout().lock().write_fmt(args).map_err(failed)
}

/// Flushes stdout; called once before the process exits.
pub fn flush() -> Result<(), Failure> {
    io::stdout().lock().flush().map_err(failed)
}

/// Writes to stderr, ignoring failure (use [`errln!`]).
pub fn write_err(args: fmt::Arguments<'_>) {
    let _ = io::stderr().lock().write_fmt(args);
}

/// `print!` that returns a `Result<(), Failure>` instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write_out(format_args!($($arg)*))
    };
}

/// `println!` that returns a `Result<(), Failure>` instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that ignores a failed write instead of panicking.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::write_err(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {errln, out, outln};

/// Characters that would change what a terminal shows beyond themselves:
/// controls (escape sequences, carriage returns) and the bidirectional
/// overrides that reorder text.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` (from a module) with every backslash doubled and every
/// character of [`unsafe_char`] written as `\u{..}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| unsafe_char(c) || c == '\\') {
        return Cow::Borrowed(text);
    }
    let mut s = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\\' {
            s.push_str("\\\\");
        } else if unsafe_char(c) {
            s.extend(c.escape_unicode());
        } else {
            s.push(c);
        }
    }
    Cow::Owned(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_act_on() {
        assert_eq!(escape("memory"), "memory");
        assert_eq!(escape("naïve λ"), "naïve λ");
        assert_eq!(escape("\u{1b}[2J"), "\\u{1b}[2J");
        assert_eq!(escape("a\rb\n"), "a\\u{d}b\\u{a}");
        assert_eq!(escape("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(escape("a\\u{1b}"), "a\\\\u{1b}", "no forged escapes");
    }
}
