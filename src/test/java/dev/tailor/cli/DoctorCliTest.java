package dev.tailor.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tailor doctor}: every conv configuration of a model, with its verdicts and the implementation used. */
class DoctorCliTest {
    @Test
    void listsEveryConfigurationOfTheModelWithItsVerdicts() {
        CliRun r = CliRun.of("doctor", "--model", "resnet8", "--width", "16", "--input", "3x8x8", "--batch", "4");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("resnet8", "CPU: ", "libtorch 2.7.1", "verdicts kept in: this process only",
                "native (libtorch)", "gemm (Tailor)");
        // ResNet-8: stem 3→16, 16→16, 16→32 stride 2, 32→32, projection 1x1 16→32, 32→64 stride 2, 64→64, 1x1 32→64;
        // each in training and (BN folded, with bias) in inference.
        for (String conv : new String[]{"3x3 conv, 3→16 channels, 8x8 input", "3x3 conv, 16→32 channels, stride 2, 8x8 input",
                "1x1 conv, 16→32 channels, stride 2, 8x8 input", "3x3 conv, 64→64 channels, 2x2 input"}) {
            assertThat(r.out()).contains(conv + ", training", conv + ", bias, inference");
        }
        assertThat(r.out().lines().filter(l -> l.contains(" conv, ")).count()).isEqualTo(16);
        assertThat(r.out().lines().filter(l -> l.contains(" conv, ")))
                .allSatisfy(l -> assertThat(l).containsPattern("\\| (native|gemm)$").contains("correct (error"));
        assertThat(r.out()).containsPattern("16 configurations \\(0 from the disk cache\\); checks took \\d+ ms");
    }

    @Test
    void aBadBatchIsOneLine() {
        CliRun r = CliRun.of("doctor", "--batch", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --batch must be at least 1, got 0");
    }
}
