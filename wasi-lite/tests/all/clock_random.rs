//! Clocks, `poll_oneoff` and `random_get`.

use crate::errno::*;
use crate::{BUF, OUT, Shim};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use wasi_lite::std_backend::{InputStream, WasiCtxBuilder};

const REALTIME: i64 = 0;
const MONOTONIC: i64 = 1;

fn shim() -> Shim {
    Shim::new(WasiCtxBuilder::new().build().unwrap())
}

fn time(g: &mut Shim, clock: i64) -> u64 {
    assert_eq!(g.call("clock_time_get", &[clock, 1, OUT as i64]), SUCCESS);
    g.u64(OUT)
}

#[test]
fn monotonic_clock_increases() {
    let mut g = shim();
    let a = time(&mut g, MONOTONIC);
    std::thread::sleep(Duration::from_millis(5));
    let b = time(&mut g, MONOTONIC);
    assert!(b >= a + 5_000_000, "{a} then {b}");
}

#[test]
fn realtime_clock_is_wall_time() {
    let mut g = shim();
    let host = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let guest = time(&mut g, REALTIME);
    assert!(
        guest.abs_diff(host) < 5_000_000_000,
        "host {host}, guest {guest}"
    );
}

#[test]
fn resolution_and_bad_clocks() {
    let mut g = shim();
    assert_eq!(g.call("clock_res_get", &[MONOTONIC, OUT as i64]), SUCCESS);
    assert!(g.u64(OUT) >= 1);
    assert_eq!(g.call("clock_time_get", &[7, 1, OUT as i64]), INVAL);
    assert_eq!(g.call("clock_res_get", &[-1, OUT as i64]), INVAL);
}

#[test]
fn random_get_fills_bytes() {
    let mut g = shim();
    assert_eq!(g.call("random_get", &[BUF as i64, 64]), SUCCESS);
    let a = g.read(BUF, 64);
    assert_eq!(g.call("random_get", &[BUF as i64, 64]), SUCCESS);
    let b = g.read(BUF, 64);
    assert_ne!(a, vec![0; 64]);
    assert_ne!(a, b, "two draws of 512 bits differ");
    // Only the asked-for bytes are written.
    g.write(BUF + 100, &[0xAA; 8]);
    assert_eq!(g.call("random_get", &[BUF as i64 + 100, 4]), SUCCESS);
    assert_eq!(g.read(BUF + 104, 4), [0xAA; 4]);
    assert_eq!(g.call("random_get", &[BUF as i64, 0]), SUCCESS);
}

/// Writes a subscription record at `at`.
fn subscription(g: &mut Shim, at: u32, userdata: u64, tag: u8, body: &[u8]) {
    let mut rec = [0u8; 48];
    rec[0..8].copy_from_slice(&userdata.to_le_bytes());
    rec[8] = tag;
    rec[16..16 + body.len()].copy_from_slice(body);
    g.write(at, &rec);
}

fn clock_body(clock: u32, timeout: u64, flags: u16) -> Vec<u8> {
    let mut b = vec![0u8; 26];
    b[0..4].copy_from_slice(&clock.to_le_bytes());
    b[8..16].copy_from_slice(&timeout.to_le_bytes());
    b[24..26].copy_from_slice(&flags.to_le_bytes());
    b
}

const SUBS: u32 = 8192;
const EVENTS: u32 = 12288;

#[test]
fn poll_sleeps_for_a_relative_clock() {
    let mut g = shim();
    subscription(&mut g, SUBS, 0xfeed, 0, &clock_body(1, 20_000_000, 0));
    let start = Instant::now();
    assert_eq!(
        g.call("poll_oneoff", &[SUBS as i64, EVENTS as i64, 1, OUT as i64]),
        SUCCESS
    );
    assert!(start.elapsed() >= Duration::from_millis(20));
    assert_eq!(g.u32(OUT), 1);
    assert_eq!(g.u64(EVENTS), 0xfeed);
    assert_eq!(g.read(EVENTS + 8, 3), [0, 0, 0], "no error, clock event");
}

#[test]
fn poll_absolute_deadline_in_the_past_returns_at_once() {
    let mut g = shim();
    let now = time(&mut g, MONOTONIC);
    subscription(&mut g, SUBS, 1, 0, &clock_body(1, now, 1));
    subscription(&mut g, SUBS + 48, 2, 0, &clock_body(1, 60_000_000_000, 0));
    let start = Instant::now();
    assert_eq!(
        g.call("poll_oneoff", &[SUBS as i64, EVENTS as i64, 2, OUT as i64]),
        SUCCESS
    );
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(g.u32(OUT), 1, "only the expired one");
    assert_eq!(g.u64(EVENTS), 1);
}

#[test]
fn poll_reports_stdin_readiness() {
    let ctx = WasiCtxBuilder::new()
        .stdin(InputStream::bytes("12345"))
        .build()
        .unwrap();
    let mut g = Shim::new(ctx);
    // fd_read on stdin, and a long clock that must not fire.
    subscription(&mut g, SUBS, 7, 1, &0u32.to_le_bytes());
    subscription(&mut g, SUBS + 48, 8, 0, &clock_body(1, 60_000_000_000, 0));
    assert_eq!(
        g.call("poll_oneoff", &[SUBS as i64, EVENTS as i64, 2, OUT as i64]),
        SUCCESS
    );
    assert_eq!(g.u32(OUT), 1);
    assert_eq!(g.u64(EVENTS), 7);
    assert_eq!(g.read(EVENTS + 10, 1)[0], 1, "fd_read event");
    assert_eq!(g.u64(EVENTS + 16), 5, "five bytes ready");
    // After reading everything, stdin reports end of input (hang-up).
    assert_eq!(g.fd_read(0, 16), Ok(b"12345".to_vec()));
    assert_eq!(
        g.call("poll_oneoff", &[SUBS as i64, EVENTS as i64, 1, OUT as i64]),
        SUCCESS
    );
    assert_eq!(
        u16::from_le_bytes(g.read(EVENTS + 24, 2).try_into().unwrap()),
        1,
        "hangup"
    );
}

#[test]
fn poll_errors() {
    let mut g = shim();
    assert_eq!(
        g.call("poll_oneoff", &[SUBS as i64, EVENTS as i64, 0, OUT as i64]),
        INVAL
    );
    // Unknown event type.
    subscription(&mut g, SUBS, 0, 9, &[]);
    assert_eq!(
        g.call("poll_oneoff", &[SUBS as i64, EVENTS as i64, 1, OUT as i64]),
        INVAL
    );
    // A closed fd is reported in the event, not as the call's errno.
    subscription(&mut g, SUBS, 5, 1, &77u32.to_le_bytes());
    assert_eq!(
        g.call("poll_oneoff", &[SUBS as i64, EVENTS as i64, 1, OUT as i64]),
        SUCCESS
    );
    assert_eq!(
        u16::from_le_bytes(g.read(EVENTS + 8, 2).try_into().unwrap()),
        BADF as u16
    );
    // Writing stdout is always ready.
    subscription(&mut g, SUBS, 6, 2, &1u32.to_le_bytes());
    assert_eq!(
        g.call("poll_oneoff", &[SUBS as i64, EVENTS as i64, 1, OUT as i64]),
        SUCCESS
    );
    assert_eq!(g.read(EVENTS + 8, 3), [0, 0, 2]);
}
