//! The program's arguments and environment variables.

/// Arguments and environment variables, by index.
///
/// # For board implementers
///
/// - `arg(i)` is the `i`-th argument (the program name first, by
///   convention), `None` past the last one; `var(i)` likewise gives the
///   `i`-th variable as `(name, value)`. Indices are dense from 0.
/// - The guest sees exactly these and nothing else: never hand it the whole
///   environment of a host by default.
/// - No byte may be NUL, and a name may not contain `=`: the guest receives
///   them as C strings `name=value`. [`StaticEnv`] fits most boards.
pub trait Environment {
    /// The `index`-th argument.
    fn arg(&self, index: usize) -> Option<&[u8]>;
    /// The `index`-th environment variable.
    fn var(&self, index: usize) -> Option<(&[u8], &[u8])>;
}

/// Arguments and variables fixed at build time (or borrowed for the run).
#[derive(Debug, Clone, Copy, Default)]
pub struct StaticEnv<'a> {
    pub args: &'a [&'a str],
    pub vars: &'a [(&'a str, &'a str)],
}

impl Environment for StaticEnv<'_> {
    fn arg(&self, index: usize) -> Option<&[u8]> {
        self.args.get(index).map(|a| a.as_bytes())
    }
    fn var(&self, index: usize) -> Option<(&[u8], &[u8])> {
        self.vars
            .get(index)
            .map(|(k, v)| (k.as_bytes(), v.as_bytes()))
    }
}
