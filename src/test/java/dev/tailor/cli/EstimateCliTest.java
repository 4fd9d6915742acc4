package dev.tailor.cli;

import dev.tailor.files.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tailor estimate} end to end: tables, files, fit, deadlock flags, plans, precision, user errors. */
class EstimateCliTest {
    @TempDir
    Path dir;

    @Test
    void estimatePrintsLabelledTableAndWritesFiles() throws Exception {
        Path json = dir.resolve("e.json");
        Path csv = dir.resolve("e.csv");
        CliRun r = CliRun.of("estimate", "--model", "resnet8", "--policy", "long,none,short", "--json", json.toString(), "--csv", csv.toString());
        assertThat(r.code()).as(r.all()).isZero();
        // The reference ResNet-8 design needs more than the xc7z020's 280 BRAM18: flagged in the table, not only in a number.
        assertThat(r.out()).contains("ESTIMATES", "| none |", "BRAM18", "| BRAM18 (% of part) |", "| fits |", "**NO**", "| policy | long,none,short |", "Columns: BRAM18");
        assertThat(Files.readString(json)).contains("\"variant\" : \"none\"", "not synthesis", "\"fits\" : false", "\"part\" : \"xc7z020\"");
        assertThat(Files.readAllLines(csv)).hasSize(5);
        r = CliRun.of("estimate", "--skips", "none", "--breakdown", "--weight-bits", "4", "--activation-bits", "4");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("w4/a4", "dataflow stage", "stage3.block1.conv2", "PE-array layer");
        r = CliRun.of("estimate", "--fifo", "sideways");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--fifo", "sideways", "OPTIMIZED");
        assertThat(CliRun.of("estimate", "--policy", "long,none").code()).isEqualTo(2);
    }

    /** Synthesized designs beside their estimates, the first the baseline, in the table and the JSON; a damaged result is refused. */
    @Test
    void measuredDesignsStandBesideTheirEstimates() throws Exception {
        Path a = dev.tailor.synth.SynthFixtures.design(dir.resolve("teacher"), "resnet8 standard [long,long,long]", 0);
        Path b = dev.tailor.synth.SynthFixtures.design(dir.resolve("remove"), "resnet8 standard [none,none,none]", 50);
        Path json = dir.resolve("m.json");
        CliRun r = CliRun.of("estimate", "--skips", "long,none", "--target", "dataflow", "--synth", a + "," + b, "--json", json.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("MEASURED with Yosys synth_xilinx for the 7-series, not Vivado",
                "| teacher | resnet8 standard [long,long,long] | 56 / 50 | 30 / 28 | 3 / 3 | 2 / 2 | yes (xc7z020) | 12 |",
                "| remove | resnet8 standard [none,none,none] | 56 / 100 (+0.0 % / +100.0 %) |");
        com.fasterxml.jackson.databind.JsonNode m = Json.MAPPER.readTree(json.toFile()).get("measured");
        assertThat(m).hasSize(2);
        assertThat(m.get(1).at("/estimate/lut").asLong()).isEqualTo(100);
        assertThat(m.get(0).at("/yosys/bram18").asLong()).isEqualTo(3);
        assertThat(m.get(0).get("note").asText()).contains("not Vivado");

        Files.writeString(b.resolve("synth.json"), "{");
        CliRun bad = CliRun.of("estimate", "--synth", b.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).contains(b.resolve("synth.json").toString(), "not valid JSON").doesNotContain("\n");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void estimateFitsOnTheSmallestPartAndFlagsDeadlocks() {
        CliRun r = CliRun.of("estimate", "--target", "DATAFLOW", "--part", "auto", "--skips", "long");
        assertThat(r.code()).as(r.all()).isZero();
        // 611 BRAM18: over the xc7z020 (280) and xc7a100t (270), within the xczu7ev (624).
        assertThat(r.out()).contains("part: auto", "| xczu7ev |", "| yes |").doesNotContain("frames/s");
        r = CliRun.of("estimate", "--target", "dataflow", "--skips", "long", "--fifo", "fixed", "--fifo-depth", "32", "--breakdown");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("WOULD DEADLOCK", "DEADLOCK (safe:", "min safe");
        r = CliRun.of("estimate", "--target", "dataflow", "--skips", "none", "--simulate", "--sim-frames", "2");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Stream simulation", "| none | ran |");
    }

    /**
     * Issue 28, item 5: at exactly the minimum safe depth of ResNet-8's identity skip (67 words) the
     * design cannot deadlock but its fork stalls (docs/hardware-models.md, "Stream simulation"); the
     * table says so in one line with the simulated II. Two more words keep full rate: no note.
     */
    @Test
    void estimateNotesFifosBelowFullRateDepth() {
        CliRun r = CliRun.of("estimate", "--target", "dataflow", "--skips", "long", "--fifo", "fixed", "--fifo-depth", "67");
        assertThat(r.code()).as(r.all()).isZero();
        java.util.List<String> notes = r.out().lines().filter(l -> l.startsWith("note: FIFOs below full-rate depth")).toList();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0)).contains("long simulated II 1,117,230 cycles (+89.4% vs the II column's 589,956)", "run --simulate");
        r = CliRun.of("estimate", "--target", "dataflow", "--skips", "long", "--fifo", "fixed", "--fifo-depth", "69");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).doesNotContain("below full-rate");
        r = CliRun.of("estimate", "--target", "dataflow", "--skips", "long");
        assertThat(r.out()).doesNotContain("below full-rate");
    }

    @Test
    void estimateReadsPerLayerPrecisionFromAFile() throws Exception {
        Path file = dir.resolve("precision.txt");
        Files.writeString(file, "# mixed precision\nstage3.block1.conv2 2/4/16\nstage3.block1.conv1=4/8/16  # a comment\n");
        CliRun r = CliRun.of("estimate", "--target", "dataflow", "--skips", "long", "--precision-file", file.toString(), "--breakdown");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("(+2 per-layer)");
        Files.writeString(file, "stage3.block1.conv2 2/4/16\nstage3.block1.conv1 4/8\n");
        r = CliRun.of("estimate", "--precision-file", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--precision-file", "line 2", "WEIGHT/ACTIVATION/ACCUMULATOR");
    }

    /**
     * Issue 28, item 4: --json --breakdown carries every dataflow row's per-stage and per-FIFO figures,
     * the rows of export's estimate.json; without --breakdown the file stays as it was.
     */
    @Test
    void estimateJsonWithBreakdownHasStagesAndFifos() throws Exception {
        Path json = dir.resolve("b.json");
        CliRun r = CliRun.of("estimate", "--target", "dataflow", "--skips", "long,none", "--breakdown", "--json", json.toString());
        assertThat(r.code()).as(r.all()).isZero();
        var variants = Json.MAPPER.readTree(json.toFile()).get("variants");
        var stages = variants.get(0).get("stages");
        var fifos = variants.get(0).get("fifos");
        // ResNet-8 long at the reference settings (golden table resnet8-long-dataflow.csv): 32 stages, 33 FIFOs (the input port is none).
        assertThat(stages).hasSize(32);
        assertThat(fifos).hasSize(33);
        var conv1 = stages.get(6);
        assertThat(conv1.get("stage").asText()).isEqualTo("stage1.block1.conv1");
        assertThat(conv1.get("kind").asText()).isEqualTo("CONV");
        assertThat(conv1.get("reuseFactor").asInt()).isEqualTo(576);
        assertThat(conv1.get("interval_cycles").asLong()).isEqualTo(589_956);
        assertThat(conv1.get("BRAM18").asLong()).isEqualTo(2);
        var skip = java.util.stream.StreamSupport.stream(fifos.spliterator(), false).filter(f -> f.get("skip").asBoolean()).findFirst().orElseThrow();
        assertThat(skip.get("to").asText()).isEqualTo("stage1.block1.add");
        assertThat(skip.get("depth").asLong()).isEqualTo(1024);
        assertThat(skip.get("minSafeDepth").asLong()).isEqualTo(67);
        assertThat(skip.get("BRAM18").asLong()).isEqualTo(16);
        // The stage and FIFO resources add up to the row's totals.
        long bram = 0;
        for (var n : stages) {
            bram += n.get("BRAM18").asLong();
        }
        for (var n : fifos) {
            bram += n.get("BRAM18").asLong();
        }
        assertThat(bram).isEqualTo(variants.get(0).get("BRAM18").asLong());
        assertThat(variants.get(1).get("fifos").size()).isLessThan(33);

        r = CliRun.of("estimate", "--target", "dataflow", "--skips", "long", "--json", json.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(Json.MAPPER.readTree(json.toFile()).get("variants").get(0).has("stages")).isFalse();
    }

    /** A fixed-point precision file (quantize --profile's format) gives every layer the widths of its types. */
    @Test
    void estimateReadsAFixedPointPrecisionFile() throws Exception {
        Path plan = dir.resolve("plan.txt");
        Files.writeString(plan, "# quantize's format\ndefault: ap_fixed<6,3>\ndefault.accum: ap_fixed<14,6>\n"
                + "stage3.block1.conv2.weight: ap_fixed<4,1,AP_RND,AP_SAT>\n");
        Path fromPlan = dir.resolve("plan.json");
        Path fromWidths = dir.resolve("widths.json");
        CliRun r = CliRun.of("estimate", "--target", "dataflow", "--skips", "long,short,none", "--precision-file", plan.toString(),
                "--json", fromPlan.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("w6/a6/acc14");
        r = CliRun.of("estimate", "--target", "dataflow", "--skips", "long,short,none", "--weight-bits", "6", "--activation-bits", "6",
                "--accum-bits", "14", "--layer-precision", "stage3.block1.conv2=4/6/14", "--json", fromWidths.toString());
        assertThat(r.code()).as(r.all()).isZero();
        var planned = Json.MAPPER.readTree(fromPlan.toFile()).get("variants");
        var widths = Json.MAPPER.readTree(fromWidths.toFile()).get("variants");
        assertThat(planned).isEqualTo(widths);
        r = CliRun.of("estimate", "--target", "dataflow", "--skips", "long", "--weight-bits", "6", "--activation-bits", "6", "--accum-bits", "14", "--json", fromWidths.toString());
        assertThat(Json.MAPPER.readTree(fromWidths.toFile()).get("variants").get(0))
                .as("the narrow conv counts").isNotEqualTo(planned.get(0));

        // The PE array moves whole bytes of the wider of the default weight and activation widths: the plan's, not --precision's.
        Files.writeString(plan, "default: ap_fixed<12,4>\n");
        Path pe = dir.resolve("pe.json");
        r = CliRun.of("estimate", "--target", "pe-array", "--skips", "long", "--precision-file", plan.toString(), "--json", pe.toString());
        assertThat(r.code()).as(r.all()).isZero();
        double twelveBit = Json.MAPPER.readTree(pe.toFile()).at("/variants/0/DRAM_MB").asDouble();
        r = CliRun.of("estimate", "--target", "pe-array", "--skips", "long", "--weight-bits", "8", "--activation-bits", "16",
                "--json", pe.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(Json.MAPPER.readTree(pe.toFile()).at("/variants/0/DRAM_MB").asDouble()).isEqualTo(twelveBit);
        r = CliRun.of("estimate", "--target", "pe-array", "--skips", "long", "--json", pe.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(Json.MAPPER.readTree(pe.toFile()).at("/variants/0/DRAM_MB").asDouble())
                .as("8 bits move one byte an element, 12 and 16 two").isLessThan(twelveBit);

        Files.writeString(plan, "default: ap_fixed<8,3>\nstage9.block1.conv1: ap_fixed<4,1>\n");
        r = CliRun.of("estimate", "--precision-file", plan.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("tailor: " + plan + ":2: 'stage9.block1.conv1' is not a layer of resnet8").doesNotContain("\n");
        // The file sets every layer's types: a uniform width beside it would be ignored, so it is refused.
        Files.writeString(plan, "default: ap_fixed<8,3>\n");
        r = CliRun.of("estimate", "--precision-file", plan.toString(), "--precision", "4,2", "--accum", "12,4");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --precision, --accum: the fixed-point --precision-file " + plan
                + " sets every layer's types, including the default; drop them or change the file's 'default:' line");
    }

    @Test
    void estimatePlansAll() {
        CliRun r = CliRun.of("estimate", "--model", "resnet8", "--plans", "all", "--budget", "bram18=450", "--csv",
                dir.resolve("plans.csv").toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("27 plans (3^3)", "Pareto front", "Budget bram18 <= 450", "cheapest plan within budget",
                "smallest change within budget", "Marginal savings, one block none",
                "Marginal savings, one block short");
        assertThat(dir.resolve("plans.csv")).content().hasLineCount(28);
    }

    /** Issue 28, item 3: a model that was not run leaves its columns empty, not 0. */
    @Test
    void estimatePlansAllLeavesTheColumnsOfAModelNotRunEmpty() throws Exception {
        Path csv = dir.resolve("plans.csv");
        CliRun r = CliRun.of("estimate", "--model", "resnet8", "--plans", "all", "--target", "dataflow", "--budget", "bram18=450",
                "--csv", csv.toString());
        assertThat(r.code()).as(r.all()).isZero();
        java.util.List<String> rows = r.out().lines().filter(l -> l.matches("\\| [LSN]{3} \\|.*")).toList();
        // Front rows (DRAM bytes, PE cycles, then how many plans share the cost) and the budget's two picks.
        assertThat(rows).hasSizeGreaterThanOrEqualTo(3).allSatisfy(l -> assertThat(l).containsPattern("\\| - \\| - \\|( \\d+ \\|)?$")
                .doesNotContain("| 0 |"));
        assertThat(r.out().lines().filter(l -> l.matches("\\| \\d \\| stage.*"))).isNotEmpty()
                .allSatisfy(l -> assertThat(l).endsWith("| - | - |"));
        java.util.List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("plan,altered,bram18,dsp,ff,lut,fits,dram_bytes,pe_cycles");
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).matches("[LSN]{3},\\d,\\d+,\\d+,\\d+,\\d+,(true|false),,"));
        // The report reads such a file back.
        assertThat(dev.tailor.report.PlanSpaceFile.read(csv)).hasSize(27);

        r = CliRun.of("estimate", "--model", "resnet8", "--plans", "all", "--target", "pe-array", "--csv", csv.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out().lines().filter(l -> l.matches("\\| [LSN]{3} \\|.*")))
                .isNotEmpty().allSatisfy(l -> assertThat(l).matches("\\| [LSN]{3} \\| \\d \\| - \\| - \\| - \\| - \\| [\\d,]+ \\| [\\d,]+ \\|.*"));
        assertThat(Files.readAllLines(csv).get(1)).matches("[LSN]{3},\\d,,,,,,\\d+,\\d+");
    }

    @Test
    void estimateUserErrorsNameTheirOption() {
        String[][] bad = {{"--part", "xc9999"}, {"--plans", "all", "--budget", "bram=3"}, {"--budget", "bram18=3"},
                {"--layer-precision", "stage9.conv1=4/4/8"}, {"--layer-precision", "stage1.block1.conv1=4/4"},
                {"--layer-reuse", "stage1.block1.conv1=x"}, {"--layer-reuse", "stage1.block1.conv1=0"}, {"--reuse", "0"}, {"--array", "32"}, {"--dataflow", "xs"},
                {"--plans", "all", "--top", "0"}, {"--top", "3"}, {"--fifo-depth", "5"}, {"--simulate", "--sim-frames", "1"}, {"--sram-kib", "0"}, {"--model", "resnet110", "--plans", "all"},
                {"--model", "resnet9"}, {"--input", "3x32"}};
        for (String[] args : bad) {
            String[] full = new String[args.length + 1];
            full[0] = "estimate";
            System.arraycopy(args, 0, full, 1, args.length);
            CliRun r = CliRun.of(full);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            String option = args[args.length - 2].startsWith("--") ? args[args.length - 2] : args[0];
            assertThat(r.err()).as(String.join(" ", args)).contains(option).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.err().strip().lines().count()).as(String.join(" ", args)).isEqualTo(1);
        }
        assertThat(CliRun.of("estimate", "--top", "3").err().strip()).isEqualTo("tailor: --top applies to --plans all");
        // Options --plans all or a missing --simulate would ignore are refused, not dropped (--json wrote nothing).
        assertThat(CliRun.of("estimate", "--plans", "all", "--json", dir.resolve("p.json").toString(), "--breakdown").err().strip())
                .isEqualTo("tailor: --breakdown, --json: not used with --plans all (it costs every per-block plan; --csv writes each one's costs)");
        assertThat(CliRun.of("estimate", "--sim-frames", "4").err().strip()).isEqualTo("tailor: --sim-frames applies to --simulate");
        assertThat(CliRun.of("estimate", "--fifo-depth", "5").err().strip())
                .isEqualTo("tailor: --fifo-depth applies to --fifo fixed (now --fifo default)");
        assertThat(CliRun.of("estimate", "--fifo", "fixed", "--fifo-depth", "64").code()).isZero();
        CliRun r = CliRun.of("estimate", "--layer-reuse", "stage1.block1.conv1=0");
        assertThat(r.err().strip()).isEqualTo("tailor: --layer-reuse stage1.block1.conv1 must be positive, not 0");
        assertThat(CliRun.of("estimate", "--clock", "-1.5").err().strip()).isEqualTo("tailor: --clock must be positive, not -1.5");
    }

    @Test
    void estimateHelpListsTheChoices() {
        CliRun r = CliRun.of("estimate", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("default (whole maps", "hls4ml (each at the highest occupancy of a simulated frame plus one", "optimized (skip streams at their minimum safe depth", "fixed (every FIFO",
                "os, ws, is", "auto, xc7z020", "dataflow, pe-array, both", "vivado, vitis", "latency, resource",
                "BRAM18 = 18 Kb block RAMs", "II = cycles between frames", "docs/hardware-models.md");
    }
}
