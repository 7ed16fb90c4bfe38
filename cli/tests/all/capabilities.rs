//! The guest reaches only what `--dir` grants: no preopen means no files,
//! and paths that climb out of a preopen or follow a symlink out fail.

use crate::util::{TempDir, assert_output, mote, program};

#[test]
fn without_dir_the_root_cannot_be_listed() {
    assert_output(
        &mote(&["run", &program("list_dir"), "/"]),
        "",
        "list_dir: /: Capabilities insufficient\n",
        1,
    );
}

#[test]
fn without_dir_no_host_file_can_be_read() {
    let out = mote(&[
        "run",
        &program("copy"),
        "/etc/passwd",
        "/tmp/mote-never-written",
    ]);
    assert_output(
        &out,
        "",
        "copy: /etc/passwd: Capabilities insufficient\n",
        1,
    );
}

#[test]
fn without_dir_the_current_directory_is_not_reachable() {
    // The CLI runs in the repository root; `.` must still not be granted.
    assert_output(
        &mote(&["run", &program("list_dir"), "."]),
        "",
        "list_dir: .: Capabilities insufficient\n",
        1,
    );
}

/// A host dir `<parent>/inner` mapped to `/data`, with `in.txt` and a
/// `secret.txt` next to it (outside the preopen).
struct Sandbox {
    parent: TempDir,
    inner: String,
}

impl Sandbox {
    fn new() -> Self {
        let parent = TempDir::new("sandbox");
        parent.write("secret.txt", b"secret\n");
        parent.write("inner/in.txt", b"hello copy\n");
        let inner = format!("{}::/data", parent.path().join("inner").display());
        Sandbox { parent, inner }
    }

    fn run(&self, args: &[&str]) -> crate::util::Output {
        let mut all = vec!["run", "--dir", &self.inner];
        all.extend_from_slice(args);
        mote(&all)
    }
}

#[test]
fn dot_dot_cannot_read_outside_the_preopen() {
    let s = Sandbox::new();
    let out = s.run(&[&program("copy"), "/data/../secret.txt", "/data/o.txt"]);
    assert_output(
        &out,
        "",
        "copy: /data/../secret.txt: Capabilities insufficient\n",
        1,
    );
    let out = s.run(&[&program("copy"), "/data/../../etc/passwd", "/data/o.txt"]);
    assert_output(
        &out,
        "",
        "copy: /data/../../etc/passwd: Capabilities insufficient\n",
        1,
    );
    assert!(!s.parent.path().join("inner/o.txt").exists());
}

#[test]
fn dot_dot_cannot_write_outside_the_preopen() {
    let s = Sandbox::new();
    let out = s.run(&[&program("copy"), "/data/in.txt", "/data/../escaped.txt"]);
    assert_output(
        &out,
        "",
        "copy: /data/../escaped.txt: Capabilities insufficient\n",
        1,
    );
    assert!(
        !s.parent.path().join("escaped.txt").exists(),
        "a file was written outside the preopen"
    );
}

#[test]
fn dot_dot_cannot_list_outside_the_preopen() {
    let s = Sandbox::new();
    let out = s.run(&[&program("list_dir"), "/data/.."]);
    assert_output(
        &out,
        "",
        "list_dir: /data/..: Capabilities insufficient\n",
        1,
    );
}

#[test]
fn dot_dot_that_stays_inside_is_allowed() {
    let s = Sandbox::new();
    std::fs::create_dir(s.parent.path().join("inner/sub")).expect("mkdir sub");
    let out = s.run(&[&program("copy"), "/data/sub/../in.txt", "/data/sub/out.txt"]);
    assert_output(&out, "copied 11 bytes\n", "", 0);
    assert_eq!(
        std::fs::read(s.parent.path().join("inner/sub/out.txt")).expect("out.txt"),
        b"hello copy\n"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_cannot_leave_the_preopen() {
    let s = Sandbox::new();
    let inner = s.parent.path().join("inner");
    std::os::unix::fs::symlink(s.parent.path().join("secret.txt"), inner.join("to_secret"))
        .expect("symlink");
    std::os::unix::fs::symlink(s.parent.path(), inner.join("to_parent")).expect("symlink");
    let out = s.run(&[&program("copy"), "/data/to_secret", "/data/o.txt"]);
    assert_output(
        &out,
        "",
        "copy: /data/to_secret: Capabilities insufficient\n",
        1,
    );
    let out = s.run(&[
        &program("copy"),
        "/data/in.txt",
        "/data/to_parent/escaped.txt",
    ]);
    assert_output(
        &out,
        "",
        "copy: /data/to_parent/escaped.txt: Capabilities insufficient\n",
        1,
    );
    assert!(
        !s.parent.path().join("escaped.txt").exists(),
        "a file was written through a symlink"
    );
    let out = s.run(&[&program("list_dir"), "/data/to_parent"]);
    assert_output(
        &out,
        "",
        "list_dir: /data/to_parent: Capabilities insufficient\n",
        1,
    );
}
