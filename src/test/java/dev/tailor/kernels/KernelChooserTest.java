package dev.tailor.kernels;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.tailor.errors.RunFailedException;
import dev.tailor.testing.SharedManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chooser: a wrong kernel is never used, the faster correct one is, and verdicts are kept. */
class KernelChooserTest {
    @SharedManager
    private static NDManager manager;

    private static final ConvParams SAME_3X3 = ConvParams.square(1, 1);

    /**
     * Zoo-like shapes (16 channels, channels-last), where libtorch's kernel is correct on every CPU
     * the project has met; the double makes it wrong on one of them.
     */
    @ParameterizedTest(name = "libtorch's kernel with wrong {0}")
    @EnumSource(PerturbedConv.What.class)
    void aWrongNativeKernelIsRejectedSaidOnceAndTheOtherPathUsed(PerturbedConv.What what) {
        PerturbedConv bad = new PerturbedConv(new NativeConv(), c -> c.shape().out() == 16, what);
        List<String> notices = new ArrayList<>();
        KernelChooser chooser = KernelChooser.builder().candidates(List.of(bad, new UnfoldGemmConv())).notices(notices::add).build();
        float[] first;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = input(m, 2, 16, 6);
            NDArray w = weights(m, 16, 16, 3);
            first = trainingPass(chooser, x, w);
            trainingPass(chooser, x, w);
        }
        Choice c = chooser.choices().get(0);
        assertThat(c.config().pass()).isEqualTo(ConvConfig.Pass.TRAINING);
        assertThat(c.verdict("native").status()).isEqualTo(Verdict.Status.WRONG);
        // A wrong output makes the gradients wrong by as much; a wrong backward leaves the output right.
        assertThat(c.verdict("native").detail()).startsWith("wrong ")
                .contains(what == PerturbedConv.What.OUTPUT ? "(error 3.0e-02)" : "gradient (error 5.0e-02)");
        assertThat(c.verdict("gemm").correct()).isTrue();
        assertThat(c.chosen()).isEqualTo("gemm");
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).contains("libtorch's conv2d gave a wrong", "3x3 conv, 16→16 channels", "channels-last", "on this CPU",
                "using the matrix-product path");
        // What training computes with the rejected kernel routed away equals the reference path's result.
        try (NDManager m = manager.newSubManager()) {
            float[] want = trainingPass(KernelChooser.builder().candidates(List.of(new UnfoldGemmConv())).build(), input(m, 2, 16, 6),
                    weights(m, 16, 16, 3));
            assertThat(first).containsExactly(want);
        }
        // A configuration the fault does not touch gets the same verdict for libtorch's kernel as an unperturbed check gives.
        try (NDManager m = manager.newSubManager()) {
            trainingPass(chooser, input(m, 2, 16, 6), weights(m, 32, 16, 3));
        }
        Choice untouched = chooser.choices().get(1);
        List<Verdict> clean = new KernelCheck(manager).verify(untouched.config(), 2, List.of(new NativeConv()));
        assertThat(untouched.verdict("native").status()).isEqualTo(clean.get(0).status());
        assertThat(notices).hasSize(clean.get(0).correct() ? 1 : 2);
    }

    /**
     * A kernel wrong only in its one-thread code path (on several threads it is wrong only when the
     * work is split a certain way, as on the Zen 5): the check's one-thread runs find it.
     */
    @Test
    void aKernelWrongOnlyOnOneThreadIsRejected() {
        assertThat(JniUtils.getNumThreads()).as("the test needs the engine's threads (surefire sets 2)").isGreaterThan(1);
        PerturbedConv bad = new PerturbedConv(new NativeConv(), c -> JniUtils.getNumThreads() == 1, PerturbedConv.What.GRADIENTS);
        KernelChooser chooser = KernelChooser.builder().candidates(List.of(bad, new UnfoldGemmConv())).notices(s -> { }).build();
        try (NDManager m = manager.newSubManager()) {
            trainingPass(chooser, input(m, 2, 16, 6), weights(m, 16, 16, 3));
        }
        Choice c = chooser.choices().get(0);
        assertThat(c.config().threads()).isGreaterThan(1);
        assertThat(c.verdict("native").status()).isEqualTo(Verdict.Status.WRONG);
        assertThat(c.verdict("native").detail()).containsPattern("in 2 of \\d+ runs");
        assertThat(c.chosen()).isEqualTo("gemm");
    }

    @Test
    void withNoCorrectKernelTheRunStopsInOneLineNamingShapeAndCpu() {
        PerturbedConv bad = new PerturbedConv(new NativeConv(), c -> true, PerturbedConv.What.GRADIENTS);
        KernelChooser chooser = KernelChooser.builder().candidates(List.of(bad)).notices(s -> { }).build();
        try (NDManager m = manager.newSubManager()) {
            NDArray x = input(m, 2, 16, 5);
            NDArray w = weights(m, 16, 16, 3);
            assertThatThrownBy(() -> trainingPass(chooser, x, w)).isInstanceOf(RunFailedException.class)
                    .hasMessageContaining("no convolution kernel computes the 3x3 conv, 16→16 channels, 5x5 input, channels-last, training")
                    .hasMessageContaining(CpuIdentity.current().model())
                    .hasMessageContaining("rather than training on wrong gradients")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void theSpeedRacePicksTheFasterCorrectCandidate() {
        ConvImpl slowNative = new Slowed(new NativeConv(), 25);
        KernelChooser chooser = KernelChooser.builder().candidates(List.of(slowNative, new UnfoldGemmConv())).build();
        ConvImpl slowGemm = new Slowed(new UnfoldGemmConv(), 25);
        KernelChooser other = KernelChooser.builder().candidates(List.of(new NativeConv(), slowGemm)).build();
        try (NDManager m = manager.newSubManager()) {
            NDArray x = input(m, 4, 8, 8);
            NDArray w = weights(m, 8, 8, 3);
            chooser.conv(x, w, null, SAME_3X3, ConvConfig.Layout.NCHW);
            other.conv(x, w, null, SAME_3X3, ConvConfig.Layout.NCHW);
        }
        Choice c = chooser.choices().get(0);
        assertThat(c.verdict("native").millis()).isGreaterThan(c.verdict("gemm").millis());
        assertThat(c.chosen()).isEqualTo("gemm");
        assertThat(other.choices().get(0).chosen()).isEqualTo("native");
    }

    @Test
    void libtorchsKernelStaysUnlessClearlyBeaten() {
        Verdict nativeOk = new Verdict("native", Verdict.Status.CORRECT, "", 1e-7, 10.0);
        assertThat(KernelChooser.fastest(List.of(nativeOk, new Verdict("gemm", Verdict.Status.CORRECT, "", 1e-7, 9.8)))).isEqualTo("native");
        assertThat(KernelChooser.fastest(List.of(nativeOk, new Verdict("gemm", Verdict.Status.CORRECT, "", 1e-7, 9.0)))).isEqualTo("gemm");
        assertThat(KernelChooser.fastest(List.of(new Verdict("native", Verdict.Status.WRONG, "wrong output", 0.1, Double.NaN),
                new Verdict("gemm", Verdict.Status.CORRECT, "", 1e-7, 50.0)))).isEqualTo("gemm");
    }

    @Test
    void verdictsAreKeptOnDiskAndADamagedFileIsNotUsed(@TempDir Path dir) throws Exception {
        List<String> notices = new ArrayList<>();
        VerdictCache cache = new VerdictCache(dir, () -> "test machine", notices::add);
        PerturbedConv bad = new PerturbedConv(new NativeConv(), c -> true, PerturbedConv.What.OUTPUT);
        KernelChooser first = KernelChooser.builder().candidates(List.of(bad, new UnfoldGemmConv())).cache(cache).notices(notices::add).build();
        try (NDManager m = manager.newSubManager()) {
            first.conv(input(m, 2, 3, 5), weights(m, 4, 3, 3), null, SAME_3X3, ConvConfig.Layout.NCHW);
        }
        assertThat(first.choices().get(0).fromDisk()).isFalse();
        assertThat(Files.readString(cache.file())).contains("\"chosen\" : \"gemm\"", "WRONG");

        // A new process on the same machine: the verdict comes from disk, libtorch's kernel is not run again.
        PerturbedConv watched = new PerturbedConv(new NativeConv(), c -> true, PerturbedConv.What.OUTPUT);
        KernelChooser second = KernelChooser.builder().candidates(List.of(watched, new UnfoldGemmConv()))
                .cache(new VerdictCache(dir, () -> "test machine", notices::add)).notices(notices::add).build();
        try (NDManager m = manager.newSubManager()) {
            second.conv(input(m, 2, 3, 5), weights(m, 4, 3, 3), null, SAME_3X3, ConvConfig.Layout.NCHW);
        }
        assertThat(second.choices().get(0).fromDisk()).isTrue();
        assertThat(second.choices().get(0).chosen()).isEqualTo("gemm");
        assertThat(watched.calls.get()).isZero();
        assertThat(notices.get(notices.size() - 1)).contains("found earlier, kept in " + cache.file());

        // One changed byte: refused in one line, checked again, and the file written anew.
        String text = Files.readString(cache.file());
        Files.writeString(cache.file(), text.replace("gemm\"", "gemn\""));
        notices.clear();
        KernelChooser third = KernelChooser.builder().candidates(List.of(watched, new UnfoldGemmConv()))
                .cache(new VerdictCache(dir, () -> "test machine", notices::add)).notices(notices::add).build();
        try (NDManager m = manager.newSubManager()) {
            third.conv(input(m, 2, 3, 5), weights(m, 4, 3, 3), null, SAME_3X3, ConvConfig.Layout.NCHW);
        }
        assertThat(notices.get(0)).contains(cache.file().toString(), "damaged (checksum mismatch)", "checked again");
        assertThat(third.choices().get(0).fromDisk()).isFalse();
        assertThat(watched.calls.get()).isPositive();
        assertThat(Files.readString(cache.file())).contains("\"chosen\" : \"gemm\"").doesNotContain("gemn");

        // Another machine's identity gives another file; forget() removes this one.
        assertThat(new VerdictCache(dir, () -> "other machine", s -> { }).file()).isNotEqualTo(cache.file());
        third.forget();
        assertThat(cache.file()).doesNotExist();
        assertThat(third.choices()).isEmpty();
    }

    @Test
    void eachConfigurationIsCheckedOncePerProcess() {
        PerturbedConv watched = new PerturbedConv(new NativeConv(), c -> false, PerturbedConv.What.OUTPUT);
        KernelChooser chooser = KernelChooser.builder().candidates(List.of(watched, new UnfoldGemmConv())).build();
        try (NDManager m = manager.newSubManager()) {
            NDArray x = input(m, 2, 3, 5);
            NDArray w = weights(m, 4, 3, 3);
            chooser.conv(x, w, null, SAME_3X3, ConvConfig.Layout.NCHW);
            int afterFirst = watched.calls.get();
            chooser.conv(x, w, null, SAME_3X3, ConvConfig.Layout.NCHW);
            chooser.conv(input(m, 7, 3, 5), w, null, SAME_3X3, ConvConfig.Layout.NCHW);
            assertThat(watched.calls.get()).isEqualTo(afterFirst + 2);
            // Another layout, input size or thread count is another configuration.
            chooser.conv(ConvConfig.Layout.CHANNELS_LAST.arrange(x), w, null, SAME_3X3, ConvConfig.Layout.CHANNELS_LAST);
            chooser.conv(input(m, 2, 3, 6), w, null, SAME_3X3, ConvConfig.Layout.NCHW);
            int threads = JniUtils.getNumThreads();
            JniUtils.setNumThreads(1);
            try {
                chooser.conv(x, w, null, SAME_3X3, ConvConfig.Layout.NCHW);
            } finally {
                JniUtils.setNumThreads(threads);
            }
        }
        assertThat(chooser.choices()).hasSize(4);
        assertThat(chooser.choices().stream().map(c -> c.config().key()).distinct()).hasSize(4);
    }

    /** Forward and both gradients of one conv under the chooser, concatenated. */
    static float[] trainingPass(KernelChooser chooser, NDArray x0, NDArray w0) {
        NDArray x = ConvConfig.Layout.CHANNELS_LAST.arrange(x0.duplicate());
        NDArray w = w0.duplicate();
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        float[] y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = chooser.conv(x, w, null, SAME_3X3, ConvConfig.Layout.CHANNELS_LAST);
            y = out.toFloatArray();
            gc.backward(out.mul(out.onesLike().cumSum(3)).sum());
        }
        float[] gx = x.getGradient().toFloatArray();
        float[] gw = w.getGradient().toFloatArray();
        float[] all = new float[y.length + gx.length + gw.length];
        System.arraycopy(y, 0, all, 0, y.length);
        System.arraycopy(gx, 0, all, y.length, gx.length);
        System.arraycopy(gw, 0, all, y.length + gx.length, gw.length);
        return all;
    }

    static NDArray input(NDManager m, int n, int c, int size) {
        return m.create(gaussian(new Random(n * 31L + c * 7L + size), n * c * size * size), new Shape(n, c, size, size));
    }

    static NDArray weights(NDManager m, int out, int in, int k) {
        return m.create(gaussian(new Random(out * 13L + in), out * in * k * k), new Shape(out, in, k, k));
    }

    private static float[] gaussian(Random rng, int count) {
        float[] v = new float[count];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    /** A correct candidate made slower by a fixed sleep per call. */
    private static final class Slowed extends WrappedConv {
        private final long sleepMillis;

        Slowed(ConvImpl inner, long sleepMillis) {
            super(inner);
            this.sleepMillis = sleepMillis;
        }

        @Override
        public NDArray apply(NDArray x, NDArray weight, NDArray bias, ConvConfig config) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.apply(x, weight, bias, config);
        }
    }
}
