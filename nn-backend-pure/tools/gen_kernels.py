#!/usr/bin/env python3
"""Generates VectorMicroKernels.java: register-blocked sgemm micro-kernels for the Vector API.

The accumulators of an MR x (NV vectors) tile must be separate local variables (a Java array of vectors
would be heap objects), so each tile shape is written out in full. Run from the repository root:
    python3 nn-backend-pure/tools/gen_kernels.py \
        > nn-backend-pure/src/main/java/io/neurite/backend/pure/VectorMicroKernels.java
"""
import re
import sys

# every shape the kernel choice can pick, plus the alternatives -Dneurite.gemm.kernel offers for experiments
DEFAULT = ['12x2', '8x2', '5x2', '6x2', '14x2', '4x3', '8x3', '4x2', '3x3', '6x2b', '5x2b']

def parse(shape):
    """'5x2' is 5 rows x 2 vectors. A 'b' after it ('6x2b') is the same tile in the lean form of the packed
    kernel (see lean_loop): for the 16-register file."""
    m = re.fullmatch(r'(\d+)x(\d+)(b?)', shape)
    if not m:
        raise SystemExit(f"bad shape {shape}: rows x vectors, optionally followed by b")
    return int(m.group(1)), int(m.group(2)), m.group(3) == 'b'

SHAPES = [parse(s) for s in (sys.argv[1:] or DEFAULT)]

def shape_name(mr, nv, lean):
    return f"{mr}x{nv}" + ("b" if lean else "")

def class_name(mr, nv, lean):
    return f"K{mr}x{nv}" + ("B" if lean else "")

def fma_step(w, mr, nv):
    """One k-index of the packed kernel at offsets ao (A) and bo (B): nv B loads, then per row a broadcast
    and its nv FMAs."""
    for j in range(nv):
        off = f" + {j} * L" if j else ""
        w(f"                FloatVector b{j} = FloatVector.fromArray(S, bp, bo{off});")
    for i in range(mr):
        w(f"                FloatVector a{i} = FloatVector.broadcast(S, ap[ao + {i}]);" if i else
          f"                FloatVector a{i} = FloatVector.broadcast(S, ap[ao]);")
        for j in range(nv):
            w(f"                c{i}_{j} = a{i}.fma(b{j}, c{i}_{j});")

def tile_from_c(w, mr, nv):
    """The classic start: the tile loaded from C, whose row offsets then stay live to the store."""
    for i in range(mr):
        row = f"cOff + {i} * ldc" if i else "cOff"
        w(f"            int r{i} = {row};")
    for i in range(mr):
        for j in range(nv):
            off = f" + {j} * L" if j else ""
            w(f"            FloatVector c{i}_{j} = FloatVector.fromArray(S, c, r{i}{off});")

def tile_into_c(w, mr, nv):
    for i in range(mr):
        for j in range(nv):
            off = f" + {j} * L" if j else ""
            w(f"            c{i}_{j}.intoArray(c, r{i}{off});")

def tile_from_zero(w, mr, nv):
    """The lean start (see lean_loop): no C row offset is live during the loop."""
    for i in range(mr):
        for j in range(nv):
            w(f"            FloatVector c{i}_{j} = FloatVector.zero(S);")

def tile_added_to_c(w, mr, nv):
    """C += tile as an FMA by 1 (exact, one rounding as an add): the intrinsic the loop already uses."""
    w(f"            FloatVector one = FloatVector.broadcast(S, 1f);")
    for i in range(mr):
        row = f"cOff + {i} * ldc" if i else "cOff"
        w(f"            int r{i} = {row};")
    for i in range(mr):
        for j in range(nv):
            off = f" + {j} * L" if j else ""
            w(f"            c{i}_{j}.fma(one, FloatVector.fromArray(S, c, r{i}{off})).intoArray(c, r{i}{off});")

def classic_loop(w, mr, nv):
    """The tile starts from C itself and is stored back at the end, so the kernel needs no vector add.
    Loading zeros and adding C afterwards (the textbook form) made C2 on JDK 17 now and then fail to
    intrinsify that final add ("missing constant" in -XX:+PrintIntrinsics), and the fallback allocates
    a float[] per vector: 1 MB of garbage per training step."""
    tile_from_c(w, mr, nv)
    w(f"            for (int p = 0; p < kc; p++) {{")
    w(f"                // indices linear in p, so that C2 can hoist the bounds checks out of the loop")
    w(f"                int ao = apOff + p * {mr};")
    w(f"                int bo = bpOff + p * ({nv} * L);")
    fma_step(w, mr, nv)
    w(f"            }}")
    tile_into_c(w, mr, nv)

def lean_loop(w, mr, nv):
    """The same product with fewer integer instructions per k-index, for the 16-register file, where the
    loop's integer work and not the FMA units limited the classic form (C2's code read with objdump from
    -XX:CompileCommand=print; see docs/pure-backend.md):
    - the loop counts B's offset, and A's offset is a second induction variable stepped by mr: an add each
      instead of recomputing apOff + p * mr (strength-reduced to shifts and adds) and bpOff + p * nr every
      k-index. B's bounds checks stay hoisted (B's offset is the loop's own counter); A's two stay in the
      loop, as they did in the classic form on JDK 17, which cannot hoist checks on p * 5 or p * 6;
    - the tile starts from zero and C is added after the loop, so the mr row offsets of C are not live
      across the loop: they took general registers that C2 then found for the loop's offsets only by
      spilling them to the stack. The add is an FMA by 1 (exact: one rounding, as an add), the intrinsic
      the loop already uses, not the separate add that JDK 17 at times failed to intrinsify (see classic_loop).
    """
    tile_from_zero(w, mr, nv)
    w(f"            int ao = apOff;")
    w(f"            int bEnd = bpOff + kc * ({nv} * L);")
    w(f"            for (int bo = bpOff; bo < bEnd; bo += {nv} * L, ao += {mr}) {{")
    fma_step(w, mr, nv)
    w(f"            }}")
    tile_added_to_c(w, mr, nv)

def kernel(mr, nv, lean):
    name = class_name(mr, nv, lean)
    out = []
    w = out.append
    w(f"    /** {mr} rows x {nv} vectors: {mr * nv} accumulators, {nv} B registers, 1 broadcast"
      + ("; the packed loop in its lean form" if lean else "") + ". */")
    w(f"    static final class {name} implements MicroKernel {{")
    if (mr, nv) == (12, 2):
        # the convolutions' 64 filters: an 8-row tile computes 64 rows where this one computes 72
        w(f"        /** For products whose rows are a multiple of 8 but not of 12 (see {{@link MicroKernel#forRows}}). */")
        w(f"        private static final MicroKernel EIGHT_ROWS = new K8x2();")
        w("")
        w(f"        @Override")
        w(f"        public MicroKernel forRows(int rows) {{")
        w(f"            return rows % 12 != 0 && rows % 8 == 0 ? EIGHT_ROWS : this;")
        w(f"        }}")
        w("")
    w(f"        @Override")
    w(f"        public int mr() {{")
    w(f"            return {mr};")
    w(f"        }}")
    w("")
    w(f"        @Override")
    w(f"        public int nr() {{")
    w(f"            return {nv} * L;")
    w(f"        }}")
    w("")
    w(f"        @Override")
    w(f"        public String describe() {{")
    form = ", lean loop" if lean else ""
    w(f"            return \"SIMD {mr}x\" + ({nv} * L) + \" micro-kernel ({mr}x{nv} vectors of \" + S.vectorBitSize() + \" bits{form}; \"")
    w(f"                    + REGISTERS.registers() + \" vector registers: \" + REGISTERS.why() + \")\";")
    w(f"        }}")
    w("")
    w(f"        @Override")
    w(f"        public void multiplyAdd(int kc, float[] ap, int apOff, float[] bp, int bpOff, float[] c, int cOff,")
    w(f"                                int ldc) {{")
    (lean_loop if lean else classic_loop)(w, mr, nv)
    w(f"        }}")
    w("")
    # The same tile with B read in place through a row-offset table (MicroKernel.multiplyAddRows): one int load
    # per k-index and bounds checks that C2 cannot hoist, against a whole packing pass over B.
    w(f"        @Override")
    w(f"        public void multiplyAddRows(int kc, float[] ap, int apOff, float[] b, int[] rowOff, int rowFrom, int col,")
    w(f"                                    float[] c, int cOff, int ldc) {{")
    (tile_from_zero if lean else tile_from_c)(w, mr, nv)
    w(f"            for (int p = 0; p < kc; p++) {{")
    w(f"                int ao = apOff + p * {mr};")
    w(f"                int bo = rowOff[rowFrom + p] + col;")
    for j in range(nv):
        off = f" + {j} * L" if j else ""
        w(f"                FloatVector b{j} = FloatVector.fromArray(S, b, bo{off});")
    for i in range(mr):
        w(f"                FloatVector a{i} = FloatVector.broadcast(S, ap[ao + {i}]);" if i else
          f"                FloatVector a{i} = FloatVector.broadcast(S, ap[ao]);")
        for j in range(nv):
            w(f"                c{i}_{j} = a{i}.fma(b{j}, c{i}_{j});")
    w(f"            }}")
    (tile_added_to_c if lean else tile_into_c)(w, mr, nv)
    w(f"        }}")
    w("")
    # A read in place too, as mr rows lda apart (the weight gradient's dY): a broadcast is one scalar load
    # either way, so A needs no packing when its rows are long runs.
    w(f"        @Override")
    w(f"        public void multiplyAddStrided(int kc, float[] a, int aOff, int lda, float[] b, int[] rowOff, int rowFrom,")
    w(f"                                       int col, float[] c, int cOff, int ldc) {{")
    a_rows = [f"            int a{i}Off = " + (f"aOff + {i} * lda" if i else "aOff") + ";" for i in range(mr)]
    if lean:
        out.extend(a_rows)
        tile_from_zero(w, mr, nv)
    else:
        # as tile_from_c, with A's row offsets between C's offsets and loads
        for i in range(mr):
            row = f"cOff + {i} * ldc" if i else "cOff"
            w(f"            int r{i} = {row};")
        out.extend(a_rows)
        for i in range(mr):
            for j in range(nv):
                off = f" + {j} * L" if j else ""
                w(f"            FloatVector c{i}_{j} = FloatVector.fromArray(S, c, r{i}{off});")
    w(f"            for (int p = 0; p < kc; p++) {{")
    w(f"                int bo = rowOff[rowFrom + p] + col;")
    for j in range(nv):
        off = f" + {j} * L" if j else ""
        w(f"                FloatVector b{j} = FloatVector.fromArray(S, b, bo{off});")
    for i in range(mr):
        w(f"                FloatVector a{i} = FloatVector.broadcast(S, a[a{i}Off + p]);")
        for j in range(nv):
            w(f"                c{i}_{j} = a{i}.fma(b{j}, c{i}_{j});")
    w(f"            }}")
    (tile_added_to_c if lean else tile_into_c)(w, mr, nv)
    w(f"        }}")
    w(f"    }}")
    return "\n".join(out)

print("""package io.neurite.backend.pure;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked sgemm micro-kernels on the Vector API, generated by
 * {@code nn-backend-pure/tools/gen_kernels.py} (edit that, not this). Each computes
 * {@code C[MR x NR] += Ap sliver * Bp sliver} as in {@link MicroKernel}: per k-index it loads NR/L
 * vectors of packed B, broadcasts each of the MR values of packed A in turn and fuses a multiply-add
 * into an accumulator tile that lives in registers for the whole k-block.
 *
 * <p>The tile is chosen per vector width and register file ({@link #tileFor}); the reasons are measurements,
 * given there. Loaded only when the module {@code jdk.incubator.vector} is present (see {@link KernelPath}).
 */
final class VectorMicroKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** The vector registers the JIT has for this width, which decide the tile. */
    static final VectorRegisters.Count REGISTERS = VectorRegisters.forWidth(S.vectorBitSize());

    private VectorMicroKernels() {
    }

    /** The kernel for this CPU's vector width and register count, or the one {@code -Dneurite.gemm.kernel} names. */
    static MicroKernel forThisCpu() {
        String forced = System.getProperty("neurite.gemm.kernel");
        if (forced != null) {
            return named(forced);
        }
        return named(tileFor(S.vectorBitSize(), REGISTERS.registers()));
    }

    /**
     * The register tile for a vector width and register count. Measured on L1-resident operands (the peak
     * probe), Zen 4, JDK 17 and 25; the FMA peak there is 2 x 256-bit FMAs per cycle at every width:
     * <ul>
     *   <li>32 registers, 256 or 512 bits: 12 x 2 vectors (24 accumulators + 2 B + 1 broadcast = 27) runs at
     *       the peak; so do 8 x 2 and 6 x 2, but 12 x 2 loads the fewest B vectors per FMA.</li>
     *   <li>32 registers, 128 bits (NEON, or x86 limited to 128-bit vectors): 8 x 2, at the peak; 6 x 2
     *       reached 75 % on JDK 17.</li>
     *   <li>16 registers, 256 bits (AVX2): 6 x 2 vectors (12 + 2 + 1 = 15) with the packed loop in its lean
     *       form ({@code 6x2b}: the loop counts B's offset, the tile starts from zero; see
     *       {@code gen_kernels.py}): 92-101 % of the peak on JDK 17 and 25. In the classic form C2 spends
     *       more integer instructions per k-index than the FMAs take cycles (40 for 10 FMAs in 5 x 2 on JDK 17,
     *       A's bounds checks included), and the classic 6 x 2 spills an accumulator on JDK 25 (44 %). The
     *       classic 5 x 2, the previous choice, runs at 75-81 % on JDK 17 and 92 % on JDK 25.</li>
     *   <li>16 registers, 128 bits (x86 limited to 128-bit vectors without AVX-512): 5 x 2, not remeasured.</li>
     * </ul>
     */
    static String tileFor(int vectorBits, int registers) {
        if (registers >= 32) {
            return vectorBits >= 256 ? "12x2" : "8x2";
        }
        return vectorBits >= 256 ? "6x2b" : "5x2";
    }

    /** Every shape {@link #named} knows (the tests run them all). */
    static final String[] SHAPES = {""" + ", ".join('"' + shape_name(*t) + '"' for t in SHAPES) + """};

    /** A kernel by shape name such as {@code 12x2}, for tuning experiments. */
    static MicroKernel named(String shape) {
        switch (shape) {""")
for t in SHAPES:
    print(f"            case \"{shape_name(*t)}\":")
    print(f"                return new {class_name(*t)}();")
print("""            default:
                throw new IllegalArgumentException("-Dneurite.gemm.kernel=" + shape
                        + " is not one of """ + ", ".join(shape_name(*t) for t in SHAPES) + """");
        }
    }
""")
for t in SHAPES:
    print(kernel(*t))
    print()
print("}")
