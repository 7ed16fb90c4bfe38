;; try_table: the handlers are a side table; each catch clause lands on a
;; pad after the body that branches to its label, which the body's exit
;; jumps over.
(module
  (tag $e (param i32))
  (func $throw_if (param i32)
    (if (local.get 0) (then (throw $e (i32.const 7)))))
  (func $catch (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (call $throw_if (local.get 0)))
      (i32.const 0)))
  (func $catch_ref (export "catch_ref") (param i32) (result exnref)
    (block $h (result i32 exnref)
      (try_table (catch_ref $e $h) (catch_all_ref 1)
        (call $throw_if (local.get 0)))
      (return (ref.null exn)))
    (local.set 0 (i32.const 0))
    (return))
  (func $rethrow (param exnref)
    (throw_ref (local.get 0))))
