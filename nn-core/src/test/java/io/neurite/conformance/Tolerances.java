package io.neurite.conformance;

/**
 * Every tolerance of the tensor conformance kit, in one place so that all backends are held to the same
 * standard. References are computed in double; a backend computes in float32, whose machine epsilon is
 * {@value #FLOAT_EPSILON} (one unit in the last place at 1.0 is 2^-23).
 *
 * <ul>
 *   <li>{@link #ARITHMETIC}: add, sub, mul, div, scale, addScalar, axpy, clamp, max, relu, abs, square,
 *       sqrt. One or two float roundings of the exact result (two when a backend does not fuse
 *       {@code a + alpha * x} into one FMA), plus a small absolute term for results that cancel to
 *       near zero. Inputs are O(1).</li>
 *   <li>{@link #TRANSCENDENTAL}: exp, log, sigmoid, tanh, GELU, softplus and the activation derivatives.
 *       Vectorised and native math libraries (SVML, ND4J's own kernels) are allowed a few ulps more than
 *       {@code java.lang.Math}; 1e-5 relative is ~80 ulps, tight enough that a wrong formula (e.g. the
 *       erf GELU instead of the tanh form, which differs by up to ~1e-3) fails.</li>
 *   <li>{@link #ROW_WISE}: softmax, log-softmax, row maxima; rows of up to a few thousand elements.</li>
 *   <li>Reductions and gemm accumulate many terms, so their bound scales with the number of terms and
 *       with the magnitudes summed (not with the result, which can cancel): see {@link #reduction} and
 *       {@link #gemm}.</li>
 * </ul>
 */
public final class Tolerances {
    private Tolerances() {
    }

    /** Float32 machine epsilon, 2^-23. */
    public static final double FLOAT_EPSILON = 0x1p-23;

    /** Exact arithmetic with at most two roundings. */
    public static final Tolerance ARITHMETIC = new Tolerance(1e-6, 4 * FLOAT_EPSILON);

    /** Transcendental functions and activation derivatives. */
    public static final Tolerance TRANSCENDENTAL = new Tolerance(2e-6, 1e-5);

    /** Row-wise softmax, log-softmax (values near 0 after subtracting a large log-sum-exp get 1e-5 absolute). */
    public static final Tolerance ROW_WISE = new Tolerance(1e-5, 1e-5);

    /**
     * A sum of {@code terms} values whose absolute values sum to {@code magnitude}. The contract says
     * whole-tensor reductions accumulate in double, but column and row sums may accumulate in float
     * (blocked or pairwise); the classical bound for recursive float summation is
     * {@code (terms - 1) * u * magnitude} with {@code u = epsilon / 2} (Higham, <i>Accuracy and Stability of
     * Numerical Algorithms</i>, 2nd ed., §4.2); we allow {@code terms * epsilon * magnitude}, twice that.
     */
    public static Tolerance reduction(int terms, double magnitude) {
        return new Tolerance(1e-6 + terms * FLOAT_EPSILON * magnitude, 0);
    }

    /**
     * One element of {@code C = alpha * op(A) op(B) + beta * C} with inner dimension {@code k}, where
     * {@code magnitude = |alpha| * sum_p |a_ip b_pj| + |beta * c_ij|}. The dot-product bound
     * {@code gamma_k = k u / (1 - k u)} (Higham §3.1) plus the scaling by alpha and beta gives about
     * {@code (k + 2) u * magnitude}; we allow {@code (k + 2) * epsilon * magnitude}, twice that, which any
     * summation order (blocked, vectorised, FMA or not) meets, while a wrong element (a transposed index, a
     * missed k-block, a dropped beta) is off by O(magnitude) and fails.
     */
    public static Tolerance gemm(int k, double magnitude) {
        return new Tolerance(1e-30 + (k + 2) * FLOAT_EPSILON * magnitude, 0);
    }
}
