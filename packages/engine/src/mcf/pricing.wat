;; The block search's inner loop (see network-simplex.ts, findEnteringArc), as WebAssembly: the solver's arc and
;; potential arrays live in this module's memory, so the loop reads them at fixed offsets with no per-access bounds
;; check or array header load. Assembled by `npm run wasm -w @civdef/engine` into pricing-kernel.ts (a test checks
;; the two agree).
(module
  (import "env" "memory" (memory 1))
  (global $min (export "min") (mut f64) (f64.const 0))
  ;; Prices arcs [from, to): the arc whose reduced cost state * (cost + pi[source] - pi[target]) is lowest and below
  ;; $min (the block's lowest so far), or -1; the lowest reduced cost is left in the exported global `min`.
  ;; $st, $co, $pi, $so, $ta: byte offsets of the state (i8), cost (f64), potential (f64), source and target (i32)
  ;; arrays.
  (func (export "price") (param $from i32) (param $to i32) (param $min f64) (param $st i32) (param $co i32) (param $pi i32) (param $so i32) (param $ta i32) (result i32)
    (local $e i32) (local $c f64) (local $best i32)
    (local.set $best (i32.const -1))
    (local.set $e (local.get $from))
    (block $done
      (br_if $done (i32.ge_s (local.get $e) (local.get $to)))
      (loop $next
        (local.set $c
          (f64.mul
            (f64.convert_i32_s (i32.load8_s (i32.add (local.get $st) (local.get $e))))
            (f64.sub
              (f64.add
                (f64.load (i32.add (local.get $co) (i32.shl (local.get $e) (i32.const 3))))
                (f64.load (i32.add (local.get $pi) (i32.shl (i32.load (i32.add (local.get $so) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 3)))))
              (f64.load (i32.add (local.get $pi) (i32.shl (i32.load (i32.add (local.get $ta) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 3)))))))
        (if (f64.lt (local.get $c) (local.get $min))
          (then (local.set $min (local.get $c)) (local.set $best (local.get $e))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br_if $next (i32.lt_s (local.get $e) (local.get $to)))))
    (global.set $min (local.get $min))
    (local.get $best)))
