//! The runwasi side: `containerd-shim-wasm` runs the containerd shim
//! protocol and the container's life cycle (youki's `libcontainer`: the
//! namespaces, cgroups and root file system of the OCI bundle); inside the
//! container's process it calls [`MoteSandbox::run_wasi`], which runs the
//! module with Mote.

use crate::invocation::Invocation;
use crate::launch::{self, Outcome};
use crate::signals;
use containerd_shim_wasm::sandbox::Sandbox;
use containerd_shim_wasm::sandbox::context::{Entrypoint, RuntimeContext};
use containerd_shim_wasm::shim::{Cli as _, Shim, Version, version};
use std::io::Write as _;
use std::path::PathBuf;
use wasi_lite::std_backend::WasiCtxBuilder;

/// The shim: binary `containerd-shim-mote-v1`, runtime
/// `io.containerd.mote.v1`.
pub struct MoteShim;

/// Runs one container's module; nothing is shared between containers.
#[derive(Default)]
pub struct MoteSandbox;

impl Shim for MoteShim {
    type Sandbox = MoteSandbox;

    /// Also names the runtime's state folder: `/run/containerd/mote/<namespace>`.
    fn name() -> &'static str {
        "mote"
    }

    fn version() -> Version {
        version!()
    }
}

impl Sandbox for MoteSandbox {
    /// Runs in the container's process, after `libcontainer` entered its
    /// namespaces and made its root file system `/`. The guest gets that
    /// `/` as its one preopened directory, the process's arguments and
    /// environment, and the container's stdio. The exit status follows
    /// `mote run`: the `proc_exit` code (0 when the entry function returns),
    /// 134 for a trap (its message and backtrace on the container's
    /// stderr), 1 with a sentence on stderr when the module cannot run (a
    /// missing file, not a core module, invalid, an unknown import), and
    /// 128 + the signal's number for SIGTERM, SIGINT or SIGQUIT.
    async fn run_wasi(&self, ctx: &impl RuntimeContext) -> anyhow::Result<i32> {
        signals::exit_on_termination();
        let Entrypoint {
            source, func, arg0, ..
        } = ctx.entrypoint();
        let (inv, skipped) = Invocation::from_process(ctx.args(), ctx.envs(), &func);
        for entry in skipped {
            log::warn!("environment entry {entry:?} is not NAME=VALUE; the guest does not get it");
        }
        let name = arg0.map_or("the module".into(), |p| p.display().to_string());
        let outcome = match source.as_bytes() {
            Ok(wasm) => match launch::check_header(&wasm) {
                Ok(()) => {
                    log::info!("running {name} with Mote, calling '{}'", inv.func);
                    let stdio = WasiCtxBuilder::new().inherit_stdio();
                    launch::run(&wasm, &inv, stdio, &[(PathBuf::from("/"), "/".to_string())])
                }
                Err(why) => Outcome::Failed(format!("{name}: {why}")),
            },
            Err(e) => Outcome::Failed(format!("cannot read {name}: {e:#}")),
        };
        let status = launch::exit_status(&outcome, &mut std::io::stderr().lock());
        // runwasi ends the process with this status right away.
        let _ = std::io::stdout().flush();
        log::info!("the module ended with exit status {status}");
        Ok(status)
    }

    /// Accepts every container that is not a Linux one (runwasi runs an
    /// entrypoint that is an ELF file or a script as a Linux container
    /// before asking), so that a module that cannot run is reported when
    /// it runs, on the container's stderr with exit status 1, where
    /// `kubectl logs` shows it. Refusing it here (runwasi's default reads
    /// the file) fails the container's creation, which users see only as
    /// "can't handle spec", and on containerd 1.6 that failure sometimes
    /// left the container's cgroups and the shim's socket behind.
    async fn can_handle(&self, _ctx: &impl RuntimeContext) -> anyhow::Result<()> {
        Ok(())
    }
}

/// Runs the shim (containerd starts it with its own arguments).
pub fn main() {
    MoteShim::run(None);
}
