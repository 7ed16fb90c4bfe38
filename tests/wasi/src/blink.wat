;; blink: drives GPIO pin 0 through the `mote:hal` import module.
;;
;; Sets pin 0 high and low three times, 10 ms apart, and reads the level
;; back after each change; tries a pin that no board has (7); checks that
;; delay_ms(20) lets the WASI monotonic clock advance at least 20 ms.
;; Prints one line per step; exits 1 (proc_exit) if a check failed,
;; else returns from _start (exit 0). Expected stdout:
;;
;;   pin 0 set 1, reads 1      (three times each, alternating)
;;   pin 0 set 0, reads 0
;;   pin 7: no such pin
;;   delay ok
;;
;; Built into tests/wasi/blink.wasm by the `wat` crate (a test in
;; wasi-lite/src/board/tests.rs checks the committed file matches; run it
;; with MOTE_BLESS=1 to rewrite it).
(module
  (import "mote:hal" "gpio_set" (func $gpio_set (param i32 i32) (result i32)))
  (import "mote:hal" "gpio_get" (func $gpio_get (param i32) (result i32)))
  (import "mote:hal" "delay_ms" (func $delay_ms (param i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (memory (export "memory") 1)

  ;; 0..8: the iovec for fd_write; 8..12: bytes written; 16..24: a time.
  (data (i32.const 100) "pin 0 set ?, reads ?\n")  ;; 21 bytes; digits at 110, 119
  (data (i32.const 200) "pin 7: no such pin\n")    ;; 19 bytes
  (data (i32.const 220) "pin 7: unexpected result\n") ;; 25 bytes
  (data (i32.const 250) "delay ok\n")              ;; 9 bytes
  (data (i32.const 260) "delay failed\n")          ;; 13 bytes

  ;; Writes `len` bytes at `ptr` to stdout.
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; The WASI monotonic clock, in nanoseconds.
  (func $now (result i64)
    (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 16)))
    (i64.load (i32.const 16)))

  ;; Sets pin 0 to `level`, waits 10 ms, reads it back and prints both.
  ;; Returns 1 if the pin reads back `level`, else 0.
  (func $step (param $level i32) (result i32)
    (local $read i32)
    (drop (call $gpio_set (i32.const 0) (local.get $level)))
    (call $delay_ms (i32.const 10))
    (local.set $read (call $gpio_get (i32.const 0)))
    (i32.store8 (i32.const 110) (i32.add (i32.const 48) (local.get $level)))
    (i32.store8 (i32.const 119)
      (select
        (i32.add (i32.const 48) (local.get $read))
        (i32.const 63)  ;; '?' for an error code
        (i32.ge_s (local.get $read) (i32.const 0))))
    (call $print (i32.const 100) (i32.const 21))
    (i32.eq (local.get $read) (local.get $level)))

  (func (export "_start")
    (local $ok i32)
    (local $i i32)
    (local $t0 i64)
    (local.set $ok (i32.const 1))
    (loop $blink
      (local.set $ok (i32.and (local.get $ok) (call $step (i32.const 1))))
      (local.set $ok (i32.and (local.get $ok) (call $step (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $blink (i32.lt_u (local.get $i) (i32.const 3))))

    ;; A pin that does not exist: ERR_NO_PIN (-1).
    (if (i32.eq (call $gpio_set (i32.const 7) (i32.const 1)) (i32.const -1))
      (then (call $print (i32.const 200) (i32.const 19)))
      (else
        (call $print (i32.const 220) (i32.const 25))
        (local.set $ok (i32.const 0))))

    (local.set $t0 (call $now))
    (call $delay_ms (i32.const 20))
    (if (i64.ge_u (i64.sub (call $now) (local.get $t0)) (i64.const 20000000))
      (then (call $print (i32.const 250) (i32.const 9)))
      (else
        (call $print (i32.const 260) (i32.const 13))
        (local.set $ok (i32.const 0))))

    (if (i32.eqz (local.get $ok))
      (then (call $proc_exit (i32.const 1))))))
