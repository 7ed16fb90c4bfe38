;; Prints its arguments and environment, one per line, then the name of
;; its first preopened directory, then exits with status 7.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "preopen: ")
  (data (i32.const 80) "\n")

  ;; Writes [ptr, ptr+len) to stdout.
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; Turns the NULs of [ptr, ptr+len) into newlines.
  (func $lines (param $ptr i32) (param $len i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (if (i32.eqz (i32.load8_u (local.get $ptr)))
          (then (i32.store8 (local.get $ptr) (i32.const 10))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $next))))

  (func (export "_start")
    ;; Arguments: pointers at 1024, strings at 2048.
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (call $lines (i32.const 2048) (i32.load (i32.const 20)))
    (call $print (i32.const 2048) (i32.load (i32.const 20)))
    ;; Environment: pointers at 4096, strings at 8192.
    (drop (call $environ_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $environ_get (i32.const 4096) (i32.const 8192)))
    (call $lines (i32.const 8192) (i32.load (i32.const 20)))
    (call $print (i32.const 8192) (i32.load (i32.const 20)))
    ;; fd 3: the first preopen; its name's length at 28.
    (if (i32.eqz (call $fd_prestat_get (i32.const 3) (i32.const 24)))
      (then
        (drop (call $fd_prestat_dir_name (i32.const 3) (i32.const 12288) (i32.load (i32.const 28))))
        (call $print (i32.const 64) (i32.const 9))
        (call $print (i32.const 12288) (i32.load (i32.const 28)))
        (call $print (i32.const 80) (i32.const 1))))
    (call $proc_exit (i32.const 7))))
