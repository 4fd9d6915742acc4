package dev.tailor.cli;

import ai.djl.engine.EngineException;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryFitTest {
    private static final long GIB = 1L << 30;

    @Test
    void aNetworkWhoseWeightsExceedTheMachineIsRefusedNamingTheOption() {
        NetSpec small = ModelZoo.build("resnet8", new Shape(1, 28, 28), 10, 16);
        MemoryFit.requireWeightsFit(small, "--width 16", GIB);
        // 78,042 parameters for 3x32x32 images (the models table); one input channel drops 2 of the stem's 3x3x3x16 weights:
        // 78,042 - 288 = 77,754, which are 311,016 bytes as float32. Accepted at exactly that, refused one byte below.
        assertThat(small.graph().totalParams()).isEqualTo(77_754);
        MemoryFit.requireWeightsFit(small, "--width 16", 77_754 * 4);
        assertThatThrownBy(() -> MemoryFit.requireWeightsFit(small, "--width 16", 77_754 * 4 - 1)).isInstanceOf(InvalidInputException.class);

        NetSpec huge = ModelZoo.build("resnet8", new Shape(1, 28, 28), 10, 100_000);
        assertThatThrownBy(() -> MemoryFit.requireWeightsFit(huge, "--width 100000", 23 * GIB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--width 100000: resnet8 would have ")
                .hasMessageEndingWith("as float32), more than this machine's 23.0 GiB of memory; choose a smaller --width");
    }

    @Test
    void theEnginesAllocationFailureBecomesOneLine() {
        EngineException oom = new EngineException("[enforce fail at alloc_cpu.cpp:119] err == 0. DefaultCPUAllocator: can't allocate memory: "
                + "you tried to allocate 360000000000 bytes. Error code 12 (Cannot allocate memory)");
        assertThat(MemoryFit.outOfMemory(new RuntimeException("wrapped", oom), List.of("--batch", "--width")).orElseThrow())
                .startsWith("out of memory: the engine could not get 335.3 GiB more (this machine has ")
                .endsWith("); use a smaller --batch or --width").doesNotContain("\n");
        // A command without such options (evaluate, import) gets no advice it could not follow.
        assertThat(MemoryFit.outOfMemory(oom, List.of()).orElseThrow()).endsWith(")").doesNotContain("use a smaller");
        assertThat(MemoryFit.outOfMemory(new EngineException("shape mismatch"), List.of())).isEmpty();
        assertThat(MemoryFit.outOfMemory(new IllegalStateException("can't allocate memory"), List.of())).as("only the engine's").isEmpty();
    }

    @Test
    void sizesInBinaryUnits() {
        assertThat(MemoryFit.size(512)).isEqualTo("512 bytes");
        assertThat(MemoryFit.size(1536)).isEqualTo("1.5 KiB");
        assertThat(MemoryFit.size(23 * GIB)).isEqualTo("23.0 GiB");
        assertThat(MemoryFit.size(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }
}
