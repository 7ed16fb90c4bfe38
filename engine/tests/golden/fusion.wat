;; Constants folded into the ops that use them, comparisons fused into
;; branches, results written straight into locals, loads of a computed
;; address as one op, an array element's address (a shifted index plus a
;; base) included; a sum of a product as one op; a `select` on `eqz` of
;; a value as a `select` on the value, its two values swapped; a load of a
;; constant address as one op; a xorshift step as one op; a product of a
;; product as one op; a loop counter's decrement and test as one op, and
;; its step and test against a constant bound; a sum of a sum with a
;; constant as one op.
(module
  (memory 1)
  (func $count (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (i32.load (i32.add (local.get $i) (i32.const 16)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $next)))
    (local.get $sum))
  (func $sub_const (param i64) (result i64)
    (i64.sub (local.get 0) (i64.const 3)))
  (func $big_const (param i64) (result i64)
    (i64.add (local.get 0) (i64.const 0x100000000)))
  (func $if_lt (param i32 i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (i32.const 10))
      (then (local.get 1))
      (else (i32.eqz (local.get 1)))))
  (func $element (param $a i32) (param $i i32) (result i32)
    (i32.add
      (i32.load (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 1024)))
      (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))))
  (func $mac (param $acc f64) (param $x f64) (param $y f64) (result f64)
    (f64.add (local.get $acc) (f64.mul (local.get $x) (local.get $y))))
  (func $mac_left (param $acc i32) (param $x i32) (param $y i32) (result i32)
    (i32.add (i32.mul (local.get $x) (local.get $y)) (local.get $acc)))
  (func $select_eqz (param i32 i32 i32) (result i32)
    (select (local.get 0) (local.get 1) (i32.eqz (local.get 2))))
  (func $select_parity (param i64) (result i64)
    (select (i64.shr_u (local.get 0) (i64.const 1))
            (i64.add (i64.mul (local.get 0) (i64.const 3)) (i64.const 1))
            (i64.eqz (i64.and (local.get 0) (i64.const 1)))))
  (func $select_eqz_wide (param i64 i64) (result i64)
    (select (local.get 0) (local.get 1) (i64.eqz (i64.and (local.get 0) (i64.const -2)))))
  (func $global (result f64)
    (f64.load offset=8 (i32.const 1024)))
  (func $global_past_4g (result i32)
    (i32.load offset=16 (i32.const -8)))
  (func $xorshift (param i32) (result i32)
    (local.set 0 (i32.xor (i32.shl (local.get 0) (i32.const 13)) (local.get 0)))
    (local.set 0 (i32.xor (local.get 0) (i32.shr_u (local.get 0) (i32.const 17))))
    (i32.xor (i32.shr_s (local.get 0) (i32.const 5)) (local.get 0)))
  (func $mul_mul (param f64 f64 f64) (result f64)
    (f64.mul (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func $countdown (param $n i32) (result i32) (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (local.get $n)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))
  ;; Counting up to a constant bound (`i != 64`): one op as well; the
  ;; second loop's bound is not a constant, the third's test is of another
  ;; slot, and the fourth's increment is a branch target: not fused.
  (func $count_up (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (local.get $i)))
      (br_if $next (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 64))))
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.ne (local.get $i) (local.get $n))))
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.ne (local.get $n) (i32.const 7))))
    (loop $next
      (block $skip
        (br_if $skip (local.get $n))
        (local.set $i (i32.add (local.get $i) (i32.const 1))))
      (br_if $next (i32.ne (local.get $i) (i32.const 9))))
    (local.get $sum))
  (func $add_add (param i32 i32) (result i32)
    (i32.add (local.get 0) (i32.add (local.get 1) (i32.const 80))))
  ;; Bit tests: `br_if`/`if` of an `i32.and` (and of its `i32.eqz`)
  ;; branch on the bits directly.
  (func $bit_tests (param i32 i32) (result i32)
    (block $b
      (br_if $b (i32.and (local.get 0) (i32.const 8)))
      (br_if $b (i32.and (local.get 0) (local.get 1)))
      (br_if $b (i32.eqz (i32.and (local.get 0) (i32.const 4))))
      (br_if $b (i32.eqz (i32.lt_s (local.get 0) (local.get 1))))
      (if (i32.and (local.get 1) (i32.const 2)) (then (return (i32.const 7))))
      (return (i32.const 1)))
    (i32.const 0))
  ;; Two in-place increments in a row are one op; not across a label.
  (func $increments (param i32 i32 i32) (result i32)
    (loop $next
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (local.set 1 (i32.add (local.get 1) (i32.const 4)))
      (local.set 2 (i32.add (local.get 2) (i32.const -8)))
      (br_if $next (i32.lt_u (local.get 0) (i32.const 100))))
    (local.set 1 (i32.add (local.get 1) (i32.const 1)))
    (loop $again
      (local.set 2 (i32.add (local.get 2) (i32.const 3)))
      (br_if $again (i32.lt_u (local.get 2) (i32.const 100))))
    (i32.add (local.get 1) (local.get 2)))
  ;; Two immediate ops in a row are one (`(x + 2) >> 2`, `(x >> 8) & 15`),
  ;; but not when the first one's result is a local read again.
  (func $immediates (param i32) (result i32)
    (local $t i32)
    (i32.add
      (i32.shr_u (i32.add (local.get 0) (i32.const 2)) (i32.const 2))
      (i32.and (i32.shr_u (local.get 0) (i32.const 8)) (i32.const 15)))
    (i32.and (local.tee $t (i32.add (local.get 0) (i32.const 7))) (i32.const -8))
    (i32.add (local.get $t))
    (i32.add)
    ;; A `select` on a bit test is one op.
    (select (local.get 0) (i32.const 3) (i32.and (local.get 0) (i32.const 1)))
    (i32.add)
    ;; One that picks between values computed just before it reads the
    ;; later one from the accumulator (a Collatz step).
    (select (i32.shr_u (local.get 0) (i32.const 1))
            (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const 1))
            (i32.and (local.get 0) (i32.const 1)))
    (i32.add))
  ;; A local passed as the last argument is copied by the call op itself;
  ;; two locals are one `Copy2` and a plain call.
  (func $copy_call (param i32 i32) (result i32)
    (call $copy_call (i32.add (local.get 0) (i32.const -1)) (local.get 1))
    (call $copy_call (local.get 1) (local.get 0))
    (i32.add)))
