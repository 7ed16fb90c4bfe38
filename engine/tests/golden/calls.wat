;; Direct, imported, indirect and tail calls; br_table; select.
(module
  (type $t (func (param i32) (result i32)))
  (import "env" "f" (func $f (type $t)))
  (table 2 funcref)
  (elem (i32.const 0) $double $f)
  (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
  (func $calls (param i32) (result i32)
    (i32.add
      (call $double (local.get 0))
      (i32.add (call $f (local.get 0))
        (call_indirect (type $t) (local.get 0) (i32.const 1)))))
  (func $tail (param i32) (result i32)
    (return_call $double (local.get 0)))
  (func $switch (param i32) (result i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
    (i32.const 30))
  (func $pick (param i32 i32 i32) (result i32)
    (select (local.get 0) (local.get 1) (local.get 2))))
