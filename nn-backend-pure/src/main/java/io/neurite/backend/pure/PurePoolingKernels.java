package io.neurite.backend.pure;

import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.PoolingKernels;
import io.neurite.kernel.PoolingLoops;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Tensor;

/**
 * Pooling as the plain loops of {@link PoolingLoops}, split over the worker threads by image plane. Memory
 * bound: each input element is read once per window it falls in (once for the usual non-overlapping windows).
 */
final class PurePoolingKernels implements PoolingKernels {
    /** Planes per parallel task; a 28 x 28 plane is under a microsecond of work. */
    private static final int GRAIN = 64;

    private final PureBackend backend;

    PurePoolingKernels(PureBackend backend) {
        this.backend = backend;
    }

    @Override
    public void maxPool2d(Tensor input, Window2d window, Tensor output) {
        KernelChecks.pool2d("maxPool2d", input, window, output);
        float[] x = data("maxPool2d", input);
        float[] y = data("maxPool2d", output);
        PoolingLoops loops = new PoolingLoops(input.shape(), output.shape(), window);
        backend.parallel(PoolingLoops.planes(input.shape()), GRAIN, (from, to) -> loops.maxPool(x, y, from, to));
    }

    @Override
    public void maxPool2dBackward(Tensor input, Tensor gradOutput, Window2d window, Tensor gradInput) {
        KernelChecks.pool2dBackward("maxPool2dBackward", input, gradOutput, window, gradInput);
        float[] x = data("maxPool2dBackward", input);
        float[] dy = data("maxPool2dBackward", gradOutput);
        float[] dx = data("maxPool2dBackward", gradInput);
        PoolingLoops loops = new PoolingLoops(input.shape(), gradOutput.shape(), window);
        backend.parallel(PoolingLoops.planes(input.shape()), GRAIN,
                (from, to) -> loops.maxPoolBackward(x, dy, dx, from, to));
    }

    @Override
    public void avgPool2d(Tensor input, Window2d window, Tensor output) {
        KernelChecks.pool2d("avgPool2d", input, window, output);
        float[] x = data("avgPool2d", input);
        float[] y = data("avgPool2d", output);
        PoolingLoops loops = new PoolingLoops(input.shape(), output.shape(), window);
        backend.parallel(PoolingLoops.planes(input.shape()), GRAIN, (from, to) -> loops.avgPool(x, y, from, to));
    }

    @Override
    public void avgPool2dBackward(Tensor gradOutput, Window2d window, Tensor gradInput) {
        KernelChecks.pool2dBackward("avgPool2dBackward", gradInput, gradOutput, window, gradInput);
        float[] dy = data("avgPool2dBackward", gradOutput);
        float[] dx = data("avgPool2dBackward", gradInput);
        PoolingLoops loops = new PoolingLoops(gradInput.shape(), gradOutput.shape(), window);
        backend.parallel(PoolingLoops.planes(gradInput.shape()), GRAIN,
                (from, to) -> loops.avgPoolBackward(dy, dx, from, to));
    }

    private float[] data(String op, Tensor t) {
        return PureTensor.cast(op, backend, t).data;
    }
}
