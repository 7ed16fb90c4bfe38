//! The workloads and their expected output, from
//! `bench/workloads/checksums.txt` (written by `bench/build-workloads.sh`
//! from the native gcc build): two rows per workload, the default scale
//! first, then a hundredth of it.

use std::fmt;

/// One scale of one workload and the checksum it must print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub scale: u32,
    pub checksum: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workload {
    pub name: String,
    /// The default scale (about one second in `mote run`).
    pub full: Expected,
    /// A hundredth of it.
    pub small: Expected,
}

impl Workload {
    /// Whether it uses 128-bit SIMD: the `<name>_simd` builds
    /// (`bench/build-workloads.sh`), skipped on runtimes without SIMD.
    pub fn needs_simd(&self) -> bool {
        self.name.ends_with("_simd")
    }

    pub fn expected(&self, scale: Scale) -> &Expected {
        match scale {
            Scale::Full => &self.full,
            Scale::Small => &self.small,
        }
    }

    /// The exact stdout every runtime must produce at `scale`.
    pub fn expected_stdout(&self, scale: Scale) -> String {
        let expected = self.expected(scale);
        format!(
            "{} scale={}\nchecksum: {}\n",
            self.name, expected.scale, expected.checksum
        )
    }
}

/// Which of the two listed scales a run uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    Full,
    Small,
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scale::Full => "default scale, about 1 s each in mote",
            Scale::Small => "a hundredth of the default scale",
        })
    }
}

/// Parses checksums.txt: `#` comments, then `name scale checksum` rows,
/// two per workload in the order default, small.
pub fn parse_checksums(text: &str) -> Result<Vec<Workload>, String> {
    let mut rows: Vec<(String, Expected)> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [name, scale, checksum] = fields[..] else {
            return Err(format!(
                "line {}: expected `name scale checksum`",
                number + 1
            ));
        };
        let scale = scale
            .parse()
            .map_err(|_| format!("line {}: bad scale {scale:?}", number + 1))?;
        rows.push((
            name.to_string(),
            Expected {
                scale,
                checksum: checksum.to_string(),
            },
        ));
    }
    let mut workloads: Vec<Workload> = Vec::new();
    let mut rows = rows.into_iter();
    while let Some((name, full)) = rows.next() {
        match rows.next() {
            Some((small_name, small)) if small_name == name => {
                workloads.push(Workload { name, full, small });
            }
            _ => return Err(format!("{name}: expected a second (small-scale) row")),
        }
    }
    if workloads.is_empty() {
        return Err("no workloads listed".to_string());
    }
    Ok(workloads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pairs_of_rows() {
        let text = "# comment\n# name scale checksum\nfib 800 0x9dad834d\nfib 8 0xc862c23b\n";
        let workloads = parse_checksums(text).unwrap();
        assert_eq!(workloads.len(), 1);
        assert_eq!(
            workloads[0].full,
            Expected {
                scale: 800,
                checksum: "0x9dad834d".into()
            }
        );
        assert_eq!(workloads[0].small.scale, 8);
        assert_eq!(
            workloads[0].expected_stdout(Scale::Small),
            "fib scale=8\nchecksum: 0xc862c23b\n"
        );
    }

    #[test]
    fn simd_builds_are_named_so() {
        let text = "blur 30 0x1\nblur 3 0x2\nblur_simd 30 0x1\nblur_simd 3 0x2\n";
        let workloads = parse_checksums(text).unwrap();
        let simd: Vec<bool> = workloads.iter().map(Workload::needs_simd).collect();
        assert_eq!(simd, [false, true]);
    }

    #[test]
    fn rejects_an_unpaired_row() {
        assert!(parse_checksums("fib 800 0x1\nsort 2 0x2\n").is_err());
        assert!(parse_checksums("fib 800\n").is_err());
        assert!(parse_checksums("# nothing\n").is_err());
    }
}
