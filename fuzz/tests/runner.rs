//! The seeded runner's `run` command: targets run `--jobs` at a time, and
//! a target's inputs do not depend on how many run at once.

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mote-fuzz"))
        .args(args)
        .output()
        .expect("the runner starts");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The summary's lines, each cut before its time: `name seeds A..=B N inputs`.
fn summary(stdout: &str) -> Vec<String> {
    let rest = stdout
        .split_once("mote-fuzz: summary\n")
        .expect("a summary")
        .1;
    rest.lines()
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let ok = words.last().copied().unwrap_or("");
            format!("{} {} {} {ok}", words[0], words[2], words[3])
        })
        .collect()
}

#[test]
fn jobs_run_targets_at_once_with_the_same_inputs() {
    let out = std::env::temp_dir().join(format!("mote-fuzz-runner-{}", std::process::id()));
    let out = out.to_str().expect("a UTF-8 temporary folder");
    let common = [
        "run",
        "validate",
        "spec-stream",
        "sign",
        "--count",
        "40",
        "--seed",
        "0x10",
        "--out",
        out,
    ];
    let (one, one_out) = run(&[&common[..], &["--jobs", "1"]].concat());
    let (three, three_out) = run(&[&common[..], &["--jobs", "3"]].concat());
    let _ = std::fs::remove_dir_all(out);
    assert_eq!(one, Some(0), "{one_out}");
    assert_eq!(three, Some(0), "{three_out}");
    assert!(one_out.contains(", 1 at a time"), "{one_out}");
    assert!(three_out.contains(", 3 at a time"), "{three_out}");
    let want = [
        "validate 0x0000000000000010..=0x0000000000000037 40 ok",
        "spec-stream 0x0000000000000010..=0x0000000000000037 40 ok",
        "sign 0x0000000000000010..=0x0000000000000037 40 ok",
    ];
    // Every target's line, in the order the targets were named.
    assert_eq!(summary(&one_out), want);
    assert_eq!(summary(&three_out), want);
}

#[test]
fn jobs_must_be_a_positive_number() {
    for bad in ["0", "-1", "two"] {
        let (code, _) = run(&["run", "validate", "--count", "1", "--jobs", bad]);
        assert_eq!(code, Some(2), "--jobs {bad}");
    }
}
