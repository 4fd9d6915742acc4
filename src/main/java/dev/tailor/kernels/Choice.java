package dev.tailor.kernels;

import java.util.List;

/**
 * The outcome for one configuration: every candidate's verdict and the implementation used, the
 * fastest correct one. {@code verifyMillis} and {@code timingMillis} are what the correctness check
 * and the speed race cost this process (0 when the verdicts came from the disk cache).
 */
public record Choice(ConvConfig config, List<Verdict> verdicts, String chosen, double verifyMillis, double timingMillis, boolean fromDisk) {
    public double checkMillis() {
        return verifyMillis + timingMillis;
    }

    public Choice {
        verdicts = List.copyOf(verdicts);
    }

    public Verdict verdict(String impl) {
        return verdicts.stream().filter(v -> v.impl().equals(impl)).findFirst().orElse(null);
    }
}
