;; hello_small: "Hello, world!" in the smallest linear memory that holds it.
;;
;; The memory uses the custom-page-sizes proposal: 1-byte pages, 32 of
;; them. Bytes 0..8 are the iovec, 8..12 the count fd_write returns, and
;; 16..30 the text. Expected stdout: "Hello, world!\n", exit 0.
;;
;; Built into tests/wasi/hello_small.wasm with the `wat` crate; a test in
;; cli/tests/all checks the committed file matches this source.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 32 32 (pagesize 1))
  (data (i32.const 0) "\10\00\00\00\0e\00\00\00")
  (data (i32.const 16) "Hello, world!\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
