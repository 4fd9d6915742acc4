package dev.tailor.hardware;

import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.dataflow.DataflowModel;
import dev.tailor.hardware.pearray.PeArrayConfig;
import dev.tailor.hardware.pearray.PeArrayEstimate;
import dev.tailor.hardware.pearray.PeArrayModel;
import dev.tailor.hardware.plans.Plans;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Per-layer estimates of ResNet-8/20/50 in each wiring, both models at their reference settings,
 * against the tables in src/test/resources/golden. Any change to a model's arithmetic shows up here
 * and needs a reviewed regeneration:
 * {@code mvn test -Dtest=GoldenTablesTest -Dtailor.golden.update=true}, then read the diff and run
 * again without the flag. In update mode every case writes its table and fails, so an update run
 * is never taken for a passing one.
 */
class GoldenTablesTest {
    private static final Path DIR = Path.of("src/test/resources/golden");

    static Stream<Arguments> cases() {
        return Stream.of("resnet8", "resnet20", "resnet50").flatMap(m -> Stream.of(SkipMode.values())
                .flatMap(s -> Stream.of(Arguments.of(m, s, "dataflow"), Arguments.of(m, s, "pe-array"))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void matchesTheGoldenTable(String model, SkipMode skips, String target) throws IOException {
        NetSpec base = ModelZoo.build(model);
        NetSpec spec = Plans.wire(base, Collections.nCopies(base.skipCount(), skips));
        String table = target.equals("dataflow") ? dataflow(new DataflowModel(DataflowConfig.reference()).estimate(spec))
                : peArray(new PeArrayModel(PeArrayConfig.reference()).estimate(spec));
        Path file = DIR.resolve(model + "-" + skips.label() + "-" + target + ".csv");
        if (Boolean.getBoolean("tailor.golden.update")) {
            boolean changed = !Files.isRegularFile(file) || !Files.readString(file).equals(table);
            Files.writeString(file, table);
            fail(file + (changed ? " changed" : " unchanged")
                    + ": golden tables regenerated: review the diff and run again without -Dtailor.golden.update");
        }
        List<String> expected = Files.readAllLines(file);
        List<String> actual = table.lines().toList();
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertThat(actual.get(i)).as(file + " line " + (i + 1)).isEqualTo(expected.get(i));
        }
        assertThat(actual).as(file + " line count").hasSameSizeAs(expected);
    }

    static String dataflow(DataflowEstimate e) {
        StringBuilder sb = new StringBuilder("# ").append(e.network()).append("; ").append(e.config().describe()).append('\n');
        sb.append("row,name,kind_or_to,bram18,ff,lut,dsp,reuse_or_depth,interval_or_min_safe,delay_or_width\n");
        for (DataflowEstimate.StageCost s : e.stages()) {
            sb.append(String.join(",", "stage", s.name(), s.kind().name().toLowerCase(), str(s.resources().bram18()),
                    str(s.resources().ff()), str(s.resources().lut()), str(s.resources().dsp()), str(s.reuseFactor()),
                    str(s.intervalCycles()), str(s.delayCycles()))).append('\n');
        }
        for (DataflowEstimate.FifoCost f : e.fifos()) {
            sb.append(String.join(",", f.skip() ? "skip-fifo" : "fifo", f.from(), f.to(), str(f.resources().bram18()),
                    str(f.resources().ff()), str(f.resources().lut()), str(f.count()), str(f.depth()), str(f.minSafeDepth()),
                    str(f.width()))).append('\n');
        }
        sb.append(String.join(",", "total", "", "", str(e.total().bram18()), str(e.total().ff()), str(e.total().lut()),
                str(e.total().dsp()), "", str(e.intervalCycles()), str(e.latencyCycles()))).append('\n');
        return sb.toString();
    }

    static String peArray(PeArrayEstimate e) {
        StringBuilder sb = new StringBuilder("# ").append(e.network()).append("; ").append(e.config().describe()).append('\n');
        sb.append("row,name,op,compute_cycles,dram_bytes,skip_bytes,cycles\n");
        for (PeArrayEstimate.LayerCost l : e.layers()) {
            sb.append(String.join(",", "layer", l.name(), l.op(), str(l.computeCycles()), str(l.dramBytes()), str(l.skipBytes()),
                    str(l.cycles()))).append('\n');
        }
        sb.append(String.join(",", "total", "", "", "", str(e.dramBytes()), str(e.skipBytes()), str(e.cycles()))).append('\n');
        return sb.toString();
    }

    private static String str(long v) {
        return Long.toString(v);
    }
}
