package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.Precision;
import dev.tailor.hardware.pearray.PeArrayConfig;
import dev.tailor.net.NetSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The hardware models' settings as command-line options (a picocli mixin), turned into a
 * {@link HardwareConfig}: the dataflow design's options ({@link DataflowOptions}, shared with
 * {@code tailor export}) and the PE array's.
 */
public final class HardwareOptions {
    /** Which models run. */
    enum Target {
        DATAFLOW, PE_ARRAY, BOTH;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Option(names = "--target", defaultValue = "both", description = "Models to run: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Target target;

    @Mixin
    DataflowOptions dataflow;

    @Option(names = "--array", defaultValue = "32x32", paramLabel = "RxC", description = "PE array rows x columns. Default: ${DEFAULT-VALUE}.")
    String array;

    @Option(names = "--dataflow", defaultValue = "os",
            description = "PE-array dataflow: ${COMPLETION-CANDIDATES} (output-, weight-, input-stationary). Default: ${DEFAULT-VALUE}.")
    PeArrayConfig.Dataflow peDataflow;

    @Option(names = "--sram-kib", defaultValue = "512", description = "Each of the input, weight and output SRAMs, KiB. Default: ${DEFAULT-VALUE}.")
    int sramKib;

    @Option(names = "--dram-bytes-per-cycle", defaultValue = "16", description = "DRAM bandwidth. Default: ${DEFAULT-VALUE}.")
    double dramBytes;

    @Option(names = "--pe-clock", defaultValue = "500", description = "PE-array clock in MHz. Default: ${DEFAULT-VALUE}.")
    double peClock;

    @Option(names = "--fuse-add", description = "Fuse long-skip adds into the last conv's output stage (no separate add pass).")
    boolean fuseAdd;

    /** The configuration for {@code base} (whose wirings a fixed-point precision file is resolved on). */
    HardwareConfig toConfig(NetSpec base) {
        DataflowConfig design = dataflow.config(base);
        DataflowConfig df = target == Target.PE_ARRAY ? null : design;
        PeArrayConfig pe = target == Target.DATAFLOW ? null : peConfig(design.precision());
        return new HardwareConfig(df, pe, dataflow.part());
    }

    /** The PE array at {@code widths}: it moves every weight and activation in whole bytes of the wider of the two. */
    PeArrayConfig peConfig(Precision widths) {
        String[] rc = array.toLowerCase(Locale.ROOT).split("x");
        if (rc.length != 2 || !rc[0].trim().matches("[1-9][0-9]{0,4}") || !rc[1].trim().matches("[1-9][0-9]{0,4}")) {
            throw new InvalidInputException("--array must be ROWSxCOLS with positive numbers, e.g. 32x32, not '" + array + "'");
        }
        DataflowOptions.positive("--sram-kib", sramKib);
        DataflowOptions.positive("--dram-bytes-per-cycle", dramBytes);
        DataflowOptions.positive("--pe-clock", peClock);
        long sram = (long) sramKib << 10;
        return PeArrayConfig.builder().array(Integer.parseInt(rc[0].trim()), Integer.parseInt(rc[1].trim())).dataflow(peDataflow)
                .sramBytes(sram, sram, sram).dramBytesPerCycle(dramBytes).clockMHz(peClock)
                .bytesPerElement((Math.max(widths.weightBits(), widths.activationBits()) + 7) / 8).fuseAdd(fuseAdd).build();
    }

    /** Runs a conversion and turns its error into a user error naming the option (lower layers never name flags). */
    static <T> T flag(String option, Supplier<T> f) {
        try {
            return f.get();
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + ": " + e.getMessage().replace("For input string", "not a number"));
        } catch (IllegalArgumentException | InvalidInputException e) {
            String m = String.valueOf(e.getMessage());
            throw new InvalidInputException(m.startsWith(option) ? m : option + ": " + m);
        }
    }
}
