package dev.tailor.report;

import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.compare.HardwareEstimator;
import dev.tailor.hardware.compare.VariantEstimate;
import dev.tailor.hardware.dataflow.DataflowConfig.FifoMode;
import dev.tailor.hardware.dataflow.DataflowModel;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The trained networks' designs at the three FIFO sizings: each cell is the model's estimate at that sizing. */
class FifoSizingTableTest {
    @Test
    void eachCellIsTheEstimateAtItsSizingAndTheSavingsFollowTheFirstRow() {
        HardwareConfig cfg = HardwareConfig.reference();
        HardwareEstimator e = new HardwareEstimator(cfg);
        NetSpec original = ModelZoo.build("resnet8");
        NetSpec removed = original.withAllSkips(SkipMode.NONE);
        List<VariantEstimate> rows = List.of(e.estimate("original", original), e.estimate("SkipRemover", removed));
        Table t = FifoSizingTable.table(rows, cfg);
        assertThat(t.header()).startsWith("variant", "BRAM18 default", "BRAM18 hls4ml", "BRAM18 optimized", "LUT default");
        for (int m = 0; m < 3; m++) {
            FifoMode mode = FifoSizingTable.MODES.get(m);
            DataflowModel model = new DataflowModel(cfg.dataflow().withFifoMode(mode));
            long a = model.estimate(original).total().bram18();
            long b = model.estimate(removed).total().bram18();
            assertThat(t.rows().get(0).get(1 + m)).isEqualTo(String.format(Locale.ROOT, "%,d", a));
            assertThat(t.rows().get(1).get(1 + m)).isEqualTo(String.format(Locale.ROOT, "%,d (%+.1f %%)", b, 100.0 * (b - a) / a));
        }
        // Whole maps do not fit the xc7z020; hls4ml's and Tailor's sizings do.
        assertThat(t.rows().get(0).get(t.header().size() - 1)).isEqualTo("no / yes / yes");
        // The saving in block RAM depends on the sizing: removal saves most with whole maps.
        assertThat(t.rows().get(1).get(1)).contains("(-34.4 %)");
        assertThat(t.rows().get(1).get(3)).contains("(-3.1 %)");
    }
}
