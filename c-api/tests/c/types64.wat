(module
  (memory (export "mem64") i64 1 70000)
  (table (export "tab64") i64 3 funcref)
  (func (export "size64") (result i64) (memory.size 0))
  (memory $s (export "shared") 1 2 shared)
  ;; Adds its argument to the shared memory's first word; returns the old.
  (func (export "add") (param i32) (result i32)
    (i32.atomic.rmw.add $s (i32.const 0) (local.get 0))))
