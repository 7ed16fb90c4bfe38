//! The registry: every target, by the name of its file. Adding a target is
//! its file, with a `pub const TARGET: Target`, and its name in this list.

use crate::Target;

macro_rules! registry {
    ($($file:ident),* $(,)?) => {
        $(pub mod $file;)*

        /// Every target, in the order the runner runs them.
        pub const ALL: &[Target] = &[$($file::TARGET),*];
    };
}

registry! {
    validate,
    execute,
    differential,
    aot,
    resume,
    spec_stream,
    wasi,
    sign,
    image,
}

/// The target called `name`.
pub fn find(name: &str) -> Option<&'static Target> {
    ALL.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = super::ALL.iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), super::ALL.len());
    }
}
