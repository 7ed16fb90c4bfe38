//! [`WasiCtxBuilder`]: what a guest on the host is granted.

use super::system::OsRandom;
use super::{InputStream, OutputStream, StdClock, StdConsole, StdDir, StdEnv, StdFs, StdWasiCtx};
use crate::ctx::{CtxError, WasiCtx};
use crate::traits::Services;
use core::fmt;
use std::io;
use std::path::PathBuf;
use std::string::{String, ToString};
use std::vec::Vec;

/// Builds a [`StdWasiCtx`]. By default the guest gets nothing: no
/// arguments, no variables, no directories, empty stdin, and its output is
/// discarded. Each grant is explicit.
pub struct WasiCtxBuilder {
    env: StdEnv,
    console: StdConsole,
    preopens: Vec<(PathBuf, String)>,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl WasiCtxBuilder {
    pub fn new() -> Self {
        WasiCtxBuilder {
            env: StdEnv::default(),
            console: StdConsole::default(),
            preopens: Vec::new(),
        }
    }

    /// Appends one argument (the first is the program name by convention).
    pub fn arg(mut self, arg: impl AsRef<str>) -> Self {
        self.env.args.push(arg.as_ref().to_string());
        self
    }

    /// Appends arguments.
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, args: I) -> Self {
        self.env
            .args
            .extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    /// Sets one environment variable.
    pub fn env(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.env
            .vars
            .push((name.as_ref().to_string(), value.as_ref().to_string()));
        self
    }

    /// Sets environment variables.
    pub fn envs<I: IntoIterator<Item = (K, V)>, K: AsRef<str>, V: AsRef<str>>(
        mut self,
        vars: I,
    ) -> Self {
        for (k, v) in vars {
            self = self.env(k, v);
        }
        self
    }

    /// Passes every variable of the host process (those that are UTF-8).
    pub fn inherit_env(self) -> Self {
        let vars: Vec<(String, String)> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        self.envs(vars)
    }

    pub fn stdin(mut self, input: InputStream) -> Self {
        self.console.stdin = input;
        self
    }

    /// Where stdout goes: an [`OutputStream`] or a [`SharedBuffer`](super::SharedBuffer).
    pub fn stdout(mut self, output: impl Into<OutputStream>) -> Self {
        self.console.stdout = output.into();
        self
    }

    /// Where stderr goes: an [`OutputStream`] or a [`SharedBuffer`](super::SharedBuffer).
    pub fn stderr(mut self, output: impl Into<OutputStream>) -> Self {
        self.console.stderr = output.into();
        self
    }

    pub fn inherit_stdin(self) -> Self {
        self.stdin(InputStream::inherit())
    }

    pub fn inherit_stdout(self) -> Self {
        self.stdout(OutputStream::inherit_stdout())
    }

    pub fn inherit_stderr(self) -> Self {
        self.stderr(OutputStream::inherit_stderr())
    }

    /// The host process's stdin, stdout and stderr.
    pub fn inherit_stdio(self) -> Self {
        self.inherit_stdin().inherit_stdout().inherit_stderr()
    }

    /// Grants the host directory `host_path` (and everything below it, but
    /// nothing above) to the guest under the name `guest_name`. Preopens
    /// get fds 3, 4, ... in the order given.
    pub fn preopen_dir(
        mut self,
        host_path: impl Into<PathBuf>,
        guest_name: impl AsRef<str>,
    ) -> Self {
        self.preopens
            .push((host_path.into(), guest_name.as_ref().to_string()));
        self
    }

    /// Checks the grants and opens the preopened directories.
    pub fn build(self) -> Result<StdWasiCtx, BuildError> {
        for a in &self.env.args {
            if a.contains('\0') {
                return Err(BuildError::Nul(a.clone()));
            }
        }
        for (k, v) in &self.env.vars {
            if k.is_empty() || k.contains(['=', '\0']) {
                return Err(BuildError::VarName(k.clone()));
            }
            if v.contains('\0') {
                return Err(BuildError::Nul(v.clone()));
            }
        }
        let host = Services {
            console: self.console,
            clock: StdClock::new(),
            random: OsRandom,
            env: self.env,
            fs: StdFs,
        };
        let mut ctx = WasiCtx::new(host);
        for (path, name) in self.preopens {
            let dir =
                StdDir::open_root(&path).map_err(|error| BuildError::Preopen { path, error })?;
            ctx.preopen_dir(dir, &name).map_err(BuildError::Ctx)?;
        }
        Ok(ctx)
    }
}

/// Why [`WasiCtxBuilder::build`] failed.
#[derive(Debug)]
pub enum BuildError {
    /// A preopened directory could not be opened.
    Preopen { path: PathBuf, error: io::Error },
    /// An argument or value contains a NUL byte.
    Nul(String),
    /// A variable name is empty or contains `=` or NUL.
    VarName(String),
    /// The context is full.
    Ctx(CtxError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Preopen { path, error } => {
                write!(f, "cannot preopen directory {}: {error}", path.display())
            }
            BuildError::Nul(s) => write!(f, "argument or value contains a NUL byte: {s:?}"),
            BuildError::VarName(s) => write!(f, "invalid environment variable name: {s:?}"),
            BuildError::Ctx(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Preopen { error, .. } => Some(error),
            BuildError::Ctx(e) => Some(e),
            _ => None,
        }
    }
}
