//! Confined path resolution: the capability check of the host backend.
//!
//! A guest path is walked one component at a time from a directory below a
//! preopen's canonical root, keeping the position as a list of real names
//! below that root (`rel`). `..` pops a name, and fails with `NotCapable`
//! when there is none to pop. Every symbolic link met is read and its
//! target spliced into the walk, so links are held to the same rule; an
//! absolute target is `NotCapable` at once. Nothing is string-prefix
//! checked: the walk cannot leave the root because `rel` only ever holds
//! names that exist below it.

use super::io_err;
use crate::traits::ErrorKind;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::vec::Vec;

/// Links followed in one resolution before giving up with `Loop`.
const MAX_LINKS: u32 = 40;

/// One name of a path. On hosts whose paths know other separators or
/// drive prefixes, names that would read as those are refused.
fn check_name(name: &OsStr) -> Result<(), ErrorKind> {
    if cfg!(unix) {
        return Ok(());
    }
    match name.to_str() {
        Some(s) if !s.contains(['\\', ':']) => Ok(()),
        _ => Err(ErrorKind::NotCapable),
    }
}

/// Splices a link's target in front of the components still to walk.
fn push_target(pending: &mut Vec<OsString>, target: &Path) -> Result<(), ErrorKind> {
    for c in target.components().rev() {
        pending.push(match c {
            Component::Prefix(_) | Component::RootDir => return Err(ErrorKind::NotCapable),
            Component::CurDir => OsString::from("."),
            Component::ParentDir => OsString::from(".."),
            Component::Normal(name) => name.to_os_string(),
        });
    }
    Ok(())
}

/// Resolves `path` from `base` (a path below `root`) to a path below
/// `root`. Links in every component but the last are followed; the last
/// one only with `follow_last`. The last component need not exist; the
/// others must be directories.
///
/// As in POSIX, a trailing `/` or `/.` makes the name before it a
/// directory that is followed.
pub(crate) fn resolve(
    root: &Path,
    base: &Path,
    path: &str,
    follow_last: bool,
) -> Result<PathBuf, ErrorKind> {
    let mut rel = base.to_path_buf();
    let mut host = root.join(base);
    // What is still to walk; the next component is at the end.
    let mut pending: Vec<OsString> = path.split('/').rev().map(OsString::from).collect();
    let mut links = 0;
    while let Some(c) = pending.pop() {
        let last = pending.is_empty();
        if c.is_empty() || c == "." {
            continue;
        }
        if c == ".." {
            if !rel.pop() {
                return Err(ErrorKind::NotCapable);
            }
            host.pop();
            continue;
        }
        check_name(&c)?;
        host.push(&c);
        if last && !follow_last {
            rel.push(&c);
            break;
        }
        match fs::symlink_metadata(&host) {
            Err(e) if last && e.kind() == io::ErrorKind::NotFound => rel.push(&c),
            Err(e) => return Err(io_err(e)),
            Ok(meta) if meta.file_type().is_symlink() => {
                links += 1;
                if links > MAX_LINKS {
                    return Err(ErrorKind::Loop);
                }
                let target = fs::read_link(&host).map_err(io_err)?;
                host.pop();
                push_target(&mut pending, &target)?;
            }
            Ok(meta) if !last && !meta.is_dir() => return Err(ErrorKind::NotADirectory),
            Ok(_) => rel.push(&c),
        }
    }
    Ok(rel)
}

/// Where a path that names an entry to create, remove or rename leads: the
/// resolved parent directory (which must exist) joined with the last name,
/// which is not followed. Also tells whether the path ended in `/`.
pub(crate) fn resolve_entry(
    root: &Path,
    base: &Path,
    path: &str,
) -> Result<(PathBuf, bool), ErrorKind> {
    let trimmed = path.trim_end_matches('/');
    let trailing_slash = trimmed.len() != path.len();
    let (parent, name) = match trimmed.rfind('/') {
        Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
        None => ("", trimmed),
    };
    let dir = resolve(
        root,
        base,
        if parent.is_empty() { "." } else { parent },
        true,
    )?;
    match name {
        "" | "." => return Err(ErrorKind::InvalidInput),
        ".." if dir.as_os_str().is_empty() => return Err(ErrorKind::NotCapable),
        ".." => return Err(ErrorKind::InvalidInput),
        _ => check_name(OsStr::new(name))?,
    }
    if !fs::metadata(root.join(&dir)).map_err(io_err)?.is_dir() {
        return Err(ErrorKind::NotADirectory);
    }
    Ok((dir.join(name), trailing_slash))
}

/// Whether a link at `link` (below the root) with contents `target` points
/// below the root, judged on the text: each `..` must have a name to cancel.
pub(crate) fn target_stays_inside(link: &Path, target: &str) -> Result<(), ErrorKind> {
    let mut depth = link.components().count().saturating_sub(1);
    for c in target.split('/') {
        match c {
            "" | "." => {}
            ".." => depth = depth.checked_sub(1).ok_or(ErrorKind::NotCapable)?,
            _ => depth += 1,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_are_judged_from_the_link() {
        assert_eq!(target_stays_inside(Path::new("l"), "a/b"), Ok(()));
        assert_eq!(
            target_stays_inside(Path::new("l"), ".."),
            Err(ErrorKind::NotCapable)
        );
        assert_eq!(target_stays_inside(Path::new("d/l"), "../x"), Ok(()));
        assert_eq!(
            target_stays_inside(Path::new("d/l"), "../../x"),
            Err(ErrorKind::NotCapable)
        );
        assert_eq!(
            target_stays_inside(Path::new("l"), "a/../../x"),
            Err(ErrorKind::NotCapable)
        );
        assert_eq!(target_stays_inside(Path::new("l"), "a/./../b"), Ok(()));
    }

    #[test]
    fn dot_dot_cannot_climb_above_the_root() {
        // Resolution of `..` is purely on `rel` and needs no file system.
        let root = Path::new("/nonexistent-root");
        assert_eq!(
            resolve(root, Path::new(""), "..", false),
            Err(ErrorKind::NotCapable)
        );
        assert_eq!(
            resolve(root, Path::new(""), "./..", true),
            Err(ErrorKind::NotCapable)
        );
        assert_eq!(
            resolve(root, Path::new("a"), "..", false).as_deref(),
            Ok(Path::new(""))
        );
        assert_eq!(
            resolve(root, Path::new("a"), "../..", false),
            Err(ErrorKind::NotCapable)
        );
    }
}
