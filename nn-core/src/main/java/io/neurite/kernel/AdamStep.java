package io.neurite.kernel;

/**
 * The coefficients of one Adam or AdamW update of one parameter, computed once per step by the optimizer
 * (in double, then rounded to float), so that every backend's kernel does the same float arithmetic. For
 * each element, in this order:
 *
 * <pre>
 *   d = g + l2 * p                                   (coupled L2: Adam's weight decay; 0 otherwise)
 *   m = beta1 * m + mix1 * d                         (mix1 = 1 - beta1)
 *   v = beta2 * v + mix2 * d * d                     (mix2 = 1 - beta2)
 *   p = shrink * p - stepSize * m / (sqrt(v) * denominatorScale + eps)
 * </pre>
 *
 * with {@code stepSize = lr / (1 - beta1^t)}, {@code denominatorScale = 1 / sqrt(1 - beta2^t)} (Kingma &amp;
 * Ba's bias corrections, arranged as PyTorch's {@code torch.optim.Adam}) and {@code shrink = 1 - lr * wd}
 * for AdamW's decoupled decay (1 otherwise). {@code m} and {@code v} are read before they are written and
 * {@code p} is read (for {@code d}) before it is written.
 */
public record AdamStep(float beta1, float mix1, float beta2, float mix2, float eps, float stepSize,
                       float denominatorScale, float l2, float shrink) {

    /**
     * The coefficients of step {@code t} (1-based) at rate {@code lr}.
     *
     * @param l2     coupled weight decay added to the gradient (Adam), 0 for none
     * @param shrink factor the parameter is multiplied by first (AdamW: {@code 1 - lr * wd}), 1 for none
     */
    public static AdamStep of(double beta1, double beta2, double eps, double lr, long t, double l2, double shrink) {
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        return new AdamStep((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) eps,
                (float) (lr / correction1), (float) (1 / Math.sqrt(correction2)), (float) l2, (float) shrink);
    }
}
