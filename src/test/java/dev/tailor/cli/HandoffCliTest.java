package dev.tailor.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.tailor.net.SkipMode;
import dev.tailor.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A ResNet-8 from PyTorch goes through import, evaluate, estimate, alter --mode remove and export. */
class HandoffCliTest {
    @TempDir
    Path dir;

    /** A table row's cells after its label. */
    private static String figures(String table, String label) {
        return table.lines().filter(l -> l.startsWith(label)).findFirst().orElseThrow().substring(label.length());
    }

    @Test
    void importedResNet8IsTailoredAndExported() throws Exception {
        Path onnx = fixture("cifar_resnet8.onnx");
        Path out = dir.resolve("teacher");
        Path ck = out.resolve("model.ckpt");
        CliRun imported = CliRun.of("import", "--onnx", onnx.toString(), "--out", out.toString(), "--mean", "0.49,0.48,0.45",
                "--std", "0.25,0.24,0.26");
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported resnet8 standard [long,long,long] (input 3x32x32, 10 classes, width 8)");
        // An existing checkpoint is not replaced unless asked.
        long size = Files.size(ck);
        CliRun again = CliRun.of("import", "--onnx", onnx.toString(), "--out", out.toString(), "--mean", "0.5", "--std", "0.25");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err().strip()).isEqualTo("tailor: " + ck + ": already exists; give another --out, or --force to replace it");
        assertThat(Files.size(ck)).isEqualTo(size);
        CliRun forced = CliRun.of("import", "--onnx", onnx.toString(), "--out", out.toString(), "--mean", "0.49,0.48,0.45",
                "--std", "0.25,0.24,0.26", "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        CliRun evaluated = CliRun.of("evaluate", "--checkpoint", ck.toString(), "--dataset", "synthetic");
        assertThat(evaluated.code()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).contains("top1");
        CliRun estimated = CliRun.of("estimate", "--checkpoint", ck.toString(), "--target", "dataflow");
        assertThat(estimated.code()).as(estimated.err()).isZero();
        // the imported network costs what the zoo network of its shape costs, and its checkpoint row equals its original row
        CliRun zoo = CliRun.of("estimate", "--model", "resnet8", "--width", "8", "--target", "dataflow");
        String original = figures(estimated.out(), "| original |");
        assertThat(original).isEqualTo(figures(zoo.out(), "| long |")).contains("long,long,long");
        assertThat(figures(estimated.out(), "| checkpoint |").replace(" (+0.0%)", "")).isEqualTo(original);
        // The checkpoint fixes the network: --model or --width beside it would be ignored, so they are refused.
        CliRun both = CliRun.of("estimate", "--checkpoint", ck.toString(), "--model", "resnet20", "--width", "16");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err().strip()).isEqualTo("tailor: --model, --width: --checkpoint " + ck
                + " already fixes the network (model, input, classes and width); drop them");

        Path alter = dir.resolve("alter");
        CliRun altered = CliRun.of("alter", "--teacher", ck.toString(), "--mode", "remove", "--every", "1", "--epochs", "5",
                "--max-steps", "2", "--batch", "16", "--recalibrate", "2", "--lr", "0.01", "--dataset", "synthetic",
                "--out", alter.toString());
        assertThat(altered.code()).as(altered.err()).isZero();
        Path best = alter.resolve("best.ckpt");
        assertThat(Checkpoint.load(best).spec().skips()).containsOnly(SkipMode.NONE);

        Path export = dir.resolve("export");
        // A fixed-point precision file sets every layer's integer bits: --integer-bits beside it would be ignored.
        Path plan = dir.resolve("plan.txt");
        Files.writeString(plan, "default: ap_fixed<8,3>\n");
        CliRun integerBits = CliRun.of("export", "--checkpoint", best.toString(), "--out", export.toString(), "--precision-file",
                plan.toString(), "--integer-bits", "2");
        assertThat(integerBits.code()).isEqualTo(2);
        assertThat(integerBits.err().strip()).isEqualTo("tailor: --integer-bits: the design has types (--precision-file " + plan
                + "), whose integer bits it writes; give them in the type, --precision W,I, or with width options alone");
        assertThat(export).doesNotExist();
        CliRun exported = CliRun.of("export", "--checkpoint", best.toString(), "--out", export.toString());
        assertThat(exported.code()).as(exported.err()).isZero();
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(export.resolve("model.onnx")));
        assertThat(model.getGraph().getNodeList()).noneMatch(n -> n.getOpType().equals("Add") && !n.getName().equals("fc_bias"));
    }

    @Test
    void importRefusalsAreOneLineAndWriteNothing() {
        Path ck = dir.resolve("never");
        // --out names a folder, as everywhere: a checkpoint's name there is refused with the form to use.
        CliRun asFile = CliRun.of("import", "--onnx", fixture("cifar_resnet8.onnx").toString(), "--out", dir.resolve("x.ckpt").toString(),
                "--mean", "0.5", "--std", "0.25");
        assertThat(asFile.code()).isEqualTo(2);
        assertThat(asFile.err().strip()).isEqualTo("tailor: --out " + dir.resolve("x.ckpt") + ": --out names a folder, as in every "
                + "command; the checkpoint is written into it as model.ckpt (e.g. --out " + dir.resolve("x") + ")");
        assertThat(dir.resolve("x.ckpt")).doesNotExist();
        CliRun optionA = CliRun.of("import", "--onnx", fixture("cifar_resnet8_option_a.onnx").toString(), "--out", ck.toString(),
                "--mean", "0.5", "--std", "0.25");
        assertThat(optionA.code()).isEqualTo(2);
        assertThat(optionA.err().strip()).startsWith("tailor: ").contains("cannot place node '/layer2/layer2.0/Slice' (Slice)")
                .doesNotContain("\n");
        CliRun missing = CliRun.of("import", "--onnx", dir.resolve("missing.onnx").toString(), "--out", ck.toString(),
                "--mean", "0.5", "--std", "0.25");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("missing.onnx: no such file");
        CliRun folder = CliRun.of("import", "--onnx", dir.toString(), "--out", ck.toString(), "--mean", "0.5", "--std", "0.25");
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.err().strip()).isEqualTo("tailor: " + dir + ": is a folder, not an ONNX file");
        CliRun noMean = CliRun.of("import", "--onnx", fixture("cifar_resnet8.onnx").toString(), "--out", ck.toString());
        assertThat(noMean.code()).isEqualTo(2);
        assertThat(noMean.err()).contains("--mean");
        CliRun zeroStd = CliRun.of("import", "--onnx", fixture("cifar_resnet8.onnx").toString(), "--out", ck.toString(),
                "--mean", "0.5", "--std", "0", "--topology", "SHORT-TEACHER");
        assertThat(zeroStd.code()).isEqualTo(2);
        assertThat(zeroStd.err()).contains("--std values must be positive");
        assertThat(ck).doesNotExist();
    }

    private Path fixture(String name) {
        try (InputStream in = getClass().getResourceAsStream("/onnx/" + name)) {
            Path p = dir.resolve(name);
            if (in != null) {
                Files.write(p, in.readAllBytes());
            }
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
