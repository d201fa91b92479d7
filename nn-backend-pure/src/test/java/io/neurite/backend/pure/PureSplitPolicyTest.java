package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The split rule of {@link SplitPolicy} and its start-up measurement. */
class PureSplitPolicyTest {

    @Test
    void anOperationIsSplitWhereTheTimeSavedRepaysTheDispatchCostWithMargin() {
        // 2 threads save half the work: split at PAYBACK * dispatch / (cost / 2) elements, grain half of that
        double dispatch = 2_000;
        double cost = 0.5;
        int grain = SplitPolicy.grainOf(2, dispatch, cost);
        assertEquals(Math.ceil(SplitPolicy.PAYBACK * dispatch / (cost / 2) / 2), grain, 1);
        // dearer dispatch or cheaper elements: larger grains; never below the floor; one thread: never split
        assertTrue(SplitPolicy.grainOf(2, 4 * dispatch, cost) > grain);
        assertTrue(SplitPolicy.grainOf(2, dispatch, cost / 4) > grain);
        assertEquals(SplitPolicy.MIN_GRAIN, SplitPolicy.grainOf(2, 1, 10));
        assertTrue(SplitPolicy.grainOf(1, dispatch, cost) >= Integer.MAX_VALUE / 4);
    }

    @Test
    void theMeasurementIsBoundedAndDescribed() {
        WorkerPool pool = new WorkerPool(2, "split-policy-test");
        long start = System.nanoTime();
        SplitPolicy policy = SplitPolicy.measure(pool);
        long took = System.nanoTime() - start;
        assertTrue(policy.dispatchNanos() > 0, "a dispatch takes a positive time: " + policy.dispatchNanos());
        // the budget, plus at most 11 timed-out rendezvous of 200 us, plus scheduling slack on a busy machine
        assertTrue(took < SplitPolicy.MEASURE_NANOS + 11 * 200_000L + 500_000_000L, "took " + took + " ns");
        assertTrue(policy.describe().contains("measured at start-up"), policy.describe());
        assertTrue(policy.grain(SplitPolicy.Cost.STREAM) > policy.grain(SplitPolicy.Cost.TRANSCENDENTAL)
                || policy.grain(SplitPolicy.Cost.STREAM) == SplitPolicy.MIN_GRAIN, policy.describe());
    }

    @Test
    void oneThreadIsNeverSplitAndNotMeasured() {
        SplitPolicy policy = SplitPolicy.measure(new WorkerPool(1, "split-policy-test-1"));
        assertEquals(0, policy.dispatchNanos());
        assertTrue(policy.describe().contains("no splitting"), policy.describe());
    }

    @Test
    void aMeasurementAtTheRendezvousTimeoutIsUnsettledAndAnotherMeasurementReplacesIt() {
        // what the probe returns when the workers never joined it in time: half the wait and more
        assertTrue(new SplitPolicy(2, SplitPolicy.RENDEZVOUS_NANOS, "measured at start-up").unsettled());
        assertTrue(new SplitPolicy(2, SplitPolicy.RENDEZVOUS_NANOS / 2.0, "measured at start-up").unsettled());
        assertTrue(!new SplitPolicy(2, 1_500, "measured at start-up").unsettled());
        // a figure given by the property is the user's choice, whatever it is
        assertTrue(!new SplitPolicy(2, SplitPolicy.RENDEZVOUS_NANOS, null).unsettled());
        WorkerPool pool = new WorkerPool(2, "split-policy-test-again");
        long start = System.nanoTime();
        SplitPolicy again = SplitPolicy.remeasure(pool);
        long took = System.nanoTime() - start;
        assertTrue(again.describe().contains("re-measured after start-up"), again.describe());
        // only its sign: on a loaded machine (CI runs several test JVMs at once) a job whose worker is
        // preempted mid-task takes as long as the scheduler makes it
        assertTrue(again.dispatchNanos() > 0, "dispatch " + again.dispatchNanos());
        assertTrue(took < SplitPolicy.REMEASURE_NANOS + 11 * SplitPolicy.RENDEZVOUS_NANOS + 500_000_000L,
                "took " + took + " ns");
    }

    @Test
    void theBackendMeasuresAgainWhenItsStartUpMeasurementWasUnsettled() {
        PureBackend backend = new PureBackend(2);
        SplitPolicy unsettled = new SplitPolicy(2, SplitPolicy.RENDEZVOUS_NANOS, "measured at start-up");
        backend.useSplitPolicy(unsettled);
        SplitPolicy now = backend.split();
        // one attempt was made; on a machine whose second core is free it settles, on a busy one it may not
        if (now == unsettled) {
            assertEquals(PureBackend.REMEASUREMENTS - 1, backend.remeasurementsLeft());
        } else {
            assertTrue(!now.unsettled() && now.describe().contains("re-measured after start-up"), now.describe());
            assertTrue(backend.describe().contains("re-measured after start-up"), backend.describe());
            assertTrue(now.grain(SplitPolicy.Cost.ADAM) < unsettled.grain(SplitPolicy.Cost.ADAM), now.describe());
        }
        // no second attempt within the interval: the next call returns at once with what it has
        int left = backend.remeasurementsLeft();
        backend.split();
        assertEquals(left, backend.remeasurementsLeft());
    }
}
