package io.neurite.backend.nd4j;

import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.PoolingKernels;
import io.neurite.kernel.PoolingLoops;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Tensor;

/**
 * Pooling as the loops of {@link PoolingLoops} (the pure backend's) on per-thread heap copies of the native
 * tensors. libnd4j's {@code maxpool2d}/{@code avgpool2d} take only symmetric padding and differ in their
 * average divisor conventions; a bulk copy each way costs less than these memory-bound loops.
 */
final class Nd4jPoolingKernels implements PoolingKernels {
    private final Nd4jBackend backend;

    Nd4jPoolingKernels(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public void maxPool2d(Tensor input, Window2d window, Tensor output) {
        KernelChecks.pool2d("maxPool2d", input, window, output);
        HeapScratch s = HeapScratch.get();
        float[] x = s.copyOf(0, cast("maxPool2d", input));
        float[] y = s.slot(1, output.size());
        s.poolingLoops(input.shape(), output.shape(), window).maxPool(x, y, 0, PoolingLoops.planes(input.shape()));
        HeapScratch.copyInto(y, cast("maxPool2d", output));
    }

    @Override
    public void maxPool2dBackward(Tensor input, Tensor gradOutput, Window2d window, Tensor gradInput) {
        KernelChecks.pool2dBackward("maxPool2dBackward", input, gradOutput, window, gradInput);
        HeapScratch s = HeapScratch.get();
        float[] x = s.copyOf(0, cast("maxPool2dBackward", input));
        float[] dy = s.copyOf(1, cast("maxPool2dBackward", gradOutput));
        float[] dx = s.slot(2, gradInput.size());
        s.poolingLoops(input.shape(), gradOutput.shape(), window)
                .maxPoolBackward(x, dy, dx, 0, PoolingLoops.planes(input.shape()));
        HeapScratch.copyInto(dx, cast("maxPool2dBackward", gradInput));
    }

    @Override
    public void avgPool2d(Tensor input, Window2d window, Tensor output) {
        KernelChecks.pool2d("avgPool2d", input, window, output);
        HeapScratch s = HeapScratch.get();
        float[] x = s.copyOf(0, cast("avgPool2d", input));
        float[] y = s.slot(1, output.size());
        s.poolingLoops(input.shape(), output.shape(), window).avgPool(x, y, 0, PoolingLoops.planes(input.shape()));
        HeapScratch.copyInto(y, cast("avgPool2d", output));
    }

    @Override
    public void avgPool2dBackward(Tensor gradOutput, Window2d window, Tensor gradInput) {
        KernelChecks.pool2dBackward("avgPool2dBackward", gradInput, gradOutput, window, gradInput);
        HeapScratch s = HeapScratch.get();
        float[] dy = s.copyOf(1, cast("avgPool2dBackward", gradOutput));
        float[] dx = s.slot(2, gradInput.size());
        s.poolingLoops(gradInput.shape(), gradOutput.shape(), window)
                .avgPoolBackward(dy, dx, 0, PoolingLoops.planes(gradInput.shape()));
        HeapScratch.copyInto(dx, cast("avgPool2dBackward", gradInput));
    }

    private Nd4jTensor cast(String op, Tensor t) {
        return Nd4jTensor.cast(op, backend, t);
    }
}
