package dev.tailor.nn;

import ai.djl.pytorch.jni.JniUtils;
import dev.tailor.net.Layer;
import dev.tailor.net.NetSpec;

/**
 * Works around a libtorch 2.7.1 CPU bug: with more than one intra-op thread, the backward pass of
 * a conv with fewer than 16 input channels computes its input gradient non-deterministically,
 * often as NaN (seen on AMD EPYC with AVX-512; single-threaded it is exact). Zoo widths (16, 64)
 * never hit it; a narrower model does, so while one is alive the engine runs on one thread.
 */
final class SmallConvGuard implements AutoCloseable {
    static final int SAFE_CHANNELS = 16;
    private static int holders;
    private static int savedThreads;
    private boolean held;

    /** Takes effect only if some conv whose input needs a gradient has fewer than 16 input channels. */
    static SmallConvGuard forSpec(NetSpec spec) {
        SmallConvGuard g = new SmallConvGuard();
        boolean risky = spec.graph().layers().stream()
                .anyMatch(l -> l.isConv() && !l.inputs().get(0).equals("input") && l.in().channels() < SAFE_CHANNELS);
        if (risky) {
            g.hold(minChannels(spec));
        }
        return g;
    }

    private static int minChannels(NetSpec spec) {
        return spec.graph().layers().stream().filter(Layer::isConv).filter(l -> !l.inputs().get(0).equals("input"))
                .mapToInt(l -> l.in().channels()).min().orElse(SAFE_CHANNELS);
    }

    private void hold(int channels) {
        synchronized (SmallConvGuard.class) {
            if (holders++ == 0) {
                savedThreads = JniUtils.getNumThreads();
                if (savedThreads > 1) {
                    System.err.println("tailor: a conv with " + channels + " input channels (< " + SAFE_CHANNELS
                            + ") trips a libtorch CPU multi-thread bug; training on 1 thread while this model is alive");
                    JniUtils.setNumThreads(1);
                }
            }
        }
        held = true;
    }

    @Override
    public void close() {
        synchronized (SmallConvGuard.class) {
            if (held && --holders == 0 && savedThreads > 1) {
                JniUtils.setNumThreads(savedThreads);
            }
            held = false;
        }
    }
}
