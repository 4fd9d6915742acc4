package dev.tailor.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.tailor.net.SkipMode;
import dev.tailor.train.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A ResNet-8 from PyTorch goes through import, evaluate, estimate, alter --mode remove and export. */
class HandoffCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    @Test
    void importedResNet8IsTailoredAndExported() throws Exception {
        Path onnx = fixture("cifar_resnet8.onnx");
        Path ck = dir.resolve("teacher.ckpt");
        assertThat(TailorCli.run("import", "--onnx", onnx.toString(), "--out", ck.toString(), "--mean", "0.49,0.48,0.45",
                "--std", "0.25,0.24,0.26")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("imported resnet8 standard [long,long,long] (input 3x32x32, 10 classes, width 8)");
        assertThat(TailorCli.run("evaluate", "--checkpoint", ck.toString(), "--dataset", "synthetic")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("top1");
        assertThat(TailorCli.run("estimate", "--checkpoint", ck.toString(), "--target", "dataflow")).as(err.toString()).isZero();

        Path alter = dir.resolve("alter");
        assertThat(TailorCli.run("alter", "--teacher", ck.toString(), "--mode", "remove", "--every", "1", "--epochs", "5",
                "--max-steps", "2", "--batch", "16", "--recalibrate", "2", "--lr", "0.01", "--dataset", "synthetic",
                "--out", alter.toString())).as(err.toString()).isZero();
        Path best = alter.resolve("best.ckpt");
        assertThat(Checkpoint.load(best).spec().skips()).containsOnly(SkipMode.NONE);

        Path export = dir.resolve("export");
        assertThat(TailorCli.run("export", "--checkpoint", best.toString(), "--out", export.toString(), "--fold-bn"))
                .as(err.toString()).isZero();
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(export.resolve("model.onnx")));
        assertThat(model.getGraph().getNodeList()).noneMatch(n -> n.getOpType().equals("Add") && !n.getName().equals("fc_bias"));
    }

    @Test
    void importRefusalsAreOneLineAndWriteNothing() {
        Path ck = dir.resolve("never.ckpt");
        assertThat(TailorCli.run("import", "--onnx", fixture("cifar_resnet8_option_a.onnx").toString(), "--out", ck.toString(),
                "--mean", "0.5", "--std", "0.25")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("tailor: ").contains("cannot place node '/layer2/layer2.0/Slice' (Slice)")
                .doesNotContain("\n");
        err.reset();
        assertThat(TailorCli.run("import", "--onnx", dir.resolve("missing.onnx").toString(), "--out", ck.toString(),
                "--mean", "0.5", "--std", "0.25")).isEqualTo(2);
        assertThat(err.toString()).contains("missing.onnx: no such file");
        err.reset();
        assertThat(TailorCli.run("import", "--onnx", fixture("cifar_resnet8.onnx").toString(), "--out", ck.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--mean");
        err.reset();
        assertThat(TailorCli.run("import", "--onnx", fixture("cifar_resnet8.onnx").toString(), "--out", ck.toString(),
                "--mean", "0.5", "--std", "0", "--topology", "SHORT-TEACHER")).isEqualTo(2);
        assertThat(err.toString()).contains("--std values must be positive");
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
