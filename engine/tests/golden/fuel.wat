;; Compiled with fuel on: each block charges for its ops on entry.
(module
  (func $spin (param $n i32) (result i32)
    (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (local.get $n)))
