package io.neurite.backend.nd4j;

import io.neurite.kernel.ConvolutionKernels;
import io.neurite.kernel.Im2col;
import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Convolution as im2col plus OpenBLAS {@code cblas_sgemm}, one product per image, reading and writing the
 * tensors' native memory in place through pointer offsets:
 * <pre>
 *   forward       out[n]  (F x P) = W (F x K) · col(x[n]) (K x P)         then + bias
 *   input grad    dcol    (K x P) = Wᵀ · dy[n]                             then col2im into dx[n]
 *   weight grad   dW      (F x K) += dy[n] · col(x[n])ᵀ                     straight into the gradient
 * </pre>
 * The im2col matrix of one image is built on the Java heap ({@link Im2col}, shared with the pure backend) and
 * copied into a per-thread native buffer; OpenBLAS threads each product. Each image's slice of the output or
 * gradient is reached through {@link HeapScratch#cursor}, so a call allocates no pointer objects. libnd4j's
 * own {@code conv2d} takes only symmetric padding and computes both gradients in one op, which this SPI's
 * separate input- and weight-gradient calls would run twice.
 */
final class Nd4jConvolutionKernels implements ConvolutionKernels {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private final Nd4jBackend backend;

    Nd4jConvolutionKernels(Nd4jBackend backend) {
        this.backend = backend;
    }

    /**
     * Sizes of one call: {@code image} is the NCHW side, {@code out} the output side. Mutable and kept per
     * thread ({@link #DIMS}), because a record made per call was the last allocation of the kernels.
     */
    private static final class Dims {
        int batch;
        int channels;
        int h;
        int w;
        int filters;
        int outH;
        int outW;
        int k;
        int p;

        Dims of(Shape image, Shape weight, Shape out) {
            batch = image.dim(0);
            channels = image.dim(1);
            h = image.dim(2);
            w = image.dim(3);
            filters = weight.dim(0);
            outH = out.dim(2);
            outW = out.dim(3);
            k = weight.dim(1) * weight.dim(2) * weight.dim(3);
            p = outH * outW;
            return this;
        }

        int inSize() {
            return channels * h * w;
        }

        int outSize() {
            return filters * p;
        }
    }

    private static final ThreadLocal<Dims> DIMS = ThreadLocal.withInitial(Dims::new);

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Window2d window, Tensor output) {
        KernelChecks.conv2d("conv2d", input, weight, bias, window, output);
        Nd4jTensor x = cast("conv2d", input);
        Nd4jTensor wt = cast("conv2d", weight);
        Nd4jTensor y = cast("conv2d", output);
        Dims d = DIMS.get().of(input.shape(), weight.shape(), output.shape());
        HeapScratch s = HeapScratch.get();
        float[] xs = s.copyOf(0, x);
        float[] col = s.slot(1, d.k * d.p);
        FloatPointer colNative = s.nativeBuffer((long) d.k * d.p);
        for (int n = 0; n < d.batch; n++) {
            Im2col.im2col(xs, n * d.inSize(), d.channels, d.h, d.w, window, d.outH, d.outW, col);
            colNative.position(0).put(col, 0, d.k * d.p);
            FloatPointer out = s.cursor(y, (long) n * d.outSize());
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, d.filters, d.p, d.k, 1f, wt.pointer(), d.k,
                    colNative, d.p, 0f, out, d.p);
        }
        if (bias != null) {
            Nd4jTensor b = cast("conv2d", bias);
            float[] ys = s.copyOf(2, y);
            for (int n = 0; n < d.batch; n++) {
                for (int f = 0; f < d.filters; f++) {
                    float bf = b.get(f);
                    int o = (n * d.filters + f) * d.p;
                    for (int i = o; i < o + d.p; i++) {
                        ys[i] += bf;
                    }
                }
            }
            HeapScratch.copyInto(ys, y);
        }
    }

    @Override
    public void conv2dInputGradient(Tensor gradOutput, Tensor weight, Window2d window, Tensor gradInput) {
        String op = "conv2dInputGradient";
        KernelChecks.conv2dInputGradient(op, gradOutput, weight, window, gradInput);
        Nd4jTensor dy = cast(op, gradOutput);
        Nd4jTensor wt = cast(op, weight);
        Nd4jTensor dx = cast(op, gradInput);
        Dims d = DIMS.get().of(gradInput.shape(), weight.shape(), gradOutput.shape());
        HeapScratch s = HeapScratch.get();
        float[] dxs = s.slot(0, dx.size());
        java.util.Arrays.fill(dxs, 0, dx.size(), 0f);
        float[] col = s.slot(1, d.k * d.p);
        FloatPointer colNative = s.nativeBuffer((long) d.k * d.p);
        for (int n = 0; n < d.batch; n++) {
            FloatPointer dyAt = s.cursor(dy, (long) n * d.outSize());
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, TRANS, NO_TRANS, d.k, d.p, d.filters, 1f, wt.pointer(), d.k,
                    dyAt, d.p, 0f, colNative.position(0), d.p);
            colNative.position(0).get(col, 0, d.k * d.p);
            Im2col.col2im(col, d.channels, d.h, d.w, window, d.outH, d.outW, dxs, n * d.inSize());
        }
        HeapScratch.copyInto(dxs, dx);
    }

    @Override
    public void conv2dWeightGradient(Tensor input, Tensor gradOutput, Window2d window, Tensor gradWeight,
                                     Tensor gradBias) {
        String op = "conv2dWeightGradient";
        KernelChecks.conv2dWeightGradient(op, input, gradOutput, window, gradWeight, gradBias);
        Nd4jTensor x = cast(op, input);
        Nd4jTensor dy = cast(op, gradOutput);
        Nd4jTensor dw = cast(op, gradWeight);
        Dims d = DIMS.get().of(input.shape(), gradWeight.shape(), gradOutput.shape());
        HeapScratch s = HeapScratch.get();
        float[] xs = s.copyOf(0, x);
        float[] col = s.slot(1, d.k * d.p);
        FloatPointer colNative = s.nativeBuffer((long) d.k * d.p);
        for (int n = 0; n < d.batch; n++) {
            Im2col.im2col(xs, n * d.inSize(), d.channels, d.h, d.w, window, d.outH, d.outW, col);
            colNative.position(0).put(col, 0, d.k * d.p);
            FloatPointer dyAt = s.cursor(dy, (long) n * d.outSize());
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, d.filters, d.k, d.p, 1f, dyAt, d.p,
                    colNative, d.p, 1f, dw.pointer(), d.k);
        }
        if (gradBias != null) {
            Nd4jTensor db = cast(op, gradBias);
            float[] dys = s.copyOf(2, dy);
            for (int f = 0; f < d.filters; f++) {
                double sum = 0;
                for (int n = 0; n < d.batch; n++) {
                    int o = (n * d.filters + f) * d.p;
                    for (int i = o; i < o + d.p; i++) {
                        sum += dys[i];
                    }
                }
                db.set(f, db.get(f) + (float) sum);
            }
        }
    }

    private Nd4jTensor cast(String op, Tensor t) {
        return Nd4jTensor.cast(op, backend, t);
    }
}
