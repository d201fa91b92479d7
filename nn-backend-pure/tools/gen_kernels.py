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
DEFAULT = ['12x2', '8x2', '5x2', '6x2', '14x2', '4x3', '8x3', '4x2', '3x3',
           '5x2u2', '5x2u4', '6x2u2', '6x2u4', '4x3u2', '4x3u4', '3x3u4', '4x2u4', '12x2u2', '8x2u2',
           '5x2i', '6x2i', '4x3i', '3x3i', '5x2iu2', '6x2iu2', '4x3iu2', '12x2i', '8x2i',
           '5x2z', '6x2z', '4x3z', '4x2z', '4x2u2', '4x2zu2', '5x2zu2', '3x3z', '12x2z', '8x2z',
           '5x2b', '5x2bz', '6x2b', '6x2bz', '4x3b', '4x3bz', '5x2bu2', '5x2bzu2', '4x2bu2', '12x2b', '8x2b']

def parse(shape):
    """'5x2' is 5 rows x 2 vectors; '5x2u4' the same tile with the packed kernel's k loop written out 4 times;
    an 'i' after the tile ('5x2i', '5x2iu2') steps the packed kernel's A and B offsets as induction variables
    of their own instead of computing them from p."""
    m = re.fullmatch(r'(\d+)x(\d+)([ibz]*)(?:u(\d+))?', shape)
    if not m:
        raise SystemExit(f"bad shape {shape}")
    return int(m.group(1)), int(m.group(2)), int(m.group(4) or 1), m.group(3)

SHAPES = [parse(s) for s in (sys.argv[1:] or DEFAULT)]

def shape_name(mr, nv, unroll, flags):
    return f"{mr}x{nv}" + flags + (f"u{unroll}" if unroll > 1 else "")

def class_name(mr, nv, unroll, flags):
    return f"K{mr}x{nv}" + flags.upper() + (f"U{unroll}" if unroll > 1 else "")

def packed_step(w, mr, nv, p, u, ivs):
    """One k-index (p + u) of the packed kernel: nv B loads, then per row a broadcast and its nv FMAs."""
    q = f"({p} + {u})" if u else p
    sfx = f"_{u}" if u else ""
    if ivs:
        if u:
            w(f"                int ao{sfx} = ao + {u * mr};")
            w(f"                int bo{sfx} = bo + {u} * ({nv} * L);")
    else:
        w(f"                int ao{sfx} = apOff + {q} * {mr};")
        w(f"                int bo{sfx} = bpOff + {q} * ({nv} * L);")
    for j in range(nv):
        off = f" + {j} * L" if j else ""
        w(f"                FloatVector b{j}{sfx} = FloatVector.fromArray(S, bp, bo{sfx}{off});")
    for i in range(mr):
        idx = f"ao{sfx} + {i}" if i else f"ao{sfx}"
        w(f"                FloatVector a{i}{sfx} = FloatVector.broadcast(S, ap[{idx}]);")
        for j in range(nv):
            w(f"                c{i}_{j} = a{i}{sfx}.fma(b{j}{sfx}, c{i}_{j});")


def kernel(mr, nv, unroll, flags):
    name = class_name(mr, nv, unroll, flags)
    ivs = 'i' in flags or 'b' in flags
    bloop = 'b' in flags
    zero = 'z' in flags
    out = []
    w = out.append
    w(f"    /** {mr} rows x {nv} vectors: {mr * nv} accumulators, {nv} B registers, 1 broadcast. */")
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
    unrolled = (", the loop counting B's offset" if bloop else ", offsets as induction variables" if ivs else "") + (", C added after the loop" if zero else "") + (f", k loop unrolled by {unroll}" if unroll > 1 else "")
    w(f"            return \"SIMD {mr}x\" + ({nv} * L) + \" micro-kernel ({mr}x{nv} vectors of \" + S.vectorBitSize() + \" bits{unrolled}; \"")
    w(f"                    + REGISTERS.registers() + \" vector registers: \" + REGISTERS.why() + \")\";")
    w(f"        }}")
    w("")
    w(f"        @Override")
    w(f"        public void multiplyAdd(int kc, float[] ap, int apOff, float[] bp, int bpOff, float[] c, int cOff,")
    w(f"                                int ldc) {{")
    # The tile starts from C itself and is stored back at the end, so the kernel needs no vector add.
    # Loading zeros and adding C afterwards (the textbook form) made C2 on JDK 17 now and then fail to
    # intrinsify that final add ("missing constant" in -XX:+PrintIntrinsics), and the fallback allocates
    # a float[] per vector: 1 MB of garbage per training step.
    if zero:
        for i in range(mr):
            for j in range(nv):
                w(f"            FloatVector c{i}_{j} = FloatVector.zero(S);")
    else:
        for i in range(mr):
            row = f"cOff + {i} * ldc" if i else "cOff"
            w(f"            int r{i} = {row};")
        for i in range(mr):
            for j in range(nv):
                off = f" + {j} * L" if j else ""
                w(f"            FloatVector c{i}_{j} = FloatVector.fromArray(S, c, r{i}{off});")
    if ivs:
        w(f"            int ao = apOff;")
        w(f"            int bo = bpOff;")
    step = f", ao += {unroll * mr}, bo += {unroll} * ({nv} * L)" if ivs else ""
    step1 = f", ao += {mr}, bo += {nv} * L" if ivs else ""
    if bloop:
        # the loop counts B's offset itself; A's offset is a second induction variable
        w(f"            int bEnd = bpOff + kc * ({nv} * L);")
        if unroll > 1:
            w(f"            int bMain = bpOff + (kc - kc % {unroll}) * ({nv} * L);")
            w(f"            for (; bo < bMain; bo += {unroll} * ({nv} * L), ao += {unroll * mr}) {{")
            for u in range(unroll):
                packed_step(w, mr, nv, "p", u, ivs)
            w(f"            }}")
        w(f"            for (; bo < bEnd; bo += {nv} * L, ao += {mr}) {{")
        packed_step(w, mr, nv, "p", 0, ivs)
        w(f"            }}")
    elif unroll == 1:
        w(f"            for (int p = 0; p < kc; p++{step1}) {{")
        w(f"                // indices linear in p, so that C2 can hoist the bounds checks out of the loop")
        packed_step(w, mr, nv, "p", 0, ivs)
        w(f"            }}")
    else:
        # C2 does not unroll a loop body this large, so each k-index would pay the loop's increment,
        # compare and branch; written out {unroll} times, the main loop pays them once per {unroll} k-indices.
        w(f"            int p = 0;")
        w(f"            for (; p <= kc - {unroll}; p += {unroll}{step}) {{")
        w(f"                // indices linear in p, so that C2 can hoist the bounds checks out of the loop")
        for u in range(unroll):
            packed_step(w, mr, nv, "p", u, ivs)
        w(f"            }}")
        w(f"            for (; p < kc; p++{step1}) {{")
        packed_step(w, mr, nv, "p", 0, ivs)
        w(f"            }}")
    if zero:
        # tile * 1 + C, exact as an add (one rounding), through the same intrinsic as the loop's FMAs: on
        # JDK 17 a separate vector add now and then failed to intrinsify (see above)
        w(f"            FloatVector one = FloatVector.broadcast(S, 1f);")
        for i in range(mr):
            row = f"cOff + {i} * ldc" if i else "cOff"
            w(f"            int r{i} = {row};")
        for i in range(mr):
            for j in range(nv):
                off = f" + {j} * L" if j else ""
                w(f"            c{i}_{j}.fma(one, FloatVector.fromArray(S, c, r{i}{off})).intoArray(c, r{i}{off});")
    else:
        for i in range(mr):
            for j in range(nv):
                off = f" + {j} * L" if j else ""
                w(f"            c{i}_{j}.intoArray(c, r{i}{off});")
    w(f"        }}")
    w("")
    # The same tile with B read in place through a row-offset table (MicroKernel.multiplyAddRows): one int load
    # per k-index and bounds checks that C2 cannot hoist, against a whole packing pass over B.
    w(f"        @Override")
    w(f"        public void multiplyAddRows(int kc, float[] ap, int apOff, float[] b, int[] rowOff, int rowFrom, int col,")
    w(f"                                    float[] c, int cOff, int ldc) {{")
    for i in range(mr):
        row = f"cOff + {i} * ldc" if i else "cOff"
        w(f"            int r{i} = {row};")
    for i in range(mr):
        for j in range(nv):
            off = f" + {j} * L" if j else ""
            w(f"            FloatVector c{i}_{j} = FloatVector.fromArray(S, c, r{i}{off});")
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
    for i in range(mr):
        for j in range(nv):
            off = f" + {j} * L" if j else ""
            w(f"            c{i}_{j}.intoArray(c, r{i}{off});")
    w(f"        }}")
    w("")
    # A read in place too, as mr rows lda apart (the weight gradient's dY): a broadcast is one scalar load
    # either way, so A needs no packing when its rows are long runs.
    w(f"        @Override")
    w(f"        public void multiplyAddStrided(int kc, float[] a, int aOff, int lda, float[] b, int[] rowOff, int rowFrom,")
    w(f"                                       int col, float[] c, int cOff, int ldc) {{")
    for i in range(mr):
        row = f"cOff + {i} * ldc" if i else "cOff"
        w(f"            int r{i} = {row};")
    for i in range(mr):
        row = f"aOff + {i} * lda" if i else "aOff"
        w(f"            int a{i}Off = {row};")
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
    for i in range(mr):
        for j in range(nv):
            off = f" + {j} * L" if j else ""
            w(f"            c{i}_{j}.intoArray(c, r{i}{off});")
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
     *   <li>16 registers (AVX2): 5 x 2 (10 + 2 + broadcasts). The textbook 6 x 2 (12 + 2 + 1 = 15) leaves C2
     *       no slack: JDK 25 keeps three broadcasts live at once, spills an accumulator to the stack and runs
     *       at 44 % of the peak (JDK 17: 84 %); 5 x 2 runs at 92 % on JDK 25 and 81 % on JDK 17.</li>
     * </ul>
     */
    static String tileFor(int vectorBits, int registers) {
        if (registers >= 32) {
            return vectorBits >= 256 ? "12x2" : "8x2";
        }
        return "5x2";
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
