package io.neurite.backend.pure;

import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.PoolingKernels;
import io.neurite.kernel.PoolingLoops;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * Pooling on {@code float[]}, split over the worker threads by image plane as {@link SplitPolicy} says pays:
 * 2x2 max pooling at stride 2 over planes it tiles through {@link MaxPool2x2} (SIMD on that path), everything
 * else through the plain loops of {@link PoolingLoops}. Memory bound: each input element is read once per window
 * it falls in (once for the usual non-overlapping windows). One reusable job object per calling thread, which
 * keeps its {@link PoolingLoops} while the shapes and the window stay the same, so that a training step
 * allocates nothing here.
 */
final class PurePoolingKernels implements PoolingKernels {
    private final PureBackend backend;
    private final MaxPool2x2 maxPool2x2;

    PurePoolingKernels(PureBackend backend) {
        this.backend = backend;
        this.maxPool2x2 = KernelPath.simdOrScalar(MaxPool2x2.class, "VectorMaxPool2x2", new MaxPool2x2());
    }

    private enum Mode { MAX, MAX_BACKWARD, AVG, AVG_BACKWARD }

    private static final class Job implements PureBackend.Range {
        Mode mode;
        float[] x;
        float[] y;
        float[] dy;
        float[] dx;
        PoolingLoops loops;
        /** The 2x2 stride-2 loops of the backend's path. */
        MaxPool2x2 fast;
        /** Whether the window is 2x2 at stride 2, unpadded, over even sizes: windows that tile the planes. */
        boolean tiled2x2;
        private Shape in;
        private Shape out;
        private Window2d window;

        void loops(Shape input, Shape output, Window2d win) {
            if (!input.equals(in) || !output.equals(out) || !win.equals(window)) {
                loops = new PoolingLoops(input, output, win);
                in = input;
                out = output;
                window = win;
                tiled2x2 = win.equals(Window2d.of(2, 2)) && input.dim(2) % 2 == 0 && input.dim(3) % 2 == 0
                        && output.dim(2) * 2 == input.dim(2) && output.dim(3) * 2 == input.dim(3);
            }
        }

        @Override
        public void run(int from, int to) {
            switch (mode) {
                case MAX -> {
                    if (!tiled2x2 || !fast.forward(x, y, from, to, in.dim(2), in.dim(3))) {
                        loops.maxPool(x, y, from, to);
                    }
                }
                case MAX_BACKWARD -> {
                    if (!tiled2x2 || !fast.backward(x, dy, dx, from, to, in.dim(2), in.dim(3))) {
                        loops.maxPoolBackward(x, dy, dx, from, to);
                    }
                }
                case AVG -> loops.avgPool(x, y, from, to);
                case AVG_BACKWARD -> loops.avgPoolBackward(dy, dx, from, to);
                default -> throw new IllegalStateException(mode.toString());
            }
        }
    }

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    private Job job(Mode mode, Shape input, Shape output, Window2d window) {
        Job job = JOBS.get();
        if (job.mode != null) {
            job = new Job(); // re-entered on this thread (cannot happen today; stay correct if it does)
        }
        job.mode = mode;
        job.fast = maxPool2x2;
        job.loops(input, output, window);
        return job;
    }

    private void run(Job job, Shape input) {
        try {
            int planeSize = input.dim(2) * input.dim(3);
            int grain = backend.split().grain(SplitPolicy.Cost.STREAM);
            backend.parallel(PoolingLoops.planes(input), Math.max(1, grain / planeSize), job);
        } finally {
            job.mode = null;
            job.x = null;
            job.y = null;
            job.dy = null;
            job.dx = null;
        }
    }

    @Override
    public void maxPool2d(Tensor input, Window2d window, Tensor output) {
        KernelChecks.pool2d("maxPool2d", input, window, output);
        Job job = job(Mode.MAX, input.shape(), output.shape(), window);
        job.x = data("maxPool2d", input);
        job.y = data("maxPool2d", output);
        run(job, input.shape());
    }

    @Override
    public void maxPool2dBackward(Tensor input, Tensor gradOutput, Window2d window, Tensor gradInput) {
        KernelChecks.pool2dBackward("maxPool2dBackward", input, gradOutput, window, gradInput);
        Job job = job(Mode.MAX_BACKWARD, input.shape(), gradOutput.shape(), window);
        job.x = data("maxPool2dBackward", input);
        job.dy = data("maxPool2dBackward", gradOutput);
        job.dx = data("maxPool2dBackward", gradInput);
        run(job, input.shape());
    }

    @Override
    public void avgPool2d(Tensor input, Window2d window, Tensor output) {
        KernelChecks.pool2d("avgPool2d", input, window, output);
        Job job = job(Mode.AVG, input.shape(), output.shape(), window);
        job.x = data("avgPool2d", input);
        job.y = data("avgPool2d", output);
        run(job, input.shape());
    }

    @Override
    public void avgPool2dBackward(Tensor gradOutput, Window2d window, Tensor gradInput) {
        KernelChecks.pool2dBackward("avgPool2dBackward", gradInput, gradOutput, window, gradInput);
        Job job = job(Mode.AVG_BACKWARD, gradInput.shape(), gradOutput.shape(), window);
        job.dy = data("avgPool2dBackward", gradOutput);
        job.dx = data("avgPool2dBackward", gradInput);
        run(job, gradInput.shape());
    }

    private float[] data(String op, Tensor t) {
        return PureTensor.cast(op, backend, t).data;
    }
}
