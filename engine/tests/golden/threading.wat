;; Jump threading (translate/thread.rs): a dispatch loop whose cases end
;; in a branch to a shared block that steps the pc and branches back. The
;; cases' branches become copies of that block (which end in the original
;; back branch: a copy is not threaded again); the loop's back branch
;; becomes a copy of the loop's head, its br_table with its entries; the
;; br_table's entries stay `Br`s.
(module
  (memory 1)
  (func $run (param $pc i32) (result i32)
    (local $acc i32)
    (loop $next
      (block $step
        (block $halt
          (block $add
            (block $sub
              (br_table $add $sub $halt
                (i32.load8_u (local.get $pc))))
            (local.set $acc (i32.sub (local.get $acc) (i32.const 1)))
            (br $step))
          (local.set $acc (i32.add (local.get $acc) (i32.const 3)))
          (br $step))
        (return (local.get $acc)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
    (unreachable)))
