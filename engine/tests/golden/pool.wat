;; Function-local constants (translate/pool.rs): inside a loop, a constant
;; that an op cannot take as an immediate (an f64, a wide i64, a stored
;; value) is read from a pool slot that the function fills on entry, after
;; `ZeroLocals`; the temporaries move up past the pool. That holds for a
;; constant pushed before other ops (the `3` below) as long as no branch or
;; label comes between (the `5` of `$kept` stays a `Const`: the `if`'s
;; branch comes between). Outside loops a `Const` op writes it where it is
;; used. The same constant twice takes one slot.
(module
  (memory 1)
  (func $pooled (param $n i32) (result f64)
    (local $i i32) (local $acc f64) (local $w i64)
    (local.set $acc (f64.mul (local.get $acc) (f64.const 0.5)))
    (loop $l
      (i64.store (i32.shl (local.get $i) (i32.const 3)) (i64.const 7))
      (local.set $w (i64.add (local.get $w) (i64.const 0x123456789)))
      (local.set $acc
        (f64.sub
          (f64.add (local.get $acc)
            (f64.mul (f64.convert_i32_u (local.get $i)) (f64.const 0.5)))
          (f64.mul
            (f64.sub (f64.const 3) (f64.convert_i32_u (local.get $i)))
            (f64.const 0.125))))
      (local.set $acc (f64.sub (f64.const 0.125) (local.get $acc)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (local.get $n))))
    (local.get $acc))
  (func $kept (param $n i32) (result f64)
    (local $x f64)
    (loop $l
      (local.set $x
        (f64.sub (f64.const 5)
          (if (result f64) (local.get $n) (then (f64.const 1)) (else (f64.const 2)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $x)))
