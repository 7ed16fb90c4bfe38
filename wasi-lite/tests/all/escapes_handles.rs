//! Capabilities held as handles: a directory fd keeps naming the directory
//! it was opened on, whatever the guest does to the names around it.
//!
//! Layout: `<tmp>/sandbox` is preopened (fd 3); `<tmp>/outside/secret`
//! sits next to it and must stay out of reach.

use crate::errno::*;
use crate::*;
use std::fs;
use std::os::unix::fs::symlink;
use wasi_lite::std_backend::WasiCtxBuilder;

fn layout(tag: &str) -> TempDir {
    let top = TempDir::new(tag);
    fs::create_dir_all(top.join("sandbox/x")).unwrap();
    fs::write(top.join("sandbox/x/own"), "own").unwrap();
    fs::create_dir(top.join("outside")).unwrap();
    fs::write(top.join("outside/secret"), "secret").unwrap();
    top
}

fn outside_untouched(top: &TempDir) {
    assert_eq!(fs::read(top.join("outside/secret")).unwrap(), b"secret");
    let mut names: Vec<_> = fs::read_dir(top.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["outside", "sandbox"], "nothing was created above");
    let names: Vec<_> = fs::read_dir(top.join("outside"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["secret"], "nothing was created outside");
}

fn symlink_call(g: &mut Shim, dir: u32, target: &str, at: &str) -> i32 {
    let (t, tl) = g.str(PATH2, target);
    let (p, l) = g.str(PATH, at);
    g.call("path_symlink", &[t, tl, dir as i64, p, l])
}

fn rename_call(g: &mut Shim, dir: u32, from: &str, to: &str) -> i32 {
    let (p, l) = g.str(PATH, from);
    let (q, m) = g.str(PATH2, to);
    g.call("path_rename", &[dir as i64, p, l, dir as i64, q, m])
}

fn link_call(g: &mut Shim, lookup: i64, from: &str, to: &str) -> i32 {
    let (p, l) = g.str(PATH, from);
    let (q, m) = g.str(PATH2, to);
    g.call(
        "path_link",
        &[PREOPEN as i64, lookup, p, l, PREOPEN as i64, q, m],
    )
}

/// Everything a guest can do through directory fd `fd` stays in the
/// directory it was opened on (now `sandbox/<now_at>`).
fn fd_stays_put(g: &mut Shim, top: &TempDir, fd: u32, now_at: &str) {
    for path in ["outside/secret", "../outside/secret", "secret"] {
        for lookup in [0, FOLLOW] {
            let got = g.open(fd, lookup, path, 0, RIGHTS_READ, 0);
            assert!(
                matches!(got, Err(NOENT) | Err(NOTCAPABLE)),
                "{path}: {got:?}"
            );
        }
    }
    let own = g.open(fd, 0, "own", 0, RIGHTS_READ, 0).unwrap();
    assert_eq!(g.fd_read(own, 16), Ok(b"own".to_vec()));
    let new = g.open(fd, 0, "new", O_CREAT, RIGHTS_RW, 0).unwrap();
    assert_eq!(g.fd_write(new, b"made"), (SUCCESS, 4));
    assert_eq!(
        fs::read(top.join(&format!("sandbox/{now_at}/new"))).unwrap(),
        b"made"
    );
    assert_eq!(g.path_call("path_create_directory", fd, "d"), SUCCESS);
    assert!(top.join(&format!("sandbox/{now_at}/d")).is_dir());
    let (p, l) = g.str(PATH, "secret");
    assert_eq!(
        g.call("path_filestat_get", &[fd as i64, FOLLOW, p, l, BUF as i64]),
        NOENT
    );
    // The listing is the directory's own.
    assert_eq!(
        g.call("fd_readdir", &[fd as i64, BUF as i64, 4096, 0, OUT as i64]),
        SUCCESS
    );
    let listing = g.read(BUF, g.u32(OUT));
    let has = |name: &[u8]| listing.windows(name.len()).any(|w| w == name);
    assert!(has(b"own"), "the fd lists its own directory");
    assert!(!has(b"outside") && !has(b"sandbox"), "and nothing above");
    outside_untouched(top);
}

#[test]
fn an_open_directory_swapped_for_a_link_chain() {
    // The guest opens `x`, moves it away and puts in its place a chain of
    // its own links that leads above the preopen: `s -> .`, `x -> s/..`.
    let top = layout("swap");
    let (ctx, _) = ctx_with_dir(&top.join("sandbox"));
    let mut g = Shim::new(ctx);
    let x = g
        .open(PREOPEN, 0, "x", O_DIRECTORY, RIGHTS_READ, 0)
        .unwrap();
    assert_eq!(rename_call(&mut g, PREOPEN, "x", "x2"), SUCCESS);
    assert_eq!(symlink_call(&mut g, PREOPEN, ".", "s"), SUCCESS);
    assert_eq!(symlink_call(&mut g, PREOPEN, "s/..", "x"), SUCCESS);
    fd_stays_put(&mut g, &top, x, "x2");
    // The chain itself leads nowhere from the preopen either.
    for lookup in [0, FOLLOW] {
        assert_eq!(
            g.open(PREOPEN, lookup, "x/outside/secret", 0, RIGHTS_READ, 0),
            Err(NOTCAPABLE)
        );
    }
    assert_eq!(
        g.path_call("path_create_directory", PREOPEN, "x/sandbox2"),
        NOTCAPABLE
    );
    outside_untouched(&top);
}

#[test]
fn an_open_directory_replaced_by_a_link_planted_by_the_host() {
    let top = layout("swap-host");
    let (ctx, _) = ctx_with_dir(&top.join("sandbox"));
    let mut g = Shim::new(ctx);
    let x = g
        .open(PREOPEN, 0, "x", O_DIRECTORY, RIGHTS_READ, 0)
        .unwrap();
    fs::rename(top.join("sandbox/x"), top.join("sandbox/x2")).unwrap();
    symlink(top.path(), top.join("sandbox/x")).unwrap();
    fd_stays_put(&mut g, &top, x, "x2");
}

#[test]
fn nested_preopens() {
    // `--dir sandbox --dir sandbox/x`: through the outer preopen the guest
    // replaces `x` by a link to `..`; the inner preopen must not follow.
    let top = layout("nested");
    let ctx = WasiCtxBuilder::new()
        .preopen_dir(top.join("sandbox"), "/sandbox")
        .preopen_dir(top.join("sandbox/x"), "/x")
        .build()
        .unwrap();
    let mut g = Shim::new(ctx);
    let inner = PREOPEN + 1;
    assert_eq!(rename_call(&mut g, PREOPEN, "x", "x2"), SUCCESS);
    assert_eq!(symlink_call(&mut g, PREOPEN, ".", "s"), SUCCESS);
    assert_eq!(symlink_call(&mut g, PREOPEN, "s/..", "x"), SUCCESS);
    fd_stays_put(&mut g, &top, inner, "x2");
}

#[test]
fn link_chains_are_confined_when_followed() {
    // Each link stays inside by its text; together they lead out.
    let top = layout("chain");
    let (ctx, _) = ctx_with_dir(&top.join("sandbox"));
    let mut g = Shim::new(ctx);
    assert_eq!(symlink_call(&mut g, PREOPEN, ".", "s"), SUCCESS);
    assert_eq!(
        symlink_call(&mut g, PREOPEN, "s/../outside/secret", "l"),
        SUCCESS
    );
    assert_eq!(symlink_call(&mut g, PREOPEN, "s/../outside", "d"), SUCCESS);
    assert_eq!(
        g.open(PREOPEN, FOLLOW, "l", 0, RIGHTS_READ, 0),
        Err(NOTCAPABLE)
    );
    assert_eq!(
        g.open(PREOPEN, FOLLOW, "l", O_TRUNC, RIGHTS_RW, 0),
        Err(NOTCAPABLE)
    );
    assert_eq!(
        g.open(PREOPEN, FOLLOW, "d", O_DIRECTORY, RIGHTS_READ, 0),
        Err(NOTCAPABLE)
    );
    assert_eq!(
        g.open(PREOPEN, 0, "d/new", O_CREAT, RIGHTS_RW, 0),
        Err(NOTCAPABLE)
    );
    let (p, l) = g.str(PATH, "l");
    assert_eq!(
        g.call(
            "path_filestat_get",
            &[PREOPEN as i64, FOLLOW, p, l, BUF as i64]
        ),
        NOTCAPABLE
    );
    assert_eq!(
        g.call(
            "path_filestat_set_times",
            &[PREOPEN as i64, FOLLOW, p, l, 0, 0, 2]
        ),
        NOTCAPABLE
    );
    assert_eq!(
        g.path_call("path_create_directory", PREOPEN, "d/x"),
        NOTCAPABLE
    );
    assert_eq!(
        g.path_call("path_unlink_file", PREOPEN, "d/secret"),
        NOTCAPABLE
    );
    assert_eq!(
        rename_call(&mut g, PREOPEN, "d/secret", "stolen"),
        NOTCAPABLE
    );
    assert_eq!(link_call(&mut g, 0, "d/secret", "stolen"), NOTCAPABLE);
    outside_untouched(&top);
}

#[test]
fn readlink_hides_absolute_targets() {
    let top = layout("readlink");
    symlink("/etc/passwd", top.join("sandbox/abs")).unwrap();
    symlink("x/own", top.join("sandbox/rel")).unwrap();
    let (ctx, _) = ctx_with_dir(&top.join("sandbox"));
    let mut g = Shim::new(ctx);
    g.write(BUF, &[0; 64]);
    let (p, l) = g.str(PATH, "abs");
    assert_eq!(
        g.call(
            "path_readlink",
            &[PREOPEN as i64, p, l, BUF as i64, 64, OUT as i64]
        ),
        NOTCAPABLE
    );
    assert_eq!(
        g.read(BUF, 64),
        [0; 64],
        "nothing of the target was written"
    );
    let (p, l) = g.str(PATH, "rel");
    assert_eq!(
        g.call(
            "path_readlink",
            &[PREOPEN as i64, p, l, BUF as i64, 64, OUT as i64]
        ),
        SUCCESS
    );
    assert_eq!(g.read(BUF, g.u32(OUT)), b"x/own");
}

#[test]
fn hard_links_stay_inside() {
    let top = layout("hardlink");
    fs::write(top.join("sandbox/inside"), "inside").unwrap();
    symlink("../outside", top.join("sandbox/out")).unwrap();
    let (ctx, _) = ctx_with_dir(&top.join("sandbox"));
    let mut g = Shim::new(ctx);
    // Inside to inside works: one file, two names.
    assert_eq!(link_call(&mut g, 0, "inside", "x/again"), SUCCESS);
    assert_eq!(fs::read(top.join("sandbox/x/again")).unwrap(), b"inside");
    let (p, l) = g.str(PATH, "inside");
    assert_eq!(
        g.call("path_filestat_get", &[PREOPEN as i64, 0, p, l, BUF as i64]),
        SUCCESS
    );
    assert_eq!(g.u64(BUF + 24), 2, "nlink");
    // Nothing outside can be linked in, nor anything linked out.
    for (from, to) in [
        ("../outside/secret", "stolen"),
        ("out/secret", "stolen"),
        ("inside", "../outside/planted"),
        ("inside", "out/planted"),
        ("inside", "/tmp/planted"),
    ] {
        assert_eq!(link_call(&mut g, 0, from, to), NOTCAPABLE, "{from} -> {to}");
    }
    // Following a link in the source is refused outright, as in wasmtime.
    assert_eq!(link_call(&mut g, FOLLOW, "inside", "again2"), INVAL);
    assert!(!top.join("sandbox/stolen").exists());
    outside_untouched(&top);
}
