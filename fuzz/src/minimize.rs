//! Shrinking a failing input: remove ever smaller pieces, then zero bytes,
//! keeping each change that still fails the same way.

use crate::target::{Target, run_caught};
use std::time::{Duration, Instant};

/// Shrinks `input` while `fails` holds for the candidate, until nothing
/// more can go or `budget` is spent.
pub fn minimize(input: &[u8], budget: Duration, mut fails: impl FnMut(&[u8]) -> bool) -> Vec<u8> {
    let deadline = Instant::now() + budget;
    let mut best = input.to_vec();
    let mut chunk = best.len().div_ceil(2).max(1);
    loop {
        let mut progressed = false;
        let mut at = 0;
        while at < best.len() {
            if Instant::now() > deadline {
                return best;
            }
            let end = (at + chunk).min(best.len());
            let candidate: Vec<u8> = best[..at].iter().chain(&best[end..]).copied().collect();
            if fails(&candidate) {
                best = candidate;
                progressed = true;
            } else {
                at += chunk;
            }
        }
        if !progressed {
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    for i in 0..best.len() {
        if Instant::now() > deadline {
            break;
        }
        if best[i] != 0 {
            let mut candidate = best.clone();
            candidate[i] = 0;
            if fails(&candidate) {
                best = candidate;
            }
        }
    }
    best
}

/// Minimizes an input on which `target` fails (in this process) with a
/// finding or panic of kind `kind`.
pub fn same_finding(target: &Target, input: &[u8], kind: &str, budget: Duration) -> Vec<u8> {
    minimize(
        input,
        budget,
        |c| matches!(run_caught(target, c), Err(f) if f.kind == kind),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_what_the_failure_needs() {
        // Fails while the input holds a 7 followed, anywhere later, by a 9.
        let fails = |c: &[u8]| {
            c.iter()
                .position(|&b| b == 7)
                .is_some_and(|i| c[i..].contains(&9))
        };
        let input: Vec<u8> = (0..200u8).map(|i| i % 13).collect();
        assert!(fails(&input));
        let small = minimize(&input, Duration::from_secs(10), fails);
        assert_eq!(small, [7, 9]);
    }
}
