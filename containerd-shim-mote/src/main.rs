//! `containerd-shim-mote-v1`: the containerd runtime `io.containerd.mote.v1`,
//! which runs WebAssembly containers (WASI preview1 modules in OCI images)
//! with Mote.
//!
//! containerd starts it by name: install it in the `PATH` of the
//! containerd process. Built on runwasi's `containerd-shim-wasm`, which
//! handles the shim protocol and runs each container with youki's
//! `libcontainer`; this crate supplies the part that runs the module
//! (`shim.rs`, `launch/`). Linux only, as runwasi's container support.

#![forbid(unsafe_code)]
// Only the Linux binary uses the portable parts.
#![cfg_attr(not(target_os = "linux"), allow(dead_code))]

mod invocation;
mod launch;
#[cfg(target_os = "linux")]
mod shim;
#[cfg(target_os = "linux")]
mod signals;

#[cfg(target_os = "linux")]
fn main() {
    shim::main();
}

#[cfg(not(target_os = "linux"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "containerd-shim-mote runs on Linux only: containerd's WebAssembly shims \
         run each container in Linux namespaces and cgroups"
    );
    std::process::ExitCode::FAILURE
}
