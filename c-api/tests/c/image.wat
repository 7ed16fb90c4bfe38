(module
  (memory (export "memory") 1)
  (data (i32.const 16) "hello")
  (func $fac (export "fac") (param i32) (result i32)
    (if (result i32) (i32.le_s (local.get 0) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get 0) (call $fac (i32.sub (local.get 0) (i32.const 1)))))))
  (func (export "load") (param i32) (result i32)
    (i32.load8_u offset=16 (local.get 0))))
