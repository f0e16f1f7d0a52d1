;; The network simplex's solve loop (network-simplex.ts), as WebAssembly: the solver's arc and tree arrays live in this
;; module's linear memory, so each loop reads them at fixed offsets, with no array header loads or bounds checks per
;; access (V8 repeats those on every access to a typed array reached through `this`). Each function does what the
;; JavaScript of the same step does, in the same order, with the same float64 arithmetic: the two give the same
;; pivots (a test checks). Assembled by `npm run wasm -w @civdef/engine` into simplex-wasm.ts (a test checks the two
;; agree). Node numbers index node arrays, arc numbers arc arrays; the layout (byte offsets) is imported per instance.
(module
  (import "env" "memory" (memory 1))
  ;; arc arrays: reduced-cost inputs, flows and capacities (f64), ends (i32), state (i8: -1 upper, 0 tree, 1 lower)
  (import "layout" "cost" (global $cost i32))
  (import "layout" "flow" (global $flow i32))
  (import "layout" "cap" (global $cap i32))
  (import "layout" "source" (global $source i32))
  (import "layout" "target" (global $target i32))
  (import "layout" "state" (global $state i32))
  ;; node arrays: potentials (f64), tree links and subtree sizes (i32), direction of the arc to the parent (i8: ±1)
  (import "layout" "pi" (global $pi i32))
  (import "layout" "parent" (global $parent i32))
  (import "layout" "pred" (global $pred i32))
  (import "layout" "thread" (global $thread i32))
  (import "layout" "succNum" (global $succNum i32))
  (import "layout" "predDir" (global $predDir i32))
  (import "layout" "revThread" (global $revThread i32))
  (import "layout" "lastSucc" (global $lastSucc i32))
  ;; scratch: the nodes whose reverse thread is repaired after a stem is re-hung
  (import "layout" "dirtyRevs" (global $dirtyRevs i32))

  ;; results beside a function's return value
  (global $min (export "min") (mut f64) (f64.const 0))
  (global $delta (mut f64) (f64.const 0))
  (global $uOut (mut i32) (i32.const 0))
  (global $pivots (export "pivots") (mut i32) (i32.const 0))
  (global $nextArc (export "nextArc") (mut i32) (i32.const 0))

  ;; findEnteringArc's run: the arc in [from, to) whose reduced cost state·(cost + π[source] − π[target]) is lowest and
  ;; below $min (the block's lowest so far), or -1; the lowest reduced cost is left in `min`.
  (func $price (export "price") (param $from i32) (param $to i32) (param $min f64) (result i32)
    (local $e i32) (local $c f64) (local $best i32)
    (local.set $best (i32.const -1))
    (local.set $e (local.get $from))
    (block $done
      (br_if $done (i32.ge_s (local.get $e) (local.get $to)))
      (loop $next
        (local.set $c
          (f64.mul
            (f64.convert_i32_s (i32.load8_s (i32.add (global.get $state) (local.get $e))))
            (f64.sub
              (f64.add
                (f64.load (i32.add (global.get $cost) (i32.shl (local.get $e) (i32.const 3))))
                (f64.load (i32.add (global.get $pi) (i32.shl (i32.load (i32.add (global.get $source) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 3)))))
              (f64.load (i32.add (global.get $pi) (i32.shl (i32.load (i32.add (global.get $target) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 3)))))))
        (if (f64.lt (local.get $c) (local.get $min))
          (then (local.set $min (local.get $c)) (local.set $best (local.get $e))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br_if $next (i32.lt_s (local.get $e) (local.get $to)))))
    (global.set $min (local.get $min))
    (local.get $best))

  ;; findJoinNode: the first common ancestor of u and v, climbing from whichever has the smaller subtree.
  (func $join (param $u i32) (param $v i32) (result i32)
    (block $done
      (loop $up
        (br_if $done (i32.eq (local.get $u) (local.get $v)))
        (if (i32.lt_s (i32.load (i32.add (global.get $succNum) (i32.shl (local.get $u) (i32.const 2)))) (i32.load (i32.add (global.get $succNum) (i32.shl (local.get $v) (i32.const 2)))))
          (then (local.set $u (i32.load (i32.add (global.get $parent) (i32.shl (local.get $u) (i32.const 2))))))
          (else (local.set $v (i32.load (i32.add (global.get $parent) (i32.shl (local.get $v) (i32.const 2)))))))
        (br $up)))
    (local.get $u))

  ;; findLeavingArc's two walks up the cycle: from `first` (ties keep the earlier arc) and from `second` (ties take the
  ;; later one), each arc's room in the cycle's direction against the entering arc's capacity. Returns 0 (the entering
  ;; arc is the tightest: a bound flip), 1 (the leaving arc is on the first side) or 2 (on the second); leaves the room
  ;; in `delta` and, unless 0, the leaving arc's lower node in `uOut`.
  (func $leave (param $first i32) (param $second i32) (param $join i32) (param $delta f64) (result i32)
    (local $u i32) (local $e i32) (local $d f64) (local $result i32)
    (local.set $u (local.get $first))
    (block $done1
      (loop $up1
        (br_if $done1 (i32.eq (local.get $u) (local.get $join)))
        (local.set $e (i32.load (i32.add (global.get $pred) (i32.shl (local.get $u) (i32.const 2)))))
        (local.set $d (f64.load (i32.add (global.get $flow) (i32.shl (local.get $e) (i32.const 3)))))
        (if (i32.eq (i32.load8_s (i32.add (global.get $predDir) (local.get $u))) (i32.const -1))
          (then (local.set $d (f64.sub (f64.load (i32.add (global.get $cap) (i32.shl (local.get $e) (i32.const 3)))) (local.get $d)))))
        (if (f64.lt (local.get $d) (local.get $delta))
          (then (local.set $delta (local.get $d)) (global.set $uOut (local.get $u)) (local.set $result (i32.const 1))))
        (local.set $u (i32.load (i32.add (global.get $parent) (i32.shl (local.get $u) (i32.const 2)))))
        (br $up1)))
    (local.set $u (local.get $second))
    (block $done2
      (loop $up2
        (br_if $done2 (i32.eq (local.get $u) (local.get $join)))
        (local.set $e (i32.load (i32.add (global.get $pred) (i32.shl (local.get $u) (i32.const 2)))))
        (local.set $d (f64.load (i32.add (global.get $flow) (i32.shl (local.get $e) (i32.const 3)))))
        (if (i32.eq (i32.load8_s (i32.add (global.get $predDir) (local.get $u))) (i32.const 1))
          (then (local.set $d (f64.sub (f64.load (i32.add (global.get $cap) (i32.shl (local.get $e) (i32.const 3)))) (local.get $d)))))
        (if (f64.le (local.get $d) (local.get $delta))
          (then (local.set $delta (local.get $d)) (global.set $uOut (local.get $u)) (local.set $result (i32.const 2))))
        (local.set $u (i32.load (i32.add (global.get $parent) (i32.shl (local.get $u) (i32.const 2)))))
        (br $up2)))
    (global.set $delta (local.get $delta))
    (local.get $result))

  ;; changeFlow's augmentation: `val` more on the entering arc and around the cycle through `join`.
  (func $augment (param $inArc i32) (param $join i32) (param $val f64)
    (local $u i32) (local $e i32) (local $at i32)
    (local.set $at (i32.add (global.get $flow) (i32.shl (local.get $inArc) (i32.const 3))))
    (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $val)))
    (local.set $u (i32.load (i32.add (global.get $source) (i32.shl (local.get $inArc) (i32.const 2)))))
    (block $done1
      (loop $up1
        (br_if $done1 (i32.eq (local.get $u) (local.get $join)))
        (local.set $e (i32.load (i32.add (global.get $pred) (i32.shl (local.get $u) (i32.const 2)))))
        (local.set $at (i32.add (global.get $flow) (i32.shl (local.get $e) (i32.const 3))))
        (f64.store (local.get $at)
          (f64.sub (f64.load (local.get $at))
            (f64.mul (f64.convert_i32_s (i32.load8_s (i32.add (global.get $predDir) (local.get $u)))) (local.get $val))))
        (local.set $u (i32.load (i32.add (global.get $parent) (i32.shl (local.get $u) (i32.const 2)))))
        (br $up1)))
    (local.set $u (i32.load (i32.add (global.get $target) (i32.shl (local.get $inArc) (i32.const 2)))))
    (block $done2
      (loop $up2
        (br_if $done2 (i32.eq (local.get $u) (local.get $join)))
        (local.set $e (i32.load (i32.add (global.get $pred) (i32.shl (local.get $u) (i32.const 2)))))
        (local.set $at (i32.add (global.get $flow) (i32.shl (local.get $e) (i32.const 3))))
        (f64.store (local.get $at)
          (f64.add (f64.load (local.get $at))
            (f64.mul (f64.convert_i32_s (i32.load8_s (i32.add (global.get $predDir) (local.get $u)))) (local.get $val))))
        (local.set $u (i32.load (i32.add (global.get $parent) (i32.shl (local.get $u) (i32.const 2)))))
        (br $up2))))

  ;; updateTreeStructure (LEMON's, line for line as in network-simplex.ts): the entering arc (uIn, vIn) replaces the
  ;; leaving one above uOut; the stem from uIn up to uOut is re-hung under vIn, reversing its parent links, and the
  ;; thread, reverse thread, last successors and subtree sizes are repaired. parent[root] is -1; the walks that could
  ;; climb past the root stop there (before reading lastSucc[-1]), as the JavaScript's do (lastSucc[-1] is undefined).
  (func $update (param $uIn i32) (param $vIn i32) (param $uOut i32) (param $join i32) (param $inArc i32)
    (local $oldRevThread i32) (local $oldSuccNum i32) (local $oldLastSucc i32) (local $vOut i32) (local $dir i32)
    (local $threadContinue i32) (local $stem i32) (local $parStem i32) (local $nextStem i32) (local $last i32)
    (local $before i32) (local $after i32) (local $nDirty i32) (local $i i32) (local $u i32) (local $p i32)
    (local $tmpSc i32) (local $tmpLs i32) (local $upLimitOut i32) (local $lastSuccOut i32) (local $outValue i32)
    (local.set $oldRevThread (i32.load (i32.add (global.get $revThread) (i32.shl (local.get $uOut) (i32.const 2)))))
    (local.set $oldSuccNum (i32.load (i32.add (global.get $succNum) (i32.shl (local.get $uOut) (i32.const 2)))))
    (local.set $oldLastSucc (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $uOut) (i32.const 2)))))
    (local.set $vOut (i32.load (i32.add (global.get $parent) (i32.shl (local.get $uOut) (i32.const 2)))))
    ;; the entering arc points up (1) when uIn is its source, down (-1) otherwise
    (local.set $dir (select (i32.const 1) (i32.const -1) (i32.eq (local.get $uIn) (i32.load (i32.add (global.get $source) (i32.shl (local.get $inArc) (i32.const 2)))))))
    (if (i32.eq (local.get $uIn) (local.get $uOut))
      (then
        (i32.store (i32.add (global.get $parent) (i32.shl (local.get $uIn) (i32.const 2))) (local.get $vIn))
        (i32.store (i32.add (global.get $pred) (i32.shl (local.get $uIn) (i32.const 2))) (local.get $inArc))
        (i32.store8 (i32.add (global.get $predDir) (local.get $uIn)) (local.get $dir))
        (if (i32.ne (i32.load (i32.add (global.get $thread) (i32.shl (local.get $vIn) (i32.const 2)))) (local.get $uOut))
          (then
            (local.set $after (i32.load (i32.add (global.get $thread) (i32.shl (local.get $oldLastSucc) (i32.const 2)))))
            (i32.store (i32.add (global.get $thread) (i32.shl (local.get $oldRevThread) (i32.const 2))) (local.get $after))
            (i32.store (i32.add (global.get $revThread) (i32.shl (local.get $after) (i32.const 2))) (local.get $oldRevThread))
            (local.set $after (i32.load (i32.add (global.get $thread) (i32.shl (local.get $vIn) (i32.const 2)))))
            (i32.store (i32.add (global.get $thread) (i32.shl (local.get $vIn) (i32.const 2))) (local.get $uOut))
            (i32.store (i32.add (global.get $revThread) (i32.shl (local.get $uOut) (i32.const 2))) (local.get $vIn))
            (i32.store (i32.add (global.get $thread) (i32.shl (local.get $oldLastSucc) (i32.const 2))) (local.get $after))
            (i32.store (i32.add (global.get $revThread) (i32.shl (local.get $after) (i32.const 2))) (local.get $oldLastSucc))
            )))
      (else
        (local.set $threadContinue (select (i32.load (i32.add (global.get $thread) (i32.shl (local.get $oldLastSucc) (i32.const 2)))) (i32.load (i32.add (global.get $thread) (i32.shl (local.get $vIn) (i32.const 2)))) (i32.eq (local.get $oldRevThread) (local.get $vIn))))
        (local.set $stem (local.get $uIn))
        (local.set $parStem (local.get $vIn))
        (local.set $last (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $uIn) (i32.const 2)))))
        (local.set $after (i32.load (i32.add (global.get $thread) (i32.shl (local.get $last) (i32.const 2)))))
        (i32.store (i32.add (global.get $thread) (i32.shl (local.get $vIn) (i32.const 2))) (local.get $uIn))
        (i32.store (global.get $dirtyRevs) (local.get $vIn))
        (local.set $nDirty (i32.const 1))
        (block $stem_done
          (loop $stem
            (br_if $stem_done (i32.eq (local.get $stem) (local.get $uOut)))
            (local.set $nextStem (i32.load (i32.add (global.get $parent) (i32.shl (local.get $stem) (i32.const 2)))))
            (i32.store (i32.add (global.get $thread) (i32.shl (local.get $last) (i32.const 2))) (local.get $nextStem))
            (i32.store (i32.add (global.get $dirtyRevs) (i32.shl (local.get $nDirty) (i32.const 2))) (local.get $last))
            (local.set $nDirty (i32.add (local.get $nDirty) (i32.const 1)))
            (local.set $before (i32.load (i32.add (global.get $revThread) (i32.shl (local.get $stem) (i32.const 2)))))
            (i32.store (i32.add (global.get $thread) (i32.shl (local.get $before) (i32.const 2))) (local.get $after))
            (i32.store (i32.add (global.get $revThread) (i32.shl (local.get $after) (i32.const 2))) (local.get $before))
            (i32.store (i32.add (global.get $parent) (i32.shl (local.get $stem) (i32.const 2))) (local.get $parStem))
            (local.set $parStem (local.get $stem))
            (local.set $stem (local.get $nextStem))
            (local.set $last (select (i32.load (i32.add (global.get $revThread) (i32.shl (local.get $parStem) (i32.const 2)))) (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $stem) (i32.const 2)))) (i32.eq (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $stem) (i32.const 2)))) (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $parStem) (i32.const 2)))))))
            (local.set $after (i32.load (i32.add (global.get $thread) (i32.shl (local.get $last) (i32.const 2)))))
            (br $stem)))
        (i32.store (i32.add (global.get $parent) (i32.shl (local.get $uOut) (i32.const 2))) (local.get $parStem))
        (i32.store (i32.add (global.get $thread) (i32.shl (local.get $last) (i32.const 2))) (local.get $threadContinue))
        (i32.store (i32.add (global.get $revThread) (i32.shl (local.get $threadContinue) (i32.const 2))) (local.get $last))
        (i32.store (i32.add (global.get $lastSucc) (i32.shl (local.get $uOut) (i32.const 2))) (local.get $last))
        (if (i32.ne (local.get $oldRevThread) (local.get $vIn))
          (then (i32.store (i32.add (global.get $thread) (i32.shl (local.get $oldRevThread) (i32.const 2))) (local.get $after)) (i32.store (i32.add (global.get $revThread) (i32.shl (local.get $after) (i32.const 2))) (local.get $oldRevThread))))
        (local.set $i (i32.const 0))
        (block $dirty_done
          (loop $dirty
            (br_if $dirty_done (i32.ge_s (local.get $i) (local.get $nDirty)))
            (local.set $u (i32.load (i32.add (global.get $dirtyRevs) (i32.shl (local.get $i) (i32.const 2)))))
            (i32.store (i32.add (global.get $revThread) (i32.shl (i32.load (i32.add (global.get $thread) (i32.shl (local.get $u) (i32.const 2)))) (i32.const 2))) (local.get $u))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $dirty)))
        (local.set $tmpSc (i32.const 0))
        (local.set $tmpLs (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $uOut) (i32.const 2)))))
        (local.set $u (local.get $uOut))
        (local.set $p (i32.load (i32.add (global.get $parent) (i32.shl (local.get $uOut) (i32.const 2)))))
        (block $reverse_done
          (loop $reverse
            (br_if $reverse_done (i32.eq (local.get $u) (local.get $uIn)))
            (i32.store (i32.add (global.get $pred) (i32.shl (local.get $u) (i32.const 2))) (i32.load (i32.add (global.get $pred) (i32.shl (local.get $p) (i32.const 2)))))
            (i32.store8 (i32.add (global.get $predDir) (local.get $u)) (i32.sub (i32.const 0) (i32.load8_s (i32.add (global.get $predDir) (local.get $p)))))
            (local.set $tmpSc (i32.add (local.get $tmpSc) (i32.sub (i32.load (i32.add (global.get $succNum) (i32.shl (local.get $u) (i32.const 2)))) (i32.load (i32.add (global.get $succNum) (i32.shl (local.get $p) (i32.const 2)))))))
            (i32.store (i32.add (global.get $succNum) (i32.shl (local.get $u) (i32.const 2))) (local.get $tmpSc))
            (i32.store (i32.add (global.get $lastSucc) (i32.shl (local.get $p) (i32.const 2))) (local.get $tmpLs))
            (local.set $u (local.get $p))
            (local.set $p (i32.load (i32.add (global.get $parent) (i32.shl (local.get $u) (i32.const 2)))))
            (br $reverse)))
        (i32.store (i32.add (global.get $pred) (i32.shl (local.get $uIn) (i32.const 2))) (local.get $inArc))
        (i32.store8 (i32.add (global.get $predDir) (local.get $uIn)) (local.get $dir))
        (i32.store (i32.add (global.get $succNum) (i32.shl (local.get $uIn) (i32.const 2))) (local.get $oldSuccNum))
        ))
    (local.set $upLimitOut (select (local.get $join) (i32.const -1) (i32.eq (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $join) (i32.const 2)))) (local.get $vIn))))
    (local.set $lastSuccOut (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $uOut) (i32.const 2)))))
    (local.set $u (local.get $vIn))
    (block $inSide_done
      (loop $inSide
        (br_if $inSide_done (i32.eq (local.get $u) (i32.const -1)))
        (br_if $inSide_done (i32.ne (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $u) (i32.const 2)))) (local.get $vIn)))
        (i32.store (i32.add (global.get $lastSucc) (i32.shl (local.get $u) (i32.const 2))) (local.get $lastSuccOut))
        (local.set $u (i32.load (i32.add (global.get $parent) (i32.shl (local.get $u) (i32.const 2)))))
        (br $inSide)))
    ;; Above vOut, the last successors that were oldLastSucc become oldRevThread, or lastSuccOut when the moved subtree
    ;; was the last part of their thread (both walks of the JavaScript in one).
    (local.set $outValue (select (local.get $oldRevThread) (local.get $lastSuccOut)
      (i32.and (i32.ne (local.get $join) (local.get $oldRevThread)) (i32.ne (local.get $vIn) (local.get $oldRevThread)))))
    (if (i32.ne (local.get $outValue) (local.get $oldLastSucc))
      (then
        (local.set $u (local.get $vOut))
        (block $outSide_done
          (loop $outSide
            (br_if $outSide_done (i32.eq (local.get $u) (local.get $upLimitOut)))
            (br_if $outSide_done (i32.eq (local.get $u) (i32.const -1)))
            (br_if $outSide_done (i32.ne (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $u) (i32.const 2)))) (local.get $oldLastSucc)))
            (i32.store (i32.add (global.get $lastSucc) (i32.shl (local.get $u) (i32.const 2))) (local.get $outValue))
            (local.set $u (i32.load (i32.add (global.get $parent) (i32.shl (local.get $u) (i32.const 2)))))
            (br $outSide)))))
    (local.set $u (local.get $vIn))
    (block $sizeIn_done
      (loop $sizeIn
        (br_if $sizeIn_done (i32.eq (local.get $u) (local.get $join)))
        (i32.store (i32.add (global.get $succNum) (i32.shl (local.get $u) (i32.const 2))) (i32.add (i32.load (i32.add (global.get $succNum) (i32.shl (local.get $u) (i32.const 2)))) (local.get $oldSuccNum)))
        (local.set $u (i32.load (i32.add (global.get $parent) (i32.shl (local.get $u) (i32.const 2)))))
        (br $sizeIn)))
    (local.set $u (local.get $vOut))
    (block $sizeOut_done
      (loop $sizeOut
        (br_if $sizeOut_done (i32.eq (local.get $u) (local.get $join)))
        (i32.store (i32.add (global.get $succNum) (i32.shl (local.get $u) (i32.const 2))) (i32.sub (i32.load (i32.add (global.get $succNum) (i32.shl (local.get $u) (i32.const 2)))) (local.get $oldSuccNum)))
        (local.set $u (i32.load (i32.add (global.get $parent) (i32.shl (local.get $u) (i32.const 2)))))
        (br $sizeOut)))
    )

  ;; updatePotential's walk: π[u] += sigma for u along the thread from `from` up to (not including) `end`.
  (func $shift (param $from i32) (param $end i32) (param $sigma f64)
    (local $u i32) (local $at i32)
    (local.set $u (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $u) (local.get $end)))
        (local.set $at (i32.add (global.get $pi) (i32.shl (local.get $u) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $sigma)))
        (local.set $u (i32.load (i32.add (global.get $thread) (i32.shl (local.get $u) (i32.const 2)))))
        (br $next))))

  ;; The whole solve loop in one call from JavaScript (NetworkSimplex.solve): the steps of network-simplex.ts in its
  ;; order — findEnteringArc (block search over the arcs [start, end) in blocks of `block`, from `next`), findJoinNode,
  ;; findLeavingArc, changeFlow, updateTreeStructure, updatePotential — until no arc has a negative reduced cost
  ;; (returns 0) or the entering arc's cycle has unbounded room (returns 1). Leaves the pivots made in `pivots` and
  ;; where the next search starts in `nextArc`.
  (func (export "run") (param $start i32) (param $end i32) (param $block i32) (param $next i32) (param $nodeCount i32) (result i32)
    (local $e i32) (local $stop i32) (local $left i32) (local $inBlock i32) (local $last i32) (local $best i32) (local $min f64)
    (local $inArc i32) (local $join i32) (local $first i32) (local $second i32) (local $result i32) (local $delta f64)
    (local $uIn i32) (local $vIn i32) (local $st i32) (local $out i32) (local $sigma f64) (local $threadEnd i32) (local $pivots i32)
    (block $optimal
      (loop $pivot
        ;; findEnteringArc
        (br_if $optimal (i32.le_s (i32.sub (local.get $end) (local.get $start)) (i32.const 0)))
        (local.set $e (select (local.get $start) (local.get $next) (i32.or (i32.lt_s (local.get $next) (local.get $start)) (i32.ge_s (local.get $next) (local.get $end)))))
        (local.set $min (f64.const 0)) (local.set $best (i32.const -1)) (local.set $left (i32.sub (local.get $end) (local.get $start))) (local.set $inBlock (i32.const 0)) (local.set $last (local.get $e))
        (block $searched
          (loop $run
            (br_if $searched (i32.le_s (local.get $left) (i32.const 0)))
            (local.set $stop (i32.sub (local.get $block) (local.get $inBlock)))
            (if (i32.lt_s (local.get $left) (local.get $stop)) (then (local.set $stop (local.get $left))))
            (local.set $stop (i32.add (local.get $e) (local.get $stop)))
            (if (i32.gt_s (local.get $stop) (local.get $end)) (then (local.set $stop (local.get $end))))
            (local.set $st (call $price (local.get $e) (local.get $stop) (local.get $min)))
            (if (i32.ge_s (local.get $st) (i32.const 0)) (then (local.set $best (local.get $st)) (local.set $min (global.get $min))))
            (local.set $left (i32.sub (local.get $left) (i32.sub (local.get $stop) (local.get $e))))
            (local.set $inBlock (i32.add (local.get $inBlock) (i32.sub (local.get $stop) (local.get $e))))
            (local.set $e (local.get $stop))
            (local.set $last (i32.sub (local.get $e) (i32.const 1)))
            (if (i32.eq (local.get $e) (local.get $end)) (then (local.set $e (local.get $start))))
            (if (i32.eq (local.get $inBlock) (local.get $block))
              (then (br_if $searched (f64.lt (local.get $min) (f64.const 0))) (local.set $inBlock (i32.const 0))))
            (br $run)))
        (br_if $optimal (f64.ge (local.get $min) (f64.const 0)))
        (local.set $inArc (local.get $best)) (local.set $next (local.get $last))
        ;; findJoinNode, findLeavingArc
        (local.set $join (call $join (i32.load (i32.add (global.get $source) (i32.shl (local.get $inArc) (i32.const 2)))) (i32.load (i32.add (global.get $target) (i32.shl (local.get $inArc) (i32.const 2))))))
        (if (i32.eq (i32.load8_s (i32.add (global.get $state) (local.get $inArc))) (i32.const 1))
          (then (local.set $first (i32.load (i32.add (global.get $source) (i32.shl (local.get $inArc) (i32.const 2))))) (local.set $second (i32.load (i32.add (global.get $target) (i32.shl (local.get $inArc) (i32.const 2))))))
          (else (local.set $first (i32.load (i32.add (global.get $target) (i32.shl (local.get $inArc) (i32.const 2))))) (local.set $second (i32.load (i32.add (global.get $source) (i32.shl (local.get $inArc) (i32.const 2)))))))
        (local.set $result (call $leave (local.get $first) (local.get $second) (local.get $join) (f64.load (i32.add (global.get $cap) (i32.shl (local.get $inArc) (i32.const 3))))))
        (local.set $delta (global.get $delta))
        (if (i32.eq (local.get $result) (i32.const 1))
          (then (local.set $uIn (local.get $first)) (local.set $vIn (local.get $second)))
          (else (local.set $uIn (local.get $second)) (local.set $vIn (local.get $first))))
        (if (f64.eq (local.get $delta) (f64.const inf))
          (then (global.set $pivots (local.get $pivots)) (global.set $nextArc (local.get $next)) (return (i32.const 1))))
        ;; changeFlow
        (local.set $st (i32.load8_s (i32.add (global.get $state) (local.get $inArc))))
        (if (f64.gt (local.get $delta) (f64.const 0))
          (then (call $augment (local.get $inArc) (local.get $join) (f64.mul (f64.convert_i32_s (local.get $st)) (local.get $delta)))))
        (i32.store8 (i32.add (global.get $state) (local.get $inArc)) (select (i32.const 0) (i32.sub (i32.const 0) (local.get $st)) (local.get $result)))
        (if (local.get $result)
          (then
            (local.set $out (i32.load (i32.add (global.get $pred) (i32.shl (global.get $uOut) (i32.const 2)))))
            (i32.store8 (i32.add (global.get $state) (local.get $out)) (select (i32.const 1) (i32.const -1) (f64.eq (f64.load (i32.add (global.get $flow) (i32.shl (local.get $out) (i32.const 3)))) (f64.const 0))))
            ;; updateTreeStructure, updatePotential
            (call $update (local.get $uIn) (local.get $vIn) (global.get $uOut) (local.get $join) (local.get $inArc))
            (local.set $sigma (f64.sub (f64.sub (f64.load (i32.add (global.get $pi) (i32.shl (local.get $vIn) (i32.const 3)))) (f64.load (i32.add (global.get $pi) (i32.shl (local.get $uIn) (i32.const 3))))) (f64.mul (f64.convert_i32_s (i32.load8_s (i32.add (global.get $predDir) (local.get $uIn)))) (f64.load (i32.add (global.get $cost) (i32.shl (local.get $inArc) (i32.const 3)))))))
            (local.set $threadEnd (i32.load (i32.add (global.get $thread) (i32.shl (i32.load (i32.add (global.get $lastSucc) (i32.shl (local.get $uIn) (i32.const 2)))) (i32.const 2)))))
            (if (i32.le_s (i32.mul (i32.const 2) (i32.load (i32.add (global.get $succNum) (i32.shl (local.get $uIn) (i32.const 2))))) (i32.add (local.get $nodeCount) (i32.const 1)))
              (then (call $shift (local.get $uIn) (local.get $threadEnd) (local.get $sigma)))
              (else (call $shift (local.get $threadEnd) (local.get $uIn) (f64.neg (local.get $sigma)))))))
        (local.set $pivots (i32.add (local.get $pivots) (i32.const 1)))
        (br $pivot)))
    (global.set $pivots (local.get $pivots)) (global.set $nextArc (local.get $next))
    (i32.const 0)))
