package dev.tailor.hardware;

import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.dataflow.DataflowModel;
import dev.tailor.hardware.fpga.Bram18;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.hardware.pearray.Gemm;
import dev.tailor.hardware.pearray.PeArrayConfig;
import dev.tailor.hardware.pearray.PeArrayEstimate;
import dev.tailor.hardware.pearray.PeArrayModel;
import dev.tailor.hardware.pearray.WeightStationary;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Anchors of docs/hardware-models.md. All figures are estimates; these pin the formulas and the directions. */
class HardwareModelsTest {

    @ParameterizedTest(name = "BRAM18 for width {0} x depth {1} = {2}")
    @CsvSource({"8,1024,1", "16,1024,1", "36,512,1", "37,512,2", "18,1025,2", "1,16384,1", "1,16385,2", "9,2048,1", "72,512,2"})
    void bram18AspectRatioTable(long width, long depth, long expected) {
        assertThat(Bram18.count(width, depth)).isEqualTo(expected);
    }

    @Test
    void smallFifosBecomeShiftRegisters() {
        Resources srl = Resources.memory(8, 64); // 512 bits
        assertThat(srl.bram18()).isZero();
        assertThat(srl.lut()).isEqualTo(8 * 2);
        assertThat(Resources.memory(8, 1024).bram18()).isEqualTo(1);
    }

    /**
     * Stream FIFOs (docs/hardware-models.md, "FIFO storage"), by hand: 128 bits x 2 words = 256 bits
     * is a shift register: 128·ceil(2/32) = 128 LUT, ceil(log2 2) + 3 = 4 FF. 512 bits x 49 words =
     * 25,088 bits is block RAM: 512x36 shape, ceil(49/512)·ceil(512/36) = 15 BRAM18, 512 + 4·6 + 20 =
     * 556 LUT, 512 + 3·6 + 2 = 532 FF (Yosys gave that FIFO 15 RAMB18E1, 558 LUT, 532 FF).
     */
    @Test
    void streamFifosAsShiftRegisterOrBlockRam() {
        assertThat(Resources.fifo(128, 2)).isEqualTo(new Resources(0, 4, 128, 0));
        assertThat(Resources.fifoInBlockRam(128, 8)).isFalse();
        assertThat(Resources.fifoInBlockRam(128, 9)).isTrue();
        assertThat(Resources.fifo(512, 49)).isEqualTo(new Resources(15, 532, 556, 0));
    }

    /** SCALE-Sim's golden trace: AlexNet conv1 on a 32x32 weight-stationary array is 112,283 cycles. */
    @Test
    void scaleSimAlexNetConv1() {
        PeArrayModel ws = new PeArrayModel(PeArrayConfig.reference().withDataflow(PeArrayConfig.Dataflow.WEIGHT_STATIONARY));
        int ho = Gemm.scaleSimOutputDim(224, 11, 4);
        assertThat(ho).isEqualTo(55);
        Gemm conv1 = new Gemm((long) ho * ho, 11L * 11 * 3, 96);
        assertThat(ws.compute().cycles(conv1)).isCloseTo(112_283L, within(1L));
        // SRAM traffic of that run: every weight read once; each ifmap window once per column fold (3);
        // each output partial sum once per row fold (ceil(363/32) = 12).
        WeightStationary.SramAccesses sram = ((WeightStationary) ws.compute()).sramAccesses(conv1);
        assertThat(sram).isEqualTo(new WeightStationary.SramAccesses(34_848L, 3_025L * 363 * 3, 3_025L * 96 * 12));
    }

    @Test
    void worked_resnet8SkipFifosAtDefaultDepth() {
        DataflowEstimate e = new DataflowModel(DataflowConfig.reference()).estimate(ModelZoo.build("resnet8"));
        assertThat(skipFifo(e, "stage1.block1.add").resources().bram18()).isEqualTo(16);
        assertThat(skipFifo(e, "stage2.block1.add").resources().bram18()).isEqualTo(32);
        DataflowEstimate.FifoCost third = skipFifo(e, "stage3.block1.add");
        assertThat(third.resources().bram18()).isZero();
        assertThat(third.count()).isEqualTo(64);
        assertThat(third.depth() * third.width()).isEqualTo(512);
    }

    @Test
    void optimisedSkipFifoDepthFollowsTheLag() {
        DataflowEstimate e = new DataflowModel(DataflowConfig.reference().withFifoMode(DataflowConfig.FifoMode.OPTIMIZED))
                .estimate(ModelZoo.build("resnet8"));
        // Two 3x3 'same' convs at W = 32: the Add's first long token needs input pixel (2, 2), so the skip
        // side holds 2W + 3 = 67 pixels first ("about 70"); one conv would need W + 2 = 34 ("about 35").
        assertThat(skipFifo(e, "stage1.block1.add").depth()).isEqualTo(67);
    }

    /** The paper: -34 % BRAM, -13 % FF, -16 % LUT for hls4ml ResNet-8 without skips, latency unchanged. */
    @Test
    void resnet8RemovalAndShorteningSaveResources() {
        DataflowModel m = new DataflowModel(DataflowConfig.reference());
        NetSpec original = ModelZoo.build("resnet8");
        DataflowEstimate base = m.estimate(original);
        DataflowEstimate removed = m.estimate(original.withAllSkips(SkipMode.NONE));
        DataflowEstimate shortened = m.estimate(original.withTopology(Topology.SHORT_TEACHER).withAllSkips(SkipMode.SHORT));
        double bramDrop = 1 - (double) removed.total().bram18() / base.total().bram18();
        assertThat(bramDrop).isBetween(0.10, 0.45);
        assertThat(removed.total().ff()).isLessThan(base.total().ff());
        assertThat(removed.total().lut()).isLessThan(base.total().lut());
        assertThat(Math.abs((double) removed.latencyCycles() / base.latencyCycles() - 1)).isLessThan(0.05);
        assertThat(shortened.total().bram18()).isLessThan(base.total().bram18());
        assertThat(removed.intervalCycles()).isEqualTo(base.intervalCycles());
    }

    /** The paper: skip-free or short-skip ResNets move ~45 % less DRAM data and run ~30 % faster on a PE array. */
    @Test
    void resnet50OnThePeArray() {
        PeArrayModel m = new PeArrayModel(PeArrayConfig.reference());
        NetSpec r50 = ModelZoo.build("resnet50");
        PeArrayEstimate base = m.estimate(r50);
        PeArrayEstimate removed = m.estimate(r50.withAllSkips(SkipMode.NONE));
        PeArrayEstimate shortened = m.estimate(r50.withAllSkips(SkipMode.SHORT));
        assertThat(removed.dramBytes()).isLessThan(base.dramBytes());
        assertThat(shortened.dramBytes()).isLessThan(base.dramBytes());
        assertThat(removed.cycles()).isLessThan(base.cycles());
        assertThat(shortened.cycles()).isLessThanOrEqualTo(base.cycles());
        // "skip-related transfers are about a third of activation traffic"
        assertThat((double) base.skipBytes() / base.dramBytes()).isBetween(0.2, 0.45);
        assertThat(removed.skipBytes()).isZero();
        assertThat(base.utilisation()).isBetween(0.0, 1.0);
        assertThat(shortened.utilisation()).isBetween(0.0, 1.0);
    }

    @Test
    void perLayerReuseIsRespected() {
        DataflowConfig custom = DataflowConfig.builder().layerReuse(java.util.Map.of("stage3.block1.conv2", 36)).build();
        DataflowEstimate e = new DataflowModel(custom).estimate(ModelZoo.build("resnet8"));
        DataflowEstimate.StageCost c = e.stages().stream().filter(s -> s.name().equals("stage3.block1.conv2")).findFirst().orElseThrow();
        assertThat(c.reuseFactor()).isEqualTo(36);
        assertThat(c.multipliers()).isEqualTo(3L * 3 * 64 * 64 / 36);
        // A requested reuse factor snaps down to the largest hls4ml accepts: 432 = 3*3*3*16 itself; for 3x3x16 -> 16 (144 products
        // per output, 2,304 weights) 288 = 2*144, not 384, which divides 2,304 but would split each output's 144 products.
        DataflowEstimate stem = new DataflowModel(DataflowConfig.builder().reuseFactor(500).build()).estimate(ModelZoo.build("resnet8"));
        assertThat(stem.stages().stream().filter(s -> s.name().equals("stem.conv")).findFirst().orElseThrow().reuseFactor()).isEqualTo(432);
        assertThat(stem.stages().stream().filter(s -> s.name().equals("stage1.block1.conv1")).findFirst().orElseThrow().reuseFactor())
                .isEqualTo(288);
        assertThat(dev.tailor.hardware.dataflow.StageCostsProbe.accepts(144, 16, 384)).isFalse();
        assertThat(dev.tailor.hardware.dataflow.StageCostsProbe.accepts(144, 16, 288)).isTrue();
        assertThat(dev.tailor.hardware.dataflow.StageCostsProbe.accepts(144, 16, 48)).isTrue(); // 3 products a cycle for each of 16 outputs: 48 multipliers
        assertThat(dev.tailor.hardware.dataflow.StageCostsProbe.accepts(144, 16, 96)).isFalse(); // 144 products over 96 cycles: not a whole number a cycle
    }

    private static DataflowEstimate.FifoCost skipFifo(DataflowEstimate e, String add) {
        return e.fifos().stream().filter(f -> f.skip() && f.to().equals(add)).findFirst().orElseThrow();
    }
}
