//! Capabilities: no path may leave its preopen, whatever the route.
//!
//! Layout: `<tmp>/sandbox` is preopened (fd 3); `<tmp>/outside/secret`
//! sits next to it and must stay out of reach.

use crate::errno::*;
use crate::*;
use std::fs;
use std::os::unix::fs::symlink;

struct Jail {
    top: TempDir,
    g: Shim,
}

impl Jail {
    fn new(tag: &str) -> Jail {
        let top = TempDir::new(tag);
        fs::create_dir(top.join("sandbox")).unwrap();
        fs::create_dir(top.join("sandbox/a")).unwrap();
        fs::write(top.join("sandbox/inside"), "inside").unwrap();
        fs::create_dir(top.join("outside")).unwrap();
        fs::write(top.join("outside/secret"), "secret").unwrap();
        let (ctx, _) = ctx_with_dir(&top.join("sandbox"));
        Jail {
            g: Shim::new(ctx),
            top,
        }
    }

    /// Opening `path` for reading fails with `errno` (following links).
    fn open_fails(&mut self, path: &str, errno: i32) {
        for lookup in [0, FOLLOW] {
            assert_eq!(
                self.g.open(PREOPEN, lookup, path, 0, RIGHTS_READ, 0),
                Err(errno),
                "open {path:?}"
            );
        }
    }

    fn secret_untouched(&self) {
        assert_eq!(
            fs::read(self.top.join("outside/secret")).unwrap(),
            b"secret"
        );
        let names: Vec<_> = fs::read_dir(self.top.join("outside"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["secret"], "nothing was created outside");
    }
}

#[test]
fn dot_dot_above_the_root() {
    let mut j = Jail::new("esc-dotdot");
    j.open_fails("..", NOTCAPABLE);
    j.open_fails("../x", NOTCAPABLE);
    j.open_fails("../outside/secret", NOTCAPABLE);
    j.open_fails("a/../../outside/secret", NOTCAPABLE);
    j.open_fails("a/../a/../../outside/secret", NOTCAPABLE);
    j.open_fails("./../sandbox/inside", NOTCAPABLE);
    assert_eq!(
        j.g.open(PREOPEN, 0, "../outside/new", O_CREAT, RIGHTS_RW, 0),
        Err(NOTCAPABLE)
    );
    // Staying inside is fine.
    assert!(
        j.g.open(PREOPEN, 0, "a/../inside", 0, RIGHTS_READ, 0)
            .is_ok()
    );
    j.secret_untouched();
}

#[test]
fn absolute_paths() {
    let mut j = Jail::new("esc-abs");
    j.open_fails("/etc/passwd", NOTCAPABLE);
    j.open_fails("/", NOTCAPABLE);
    let secret = j.top.join("outside/secret");
    j.open_fails(secret.to_str().unwrap(), NOTCAPABLE);
    assert_eq!(
        j.g.path_call("path_create_directory", PREOPEN, "/tmp/wasi-lite-nope"),
        NOTCAPABLE
    );
}

#[test]
fn a_directory_fd_is_its_own_root() {
    // As in wasmtime: `..` may not climb above any directory fd, even to
    // a place inside the preopen (guest libcs resolve against preopens).
    let mut j = Jail::new("esc-dirfd");
    let a =
        j.g.open(PREOPEN, 0, "a", O_DIRECTORY, RIGHTS_READ, 0)
            .unwrap();
    assert_eq!(
        j.g.open(a, 0, "../inside", 0, RIGHTS_READ, 0),
        Err(NOTCAPABLE)
    );
    assert_eq!(
        j.g.open(a, 0, "../../outside/secret", 0, RIGHTS_READ, 0),
        Err(NOTCAPABLE)
    );
    assert_eq!(
        j.g.open(a, 0, "../..", O_DIRECTORY, RIGHTS_READ, 0),
        Err(NOTCAPABLE)
    );
    assert!(
        j.g.open(PREOPEN, 0, "a/../inside", 0, RIGHTS_READ, 0)
            .is_ok()
    );
}

#[test]
fn absolute_symlink_planted_by_the_host() {
    let mut j = Jail::new("esc-abslink");
    symlink(std::env::temp_dir(), j.top.join("sandbox/tmp")).unwrap();
    symlink(j.top.join("outside/secret"), j.top.join("sandbox/secret")).unwrap();
    assert_eq!(
        j.g.open(PREOPEN, FOLLOW, "tmp", O_DIRECTORY, RIGHTS_READ, 0),
        Err(NOTCAPABLE)
    );
    assert_eq!(
        j.g.open(PREOPEN, FOLLOW, "secret", 0, RIGHTS_READ, 0),
        Err(NOTCAPABLE)
    );
    // Through the link in a middle component, following or not at the end.
    j.open_fails("tmp/anything", NOTCAPABLE);
    let through = format!(
        "tmp/{}/outside/secret",
        j.top.path().file_name().unwrap().to_str().unwrap()
    );
    j.open_fails(&through, NOTCAPABLE);
    let created = format!(
        "tmp/{}/outside/new",
        j.top.path().file_name().unwrap().to_str().unwrap()
    );
    assert_eq!(
        j.g.open(PREOPEN, FOLLOW, &created, O_CREAT, RIGHTS_RW, 0),
        Err(NOTCAPABLE)
    );
    assert_eq!(
        j.g.path_call("path_create_directory", PREOPEN, "tmp/wasi-lite-nope"),
        NOTCAPABLE
    );
    let (p, l) = j.g.str(PATH, "secret");
    assert_eq!(
        j.g.call(
            "path_filestat_get",
            &[PREOPEN as i64, FOLLOW, p, l, BUF as i64]
        ),
        NOTCAPABLE
    );
    assert_eq!(
        j.g.call(
            "path_filestat_set_times",
            &[PREOPEN as i64, FOLLOW, p, l, 0, 0, 2]
        ),
        NOTCAPABLE
    );
    // The link itself (not followed) is inside and may be looked at.
    assert_eq!(
        j.g.call("path_filestat_get", &[PREOPEN as i64, 0, p, l, BUF as i64]),
        SUCCESS
    );
    j.secret_untouched();
}

#[test]
fn relative_symlink_climbing_out() {
    let mut j = Jail::new("esc-rellink");
    symlink("../outside", j.top.join("sandbox/out")).unwrap();
    symlink("../../outside/secret", j.top.join("sandbox/a/secret")).unwrap();
    j.open_fails("out/secret", NOTCAPABLE);
    assert_eq!(
        j.g.open(PREOPEN, FOLLOW, "a/secret", 0, RIGHTS_READ, 0),
        Err(NOTCAPABLE)
    );
    assert_eq!(
        j.g.path_call("path_unlink_file", PREOPEN, "out/secret"),
        NOTCAPABLE
    );
    j.secret_untouched();
}

#[test]
fn symlink_in_the_middle_of_a_chain() {
    let mut j = Jail::new("esc-chain");
    // l1 -> a (inside), a/l2 -> ../.. (above the root): l1/l2/outside/secret.
    symlink("a", j.top.join("sandbox/l1")).unwrap();
    symlink("../..", j.top.join("sandbox/a/l2")).unwrap();
    j.open_fails("l1/l2/outside/secret", NOTCAPABLE);
    // A chain that stays inside works.
    symlink("../inside", j.top.join("sandbox/a/l3")).unwrap();
    let fd =
        j.g.open(PREOPEN, FOLLOW, "l1/l3", 0, RIGHTS_READ, 0)
            .unwrap();
    assert_eq!(j.g.fd_read(fd, 16), Ok(b"inside".to_vec()));
    j.secret_untouched();
}

#[test]
fn symlinks_pointing_out_cannot_be_followed() {
    let mut j = Jail::new("esc-dangle");
    let link = |g: &mut Shim, target: &str, at: &str| {
        let (t, tl) = g.str(PATH2, target);
        let (p, l) = g.str(PATH, at);
        g.call("path_symlink", &[t, tl, PREOPEN as i64, p, l])
    };
    // Absolute targets are refused, and no link is placed outside.
    assert_eq!(link(&mut j.g, "/tmp/created", "evil"), NOTCAPABLE);
    assert_eq!(
        link(&mut j.g, "x", "../outside/evil"),
        NOTCAPABLE,
        "nor placed outside"
    );
    assert!(
        fs::symlink_metadata(j.top.join("sandbox/evil")).is_err(),
        "no link was made"
    );
    // A relative link may say anything, as in wasmtime: it is held to the
    // sandbox when followed, not when made.
    assert_eq!(link(&mut j.g, "../outside/created", "out1"), SUCCESS);
    assert_eq!(link(&mut j.g, "a/../../outside", "out2"), SUCCESS);
    assert_eq!(link(&mut j.g, "../../outside/secret", "a/out3"), SUCCESS);
    assert_eq!(link(&mut j.g, "../later", "a/ok"), SUCCESS);
    j.open_fails("out2/secret", NOTCAPABLE);
    for path in ["out1", "a/out3"] {
        assert_eq!(
            j.g.open(PREOPEN, FOLLOW, path, 0, RIGHTS_READ, 0),
            Err(NOTCAPABLE),
            "{path}"
        );
    }
    assert_eq!(
        j.g.open(PREOPEN, FOLLOW, "out1", O_CREAT, RIGHTS_RW, 0),
        Err(NOTCAPABLE)
    );
    assert_eq!(
        j.g.open(PREOPEN, FOLLOW, "out2/new", O_CREAT, RIGHTS_RW, 0),
        Err(NOTCAPABLE)
    );
    assert_eq!(
        j.g.open(PREOPEN, 0, "out1", O_CREAT, RIGHTS_RW, 0),
        Err(LOOP),
        "the link itself is not opened without FOLLOW"
    );
    // A dangling outward link planted by the host cannot be created through.
    symlink("../outside/created", j.top.join("sandbox/planted")).unwrap();
    assert_eq!(
        j.g.open(PREOPEN, FOLLOW, "planted", O_CREAT, RIGHTS_RW, 0),
        Err(NOTCAPABLE)
    );
    j.secret_untouched();
}

#[test]
fn rename_cannot_move_things_in_or_out() {
    let mut j = Jail::new("esc-rename");
    let rename = |g: &mut Shim, from: &str, to: &str| {
        let (p, l) = g.str(PATH, from);
        let (q, m) = g.str(PATH2, to);
        g.call("path_rename", &[PREOPEN as i64, p, l, PREOPEN as i64, q, m])
    };
    assert_eq!(rename(&mut j.g, "inside", "../outside/inside"), NOTCAPABLE);
    assert_eq!(rename(&mut j.g, "../outside/secret", "stolen"), NOTCAPABLE);
    assert_eq!(rename(&mut j.g, "inside", "/tmp/inside"), NOTCAPABLE);
    symlink("../outside", j.top.join("sandbox/out")).unwrap();
    assert_eq!(rename(&mut j.g, "inside", "out/inside"), NOTCAPABLE);
    assert_eq!(rename(&mut j.g, "out/secret", "stolen"), NOTCAPABLE);
    // Renaming the link itself is fine: it is an entry inside.
    assert_eq!(rename(&mut j.g, "out", "a/out"), SUCCESS);
    assert!(j.top.join("sandbox/inside").exists());
    assert!(!j.top.join("sandbox/stolen").exists());
    j.secret_untouched();
}

#[test]
fn every_path_call_is_confined() {
    let mut j = Jail::new("esc-all");
    for path in ["../outside/secret", "/etc/passwd", "a/../../outside/secret"] {
        assert_eq!(
            j.g.path_call("path_unlink_file", PREOPEN, path),
            NOTCAPABLE,
            "{path}"
        );
        assert_eq!(
            j.g.path_call("path_remove_directory", PREOPEN, "../outside"),
            NOTCAPABLE
        );
        assert_eq!(
            j.g.path_call("path_create_directory", PREOPEN, "../outside/d"),
            NOTCAPABLE
        );
        let (p, l) = j.g.str(PATH, path);
        assert_eq!(
            j.g.call("path_filestat_get", &[PREOPEN as i64, 0, p, l, BUF as i64]),
            NOTCAPABLE
        );
        assert_eq!(
            j.g.call(
                "path_filestat_set_times",
                &[PREOPEN as i64, 0, p, l, 0, 0, 2]
            ),
            NOTCAPABLE
        );
        assert_eq!(
            j.g.call(
                "path_readlink",
                &[PREOPEN as i64, p, l, BUF as i64, 64, OUT as i64]
            ),
            NOTCAPABLE
        );
    }
    assert_eq!(
        j.g.path_call("path_remove_directory", PREOPEN, ".."),
        NOTCAPABLE
    );
    j.secret_untouched();
    assert!(j.top.join("outside").is_dir());
}
