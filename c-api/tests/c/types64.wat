(module
  (memory (export "mem64") i64 1 70000)
  (table (export "tab64") i64 3 funcref)
  (func (export "size64") (result i64) (memory.size 0)))
