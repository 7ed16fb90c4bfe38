//! Files and directories under a preopened temp dir.

use crate::errno::*;
use crate::*;
use std::fs;

fn setup(tag: &str) -> (TempDir, Shim) {
    let dir = TempDir::new(tag);
    let (ctx, _) = ctx_with_dir(dir.path());
    (dir, Shim::new(ctx))
}

#[test]
fn preopens_are_announced() {
    let dir = TempDir::new("prestat");
    let other = TempDir::new("prestat2");
    let ctx = wasi_lite::std_backend::WasiCtxBuilder::new()
        .preopen_dir(dir.path(), "/sandbox")
        .preopen_dir(other.path(), ".")
        .build()
        .unwrap();
    let mut g = Shim::new(ctx);
    assert_eq!(g.call("fd_prestat_get", &[3, OUT as i64]), SUCCESS);
    assert_eq!(g.read(OUT, 1)[0], 0, "a directory");
    assert_eq!(g.u32(OUT + 4), 8);
    assert_eq!(g.call("fd_prestat_dir_name", &[3, BUF as i64, 8]), SUCCESS);
    assert_eq!(g.read(BUF, 8), b"/sandbox");
    assert_eq!(
        g.call("fd_prestat_dir_name", &[3, BUF as i64, 3]),
        37,
        "ENAMETOOLONG"
    );
    assert_eq!(g.call("fd_prestat_get", &[4, OUT as i64]), SUCCESS);
    assert_eq!(g.u32(OUT + 4), 1);
    // The scan of a guest libc stops at the first EBADF.
    assert_eq!(g.call("fd_prestat_get", &[5, OUT as i64]), BADF);
    assert_eq!(g.call("fd_prestat_get", &[1, OUT as i64]), BADF);
    assert_eq!(g.call("fd_fdstat_get", &[3, BUF as i64]), SUCCESS);
    assert_eq!(g.read(BUF, 1)[0], 3, "directory");
}

#[test]
fn missing_preopen_fails_at_build() {
    let dir = TempDir::new("missing");
    let err = wasi_lite::std_backend::WasiCtxBuilder::new()
        .preopen_dir(dir.join("nope"), "/x")
        .build();
    assert!(matches!(
        err,
        Err(wasi_lite::std_backend::BuildError::Preopen { .. })
    ));
}

#[test]
fn create_write_seek_read() {
    let (dir, mut g) = setup("rw");
    let fd = g
        .open(PREOPEN, 0, "hello.txt", O_CREAT, RIGHTS_RW, 0)
        .expect("create");
    assert!(fd > PREOPEN);
    assert_eq!(g.fd_write(fd, b"hello, file"), (SUCCESS, 11));
    assert_eq!(fs::read(dir.join("hello.txt")).unwrap(), b"hello, file");

    assert_eq!(g.call("fd_tell", &[fd as i64, OUT as i64]), SUCCESS);
    assert_eq!(g.u64(OUT), 11);
    assert_eq!(g.call("fd_seek", &[fd as i64, 7, 0, OUT as i64]), SUCCESS);
    assert_eq!(g.u64(OUT), 7);
    assert_eq!(g.fd_read(fd, 100), Ok(b"file".to_vec()));
    assert_eq!(g.fd_read(fd, 100), Ok(vec![]), "end of file");
    assert_eq!(
        g.call("fd_seek", &[fd as i64, -4, 2, OUT as i64]),
        SUCCESS,
        "from the end"
    );
    assert_eq!(g.u64(OUT), 7);
    assert_eq!(
        g.call("fd_seek", &[fd as i64, -2, 1, OUT as i64]),
        SUCCESS,
        "from here"
    );
    assert_eq!(g.u64(OUT), 5);
    assert_eq!(g.call("fd_seek", &[fd as i64, -1, 0, OUT as i64]), INVAL);
    assert_eq!(g.call("fd_seek", &[fd as i64, 0, 3, OUT as i64]), INVAL);

    // Positioned I/O leaves the position alone.
    g.write(BUF, b"HELLO");
    g.iovec(IOV, BUF, 5);
    assert_eq!(
        g.call("fd_pwrite", &[fd as i64, IOV as i64, 1, 0, OUT as i64]),
        SUCCESS
    );
    assert_eq!(g.u32(OUT), 5);
    g.iovec(IOV, BUF + 100, 4);
    assert_eq!(
        g.call("fd_pread", &[fd as i64, IOV as i64, 1, 7, OUT as i64]),
        SUCCESS
    );
    assert_eq!(g.read(BUF + 100, g.u32(OUT)), b"file");
    assert_eq!(g.call("fd_tell", &[fd as i64, OUT as i64]), SUCCESS);
    assert_eq!(g.u64(OUT), 5);
    assert_eq!(fs::read(dir.join("hello.txt")).unwrap(), b"HELLO, file");

    // Sizes.
    assert_eq!(g.call("fd_filestat_get", &[fd as i64, BUF as i64]), SUCCESS);
    assert_eq!(g.read(BUF + 16, 1)[0], 4, "regular file");
    assert_eq!(g.u64(BUF + 32), 11);
    assert_eq!(g.call("fd_filestat_set_size", &[fd as i64, 5]), SUCCESS);
    assert_eq!(g.call("fd_allocate", &[fd as i64, 0, 100]), SUCCESS);
    assert_eq!(fs::metadata(dir.join("hello.txt")).unwrap().len(), 100);
    assert_eq!(g.call("fd_advise", &[fd as i64, 0, 10, 1]), SUCCESS);
    assert_eq!(g.call("fd_advise", &[fd as i64, 0, 10, 6]), INVAL);
    assert_eq!(g.call("fd_sync", &[fd as i64]), SUCCESS);
    assert_eq!(g.call("fd_datasync", &[fd as i64]), SUCCESS);

    assert_eq!(g.call("fd_close", &[fd as i64]), SUCCESS);
    assert_eq!(g.call("fd_close", &[fd as i64]), BADF);
    assert_eq!(g.fd_read(fd, 1), Err(BADF));
}

#[test]
fn read_only_and_write_only_are_enforced() {
    let (dir, mut g) = setup("modes");
    fs::write(dir.join("f"), "data").unwrap();
    let ro = g.open(PREOPEN, 0, "f", 0, RIGHTS_READ, 0).unwrap();
    assert_eq!(g.fd_write(ro, b"x").0, BADF);
    assert_eq!(g.call("fd_filestat_set_size", &[ro as i64, 0]), BADF);
    assert_eq!(g.fd_read(ro, 10), Ok(b"data".to_vec()));
    let wo = g.open(PREOPEN, 0, "f", 0, 1 << 6, 0).unwrap();
    assert_eq!(g.fd_read(wo, 10), Err(BADF));
    assert_eq!(g.fd_write(wo, b"D"), (SUCCESS, 1));
    assert_eq!(fs::read(dir.join("f")).unwrap(), b"Data");
    // fdstat shows the rights that follow from the mode.
    assert_eq!(g.call("fd_fdstat_get", &[ro as i64, BUF as i64]), SUCCESS);
    let rights = g.u64(BUF + 8);
    assert_eq!((rights & 1 << 1 != 0, rights & 1 << 6 != 0), (true, false));
}

#[test]
fn append_and_truncate() {
    let (dir, mut g) = setup("append");
    fs::write(dir.join("log"), "one\n").unwrap();
    let fd = g.open(PREOPEN, 0, "log", 0, RIGHTS_RW, 1).unwrap();
    assert_eq!(g.fd_write(fd, b"two\n"), (SUCCESS, 4));
    assert_eq!(g.call("fd_seek", &[fd as i64, 0, 0, OUT as i64]), SUCCESS);
    assert_eq!(g.fd_write(fd, b"three\n"), (SUCCESS, 6));
    assert_eq!(
        fs::read_to_string(dir.join("log")).unwrap(),
        "one\ntwo\nthree\n"
    );
    assert_eq!(g.call("fd_fdstat_get", &[fd as i64, BUF as i64]), SUCCESS);
    assert_eq!(g.read(BUF + 2, 2), [1, 0], "APPEND is reported");
    // Turning append off writes at the position again.
    assert_eq!(g.call("fd_fdstat_set_flags", &[fd as i64, 0]), SUCCESS);
    assert_eq!(g.call("fd_seek", &[fd as i64, 0, 0, OUT as i64]), SUCCESS);
    assert_eq!(g.fd_write(fd, b"ONE"), (SUCCESS, 3));
    assert_eq!(
        fs::read_to_string(dir.join("log")).unwrap(),
        "ONE\ntwo\nthree\n"
    );
    assert_eq!(
        g.call("fd_fdstat_set_flags", &[fd as i64, 16]),
        58,
        "SYNC is ENOTSUP"
    );

    let t = g.open(PREOPEN, 0, "log", O_TRUNC, RIGHTS_RW, 0).unwrap();
    assert_eq!(fs::read(dir.join("log")).unwrap(), b"");
    assert_eq!(g.call("fd_close", &[t as i64]), SUCCESS);
}

#[test]
fn open_errors() {
    let (dir, mut g) = setup("openerr");
    fs::write(dir.join("file"), "x").unwrap();
    fs::create_dir(dir.join("sub")).unwrap();
    assert_eq!(g.open(PREOPEN, 0, "missing", 0, RIGHTS_READ, 0), Err(NOENT));
    assert_eq!(
        g.open(PREOPEN, 0, "file", O_CREAT | O_EXCL, RIGHTS_RW, 0),
        Err(EXIST)
    );
    assert_eq!(
        g.open(PREOPEN, 0, "file", O_DIRECTORY, RIGHTS_READ, 0),
        Err(NOTDIR)
    );
    assert_eq!(g.open(PREOPEN, 0, "sub", 0, RIGHTS_RW, 0), Err(ISDIR));
    assert_eq!(g.open(PREOPEN, 0, "file/x", 0, RIGHTS_READ, 0), Err(NOTDIR));
    assert_eq!(
        g.open(PREOPEN, 0, "missing/x", O_CREAT, RIGHTS_RW, 0),
        Err(NOENT)
    );
    assert_eq!(g.open(PREOPEN, 0, "", 0, RIGHTS_READ, 0), Err(NOENT));
    assert_eq!(
        g.open(PREOPEN, 0, "file", 0x100, RIGHTS_READ, 0),
        Err(INVAL),
        "unknown oflags"
    );
    // Path calls on something that is not a directory.
    let f = g.open(PREOPEN, 0, "file", 0, RIGHTS_READ, 0).unwrap();
    assert_eq!(g.open(f, 0, "x", 0, RIGHTS_READ, 0), Err(NOTDIR));
    assert_eq!(g.open(1, 0, "x", 0, RIGHTS_READ, 0), Err(NOTDIR));
    assert_eq!(g.open(99, 0, "x", 0, RIGHTS_READ, 0), Err(BADF));
    // Reading a directory fd.
    assert_eq!(g.fd_read(PREOPEN, 4), Err(ISDIR));
}

#[test]
fn directories_open_and_nest() {
    let (dir, mut g) = setup("nest");
    assert_eq!(g.path_call("path_create_directory", PREOPEN, "a"), SUCCESS);
    assert_eq!(
        g.path_call("path_create_directory", PREOPEN, "a/b/"),
        SUCCESS,
        "a trailing slash is fine"
    );
    assert_eq!(g.path_call("path_create_directory", PREOPEN, "a"), EXIST);
    assert!(dir.join("a/b").is_dir());
    let a = g
        .open(PREOPEN, 0, "a", O_DIRECTORY, RIGHTS_READ, 0)
        .unwrap();
    let f = g.open(a, 0, "b/../f.txt", O_CREAT, RIGHTS_RW, 0).unwrap();
    assert_eq!(g.fd_write(f, b"nested"), (SUCCESS, 6));
    assert_eq!(fs::read(dir.join("a/f.txt")).unwrap(), b"nested");
    // `..` may not climb above a directory fd, even into the preopen.
    assert_eq!(
        g.open(a, 0, "../a/f.txt", 0, RIGHTS_READ, 0),
        Err(NOTCAPABLE)
    );
    let g2 = g.open(a, 0, "f.txt", 0, RIGHTS_READ, 0).unwrap();
    assert_eq!(g.fd_read(g2, 16), Ok(b"nested".to_vec()));
    // Opened directories are not preopens.
    assert_eq!(g.call("fd_prestat_get", &[a as i64, OUT as i64]), BADF);
    assert_eq!(
        g.call("fd_sync", &[a as i64]),
        58,
        "ENOTSUP for directories"
    );
}

/// `fd_readdir` of the preopen into a `len`-byte buffer from `cookie`:
/// the bytes used and the buffer's contents.
fn readdir(g: &mut Shim, len: u32, cookie: i64) -> (u32, Vec<u8>) {
    assert_eq!(
        g.call(
            "fd_readdir",
            &[PREOPEN as i64, BUF as i64, len as i64, cookie, OUT as i64]
        ),
        SUCCESS
    );
    let used = g.u32(OUT);
    (used, g.read(BUF, used))
}

/// The whole `(name, type, next cookie)` entries of a readdir buffer.
fn dirents(bytes: &[u8]) -> Vec<(String, u8, u64)> {
    let mut names = Vec::new();
    let mut at = 0;
    while at + 24 <= bytes.len() {
        let next = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        let len = u32::from_le_bytes(bytes[at + 16..at + 20].try_into().unwrap()) as usize;
        let kind = bytes[at + 20];
        let Some(name) = bytes.get(at + 24..at + 24 + len) else {
            break;
        };
        names.push((String::from_utf8(name.to_vec()).unwrap(), kind, next));
        at += 24 + len;
    }
    names
}

#[test]
fn readdir_continues_the_listing_it_started() {
    // A listing is read once at cookie 0 and continued from its cookies:
    // names created or removed meanwhile shift nothing, so a guest that
    // lists in small pieces sees each entry once (and a huge directory is
    // not read again for every piece).
    let (dir, mut g) = setup("readdir-stable");
    for name in ["b", "d", "f"] {
        fs::write(dir.join(name), "").unwrap();
    }
    let mut seen = Vec::new();
    let mut cookie = 0;
    loop {
        // Room for one entry with a name of one or two bytes at a time.
        let (_, bytes) = readdir(&mut g, 26, cookie);
        let Some((name, _, next)) = dirents(&bytes).pop() else {
            break;
        };
        if name == "b" && !dir.join("a").exists() {
            fs::write(dir.join("a"), "").unwrap();
            fs::remove_file(dir.join("f")).unwrap();
        }
        seen.push(name);
        cookie = next as i64;
    }
    assert_eq!(seen, [".", "..", "b", "d", "f"]);
    // A new listing sees the directory as it is now.
    let names: Vec<String> = dirents(&readdir(&mut g, 4096, 0).1)
        .into_iter()
        .map(|(n, _, _)| n)
        .collect();
    assert_eq!(names, [".", "..", "a", "b", "d"]);
}

#[test]
fn readdir_lists_entries() {
    let (dir, mut g) = setup("readdir");
    fs::write(dir.join("beta"), "").unwrap();
    fs::write(dir.join("alpha"), "").unwrap();
    fs::create_dir(dir.join("gamma")).unwrap();

    let list = readdir;
    let parse = dirents;
    let (used, bytes) = list(&mut g, 4096, 0);
    assert!(used < 4096);
    let names = parse(&bytes);
    let plain: Vec<(&str, u8)> = names.iter().map(|(n, k, _)| (n.as_str(), *k)).collect();
    assert_eq!(
        plain,
        [(".", 3), ("..", 3), ("alpha", 4), ("beta", 4), ("gamma", 3)]
    );

    // Continue from a cookie.
    let cookie = names[2].2 as i64;
    let (_, bytes) = list(&mut g, 4096, cookie);
    let rest: Vec<String> = parse(&bytes).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(rest, ["beta", "gamma"]);

    // A small buffer is filled to the brim (the last entry cut short).
    let (used, _) = list(&mut g, 30, 0);
    assert_eq!(used, 30);
    assert_eq!(
        g.call("fd_readdir", &[1, BUF as i64, 100, 0, OUT as i64]),
        NOTDIR
    );
}

#[test]
fn remove_rename_stat() {
    let (dir, mut g) = setup("mutate");
    fs::write(dir.join("f"), "12345").unwrap();
    fs::create_dir(dir.join("d")).unwrap();
    fs::write(dir.join("d/inner"), "").unwrap();

    let (p, l) = g.str(PATH, "f");
    assert_eq!(
        g.call("path_filestat_get", &[PREOPEN as i64, 0, p, l, BUF as i64]),
        SUCCESS
    );
    assert_eq!(g.read(BUF + 16, 1)[0], 4);
    assert_eq!(g.u64(BUF + 32), 5);

    assert_eq!(g.path_call("path_remove_directory", PREOPEN, "d"), NOTEMPTY);
    assert_eq!(g.path_call("path_unlink_file", PREOPEN, "d"), ISDIR);
    assert_eq!(g.path_call("path_remove_directory", PREOPEN, "f"), NOTDIR);
    assert_eq!(g.path_call("path_unlink_file", PREOPEN, "d/inner"), SUCCESS);
    assert_eq!(g.path_call("path_remove_directory", PREOPEN, "d"), SUCCESS);
    assert!(!dir.join("d").exists());
    assert_eq!(g.path_call("path_unlink_file", PREOPEN, "nope"), NOENT);
    assert_eq!(
        g.path_call("path_remove_directory", PREOPEN, "."),
        INVAL,
        "never the root itself"
    );

    let (p, l) = g.str(PATH, "f");
    let (q, m) = g.str(PATH2, "g");
    assert_eq!(
        g.call("path_rename", &[PREOPEN as i64, p, l, PREOPEN as i64, q, m]),
        SUCCESS
    );
    assert!(!dir.join("f").exists());
    assert_eq!(fs::read(dir.join("g")).unwrap(), b"12345");

    // Times.
    let (p, l) = g.str(PATH, "g");
    let mtime: u64 = 1_000_000_000_000_000_000; // 2001-09-09
    assert_eq!(
        g.call(
            "path_filestat_set_times",
            &[PREOPEN as i64, 1, p, l, 0, mtime as i64, 4]
        ),
        SUCCESS
    );
    let modified = fs::metadata(dir.join("g")).unwrap().modified().unwrap();
    assert_eq!(
        modified
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
        mtime
    );
    assert_eq!(
        g.call(
            "path_filestat_set_times",
            &[PREOPEN as i64, 1, p, l, 0, 0, 4 | 8]
        ),
        INVAL
    );
}

#[test]
#[cfg(unix)]
fn symlinks_inside_the_preopen() {
    let (dir, mut g) = setup("links");
    fs::create_dir(dir.join("d")).unwrap();
    fs::write(dir.join("d/target"), "through the link").unwrap();

    let (t, tl) = g.str(PATH2, "d/target");
    let (p, l) = g.str(PATH, "link");
    assert_eq!(
        g.call("path_symlink", &[t, tl, PREOPEN as i64, p, l]),
        SUCCESS
    );
    let fd = g.open(PREOPEN, FOLLOW, "link", 0, RIGHTS_READ, 0).unwrap();
    assert_eq!(g.fd_read(fd, 64), Ok(b"through the link".to_vec()));
    // Without FOLLOW the last component may not be a link.
    assert_eq!(g.open(PREOPEN, 0, "link", 0, RIGHTS_READ, 0), Err(LOOP));

    let (p, l) = g.str(PATH, "link");
    assert_eq!(
        g.call(
            "path_readlink",
            &[PREOPEN as i64, p, l, BUF as i64, 64, OUT as i64]
        ),
        SUCCESS
    );
    assert_eq!(g.read(BUF, g.u32(OUT)), b"d/target");
    assert_eq!(
        g.call(
            "path_readlink",
            &[PREOPEN as i64, p, l, BUF as i64, 3, OUT as i64]
        ),
        SUCCESS
    );
    assert_eq!(g.u32(OUT), 3, "truncated to the buffer");
    let (p, l) = g.str(PATH, "d/target");
    assert_eq!(
        g.call(
            "path_readlink",
            &[PREOPEN as i64, p, l, BUF as i64, 64, OUT as i64]
        ),
        INVAL
    );

    // Stat follows or not as asked.
    let (p, l) = g.str(PATH, "link");
    assert_eq!(
        g.call("path_filestat_get", &[PREOPEN as i64, 0, p, l, BUF as i64]),
        SUCCESS
    );
    assert_eq!(g.read(BUF + 16, 1)[0], 7, "symbolic link");
    assert_eq!(
        g.call(
            "path_filestat_get",
            &[PREOPEN as i64, FOLLOW, p, l, BUF as i64]
        ),
        SUCCESS
    );
    assert_eq!(g.read(BUF + 16, 1)[0], 4, "regular file");

    // A link to a directory is followed in the middle of a path, and `..`
    // after it is taken from where the link leads (like the kernel does).
    fs::create_dir(dir.join("d/e")).unwrap();
    std::os::unix::fs::symlink("d/e", dir.join("to_e")).unwrap();
    let fd = g
        .open(PREOPEN, 0, "to_e/../target", 0, RIGHTS_READ, 0)
        .unwrap();
    assert_eq!(g.fd_read(fd, 64), Ok(b"through the link".to_vec()));

    // Unlinking a link removes the link, not its target.
    assert_eq!(g.path_call("path_unlink_file", PREOPEN, "link"), SUCCESS);
    assert!(dir.join("d/target").exists());

    // Link loops end.
    std::os::unix::fs::symlink("loop2", dir.join("loop1")).unwrap();
    std::os::unix::fs::symlink("loop1", dir.join("loop2")).unwrap();
    assert_eq!(
        g.open(PREOPEN, FOLLOW, "loop1", 0, RIGHTS_READ, 0),
        Err(LOOP)
    );
}

#[test]
fn renumber_moves_and_closes() {
    let (dir, mut g) = setup("renumber");
    fs::write(dir.join("a"), "A").unwrap();
    fs::write(dir.join("b"), "B").unwrap();
    let a = g.open(PREOPEN, 0, "a", 0, RIGHTS_READ, 0).unwrap();
    let b = g.open(PREOPEN, 0, "b", 0, RIGHTS_READ, 0).unwrap();
    assert_eq!(g.call("fd_renumber", &[a as i64, b as i64]), SUCCESS);
    assert_eq!(g.fd_read(b, 4), Ok(b"A".to_vec()));
    assert_eq!(g.fd_read(a, 4), Err(BADF));
    assert_eq!(
        g.call("fd_renumber", &[b as i64, 50]),
        BADF,
        "the target must be open"
    );
    assert_eq!(g.call("fd_renumber", &[50, b as i64]), BADF);
    // The lowest free fd is reused.
    let c = g.open(PREOPEN, 0, "b", 0, RIGHTS_READ, 0).unwrap();
    assert_eq!(c, a);
}

#[test]
fn fd_table_grows_until_the_host_says_emfile() {
    // The table grows on the heap (it once stopped at 128 fds); what ends
    // it is the host's limit on open files, reported as `EMFILE`.
    let (dir, mut g) = setup("emfile");
    fs::write(dir.join("f"), "").unwrap();
    let mut opened = 0;
    let err = loop {
        match g.open(PREOPEN, 0, "f", 0, RIGHTS_READ, 0) {
            Ok(_) => opened += 1,
            Err(e) => break e,
        }
    };
    assert_eq!(err, 33, "EMFILE");
    assert!(opened >= 500, "only {opened} fds");
    assert!(opened <= wasi_lite::std_backend::STD_MAX_FDS - 4);
}
