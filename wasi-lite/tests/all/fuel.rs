//! With fuel on, the bytes WASI moves for the guest are paid for in fuel
//! (`BYTES_PER_FUEL`), before they are moved.

use crate::errno::*;
use crate::*;
use mote::{Config, TrapCode};
use wasi_lite::BYTES_PER_FUEL;

fn fueled(fuel: u64) -> (Shim, SharedBuffer) {
    let mut config = Config::new();
    config.consume_fuel(true);
    let out = SharedBuffer::new();
    let ctx = WasiCtxBuilder::new().stdout(out.clone()).build().unwrap();
    let mut g = Shim::with_engine(&Engine::new(&config), ctx);
    g.store.set_fuel(fuel).unwrap();
    (g, out)
}

fn out_of_fuel(r: Result<i32, Error>) -> bool {
    matches!(r, Err(Error::Trap(t)) if t.code() == TrapCode::OutOfFuel)
}

#[test]
fn random_get_is_paid_for_by_the_byte() {
    let len = 65_536u64;
    let cost = len / BYTES_PER_FUEL;
    let (mut g, _) = fueled(cost / 2);
    assert!(out_of_fuel(
        g.try_call("random_get", &[BUF as i64, len as i64])
    ));
    // Nothing was written before the trap.
    assert!(g.read(BUF, 64).iter().all(|&b| b == 0));

    let (mut g, _) = fueled(cost + 1000);
    assert_eq!(g.call("random_get", &[BUF as i64, len as i64]), SUCCESS);
    let left = g.store.get_fuel().unwrap();
    assert!(left <= 1000, "{left} left: the bytes were charged");
}

#[test]
fn fd_write_and_fd_read_are_paid_for_by_the_byte() {
    // Two iovecs of 32 KiB each: 8,192 fuel.
    let (mut g, out) = fueled(4000);
    g.iovec(IOV, BUF, 32768);
    g.iovec(IOV + 8, BUF, 32768);
    assert!(out_of_fuel(
        g.try_call("fd_write", &[1, IOV as i64, 2, OUT as i64])
    ));
    assert!(out.contents().is_empty(), "nothing written");

    let (mut g, out) = fueled(9000);
    g.iovec(IOV, BUF, 32768);
    g.iovec(IOV + 8, BUF, 32768);
    assert_eq!(g.call("fd_write", &[1, IOV as i64, 2, OUT as i64]), SUCCESS);
    assert_eq!(out.contents().len(), 65536);

    // A read is charged for the room it offers.
    let (mut g, _) = fueled(100);
    g.iovec(IOV, BUF, 65536);
    assert!(out_of_fuel(
        g.try_call("fd_read", &[0, IOV as i64, 1, OUT as i64])
    ));
}

#[test]
fn without_fuel_nothing_is_charged() {
    let mut g = Shim::new(WasiCtxBuilder::new().build().unwrap());
    assert_eq!(g.call("random_get", &[BUF as i64, 65536]), SUCCESS);
}
