;; Typed function references: calls through a reference, and branches on
;; null, direct (the label's values already in place) and with copies.
(module
  (type $ii (func (param i32) (result i32)))
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (elem declare func $inc)

  ;; The arguments, then the reference, made contiguous.
  (func $apply (param $f (ref $ii)) (param $x i32) (result i32)
    (call_ref $ii (local.get $x) (local.get $f)))

  ;; A tail call through a reference.
  (func $tail (param $f (ref $ii)) (param $x i32) (result i32)
    (return_call_ref $ii (local.get $x) (local.get $f)))

  ;; No label values: one BrOnNull; the reference stays the local's.
  (func $or_zero (param $f (ref null $ii)) (param $x i32) (result i32)
    (block $null
      (return (call_ref $ii (local.get $x) (br_on_null $null (local.get $f)))))
    (i32.const 0))

  ;; The label takes an i32 that sits below the reference in another
  ;; slot: a skip over the copy, then the branch.
  (func $or_x (param $f (ref null $ii)) (param $x i32) (result i32)
    (block $null (result i32)
      (local.get $x)
      (br_on_null $null (local.get $f))
      (call_ref $ii))
    )

  ;; The reference is the label's value: it branches where it is.
  (func $first (param $f funcref) (param $g (ref func)) (result (ref func))
    (block $some (result (ref func))
      (br_on_non_null $some (local.get $f))
      (local.get $g)))

  ;; A trap on null.
  (func $force (param $f funcref) (result (ref func))
    (ref.as_non_null (local.get $f))))
