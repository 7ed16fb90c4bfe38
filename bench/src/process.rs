//! Runs one child process and measures it: wall time from just before
//! `spawn` to the return of `wait4`, and the child's peak RSS from the
//! `rusage` that `wait4` fills in.
//!
//! Output goes to two scratch files rather than pipes, so the parent does
//! nothing but wait while the clock runs (no reader threads, no risk of a
//! full pipe stalling the child).

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

/// One measured run.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub wall: Duration,
    pub exit: Exit,
    /// Peak resident set size of the child, in KiB (`ru_maxrss`).
    pub max_rss_kib: u64,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// The first line of stderr, or how the process ended when it said
    /// nothing: for error messages in the report.
    pub fn failure_summary(&self) -> String {
        let how = match self.exit {
            Exit::Code(code) => format!("exit code {code}"),
            Exit::Signal(signal) => format!("killed by signal {signal}"),
        };
        match self.stderr.lines().find(|line| !line.trim().is_empty()) {
            Some(line) => format!("{how}: {}", line.trim()),
            None => how,
        }
    }
}

/// Where the children's stdout and stderr go; reused by every run.
pub struct Scratch {
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Scratch {
    pub fn new(dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        Ok(Scratch {
            stdout: dir.join("stdout"),
            stderr: dir.join("stderr"),
        })
    }

    /// Runs `command` to completion with stdin closed.
    pub fn run(&self, command: &mut Command) -> io::Result<Outcome> {
        command
            .stdin(Stdio::null())
            .stdout(File::create(&self.stdout)?)
            .stderr(File::create(&self.stderr)?);

        let start = Instant::now();
        let child = command.spawn()?;
        let (status, usage) = wait4(child.id())?;
        let wall = start.elapsed();

        let exit = if libc::WIFEXITED(status) {
            Exit::Code(libc::WEXITSTATUS(status))
        } else {
            Exit::Signal(libc::WTERMSIG(status))
        };
        Ok(Outcome {
            wall,
            exit,
            max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
            stdout: read_lossy(&self.stdout)?,
            stderr: read_lossy(&self.stderr)?,
        })
    }
}

/// Waits for the child `pid` and returns its wait status and resource
/// usage. The `std::process::Child` handle is dropped unwaited by the
/// caller, which is fine: dropping it neither waits nor kills.
fn wait4(pid: u32) -> io::Result<(libc::c_int, libc::rusage)> {
    let pid = libc::pid_t::try_from(pid).map_err(io::Error::other)?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is a plain C struct of integers, for which all zero
    // bytes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers point to live, writable locals of the types
        // wait4 expects; `pid` is our own child, not yet reaped.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            return Ok((status, usage));
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

fn read_lossy(path: &Path) -> io::Result<String> {
    Ok(String::from_utf8_lossy(&fs::read(path)?).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("mote-bench-{test}-{}", std::process::id()));
        Scratch::new(&dir).unwrap()
    }

    #[test]
    fn captures_output_exit_code_and_usage() {
        let outcome = scratch("output")
            .run(Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]))
            .unwrap();
        assert_eq!(outcome.stdout, "out\n");
        assert_eq!(outcome.stderr, "err\n");
        assert_eq!(outcome.exit, Exit::Code(3));
        assert_eq!(outcome.failure_summary(), "exit code 3: err");
        assert!(outcome.max_rss_kib > 0);
        assert!(outcome.wall > Duration::ZERO);
    }

    #[test]
    fn reports_a_signal() {
        let outcome = scratch("signal")
            .run(Command::new("sh").args(["-c", "kill -9 $$"]))
            .unwrap();
        assert_eq!(outcome.exit, Exit::Signal(9));
    }
}
