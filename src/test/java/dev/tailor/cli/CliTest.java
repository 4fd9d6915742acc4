package dev.tailor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    @TempDir
    Path dir;

    @Test
    void helpListsCommands() {
        CliRun r = CliRun.of("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("models", "train", "evaluate");
    }

    @Test
    void modelsPrintsTheZoo() {
        CliRun r = CliRun.of("models");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("resnet8", "78,042", "12,501,632", "resnet50", "25,557,032");
    }

    /** The layers below the CLI name a setting; the CLI shows the flag this command has for it. */
    @Test
    void aBadSettingIsShownAsTheCommandsFlag() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.tailor.train.TrainConfig.defaults(dir).withEpochs(0).validate())
                .isInstanceOf(dev.tailor.errors.InvalidSettingException.class).hasMessage("epochs must be positive, got 0");
        CliRun r = CliRun.of("train", "--dataset", "synthetic", "--epochs", "0", "--out", dir.resolve("t").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --epochs must be positive, got 0");
        r = CliRun.of("train", "--dataset", "synthetic", "--momentum", "2", "--out", dir.resolve("t").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --momentum must be in [0, 1), got 2.0");
        r = CliRun.of("train", "--dataset", "synthetic", "--weight-decay", "-1", "--out", dir.resolve("t").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --weight-decay must be 0 or more, got -1.0");
        // A setting that the command has no flag for keeps its plain name.
        dev.tailor.errors.InvalidSettingException ex = new dev.tailor.errors.InvalidSettingException("epochs", "must be positive, got 0");
        assertThat(TailorCli.userMessage(ex, new picocli.CommandLine(new ModelsCommand()).getCommandSpec()))
                .isEqualTo("epochs must be positive, got 0");
    }

    @Test
    void benchTimesEachWidthAndRefusesAnUnknownSuite() {
        CliRun r = CliRun.of("bench", "--depth", "8", "--width", "4", "--batch", "4", "--steps", "1", "--warmup", "0");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern("depth=8 width=4 batch=4 train_ms=\\d")
                .contains("data_pipeline img_s=", "peak_rss_mb=");
        CliRun bad = CliRun.of("bench", "--suite", "gpu");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--suite", "gpu", "train, hardware");
    }

    @Test
    void userErrorsAreOneLineWithExitCode2() throws Exception {
        CliRun r = CliRun.of("train", "--model", "resnet9", "--epochs", "1", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("tailor: unknown model 'resnet9'").doesNotContain("\n").doesNotContain("Exception");
        r = CliRun.of("train", "--dataset", "mnist", "--data", dir.resolve("none").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no such directory").doesNotContain("at dev.");
        r = CliRun.of("train", "--epochs", "many");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("--epochs", "'many'", "(see 'tailor train --help')").doesNotContain("\n");
        r = CliRun.of("evaluate", "--checkpoint", dir.resolve("x.ckpt").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("x.ckpt").contains("no such checkpoint");
        r = CliRun.of("train", "--schedule", "warm");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--schedule", "unknown schedule 'warm'").doesNotContain("Exception");
        r = CliRun.of("train", "--dataset", "synthetic", "--width", "4", "--epochs", "1", "--qat-freeze-bn", "--out", dir.resolve("f").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --qat-freeze-bn applies to quantisation-aware training: add --qat W,A or --qat-plan FILE");
        r = CliRun.of("train", "--dataset", "synthetic", "--width", "4", "--epochs", "1", "--qat-fit", "mse", "--out", dir.resolve("f").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --qat-fit applies to quantisation-aware training: add --qat W,A");
        r = CliRun.of("train", "--dataset", "synthetic", "--width", "4", "--epochs", "1", "--qat-plan", "p.txt", "--qat-fit", "mse", "--out",
                dir.resolve("f").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --qat-fit chooses the integer bits of --qat W,A; a --qat-plan file has its own");
        r = CliRun.of("train", "--dataset", "synthetic", "--width", "4", "--epochs", "1", "--qat-ranges-from", "x.ckpt", "--out",
                dir.resolve("f").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --qat-ranges-from applies to quantisation-aware training: add --qat W,A or --qat-plan FILE");
        // The old spelling is refused with a pointer to the new one, before any work.
        r = CliRun.of("train", "--dataset", "synthetic", "--qat", "8,8", "--qat-calibrate", "x.ckpt", "--out", dir.resolve("f").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: --qat-calibrate is now --qat-ranges-from CKPT (the network the --qat integer bits "
                + "are measured on) (see 'tailor train --help')");
        assertThat(dir.resolve("f")).doesNotExist();
        r = CliRun.of("quantize", "--checkpoint", "x.ckpt", "--dataset", "synthetic", "--precision", "8,3", "--out", "p.txt");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("tailor: --out: quantize now takes the precision file as --profile FILE").doesNotContain("\n");
        for (String qat : new String[]{"8", "8,x", "8,4,2", "8,", "1,8", "8,33"}) {
            r = CliRun.of("train", "--dataset", "synthetic", "--width", "4", "--epochs", "1", "--qat", qat, "--out", dir.resolve("q").toString());
            assertThat(r.code()).as(qat).isEqualTo(2);
            assertThat(r.err().strip()).as(qat)
                    .isEqualTo("tailor: --qat '" + qat + "' must be W,A: weight and activation bits, 2 to 32 each (e.g. 8,8)");
        }
        // --data without --dataset would be ignored (synthetic data reads no files): refused.
        Files.createDirectories(dir.resolve("images"));
        for (String command : new String[]{"train", "experiment"}) {
            r = CliRun.of(command, "--data", dir.resolve("images").toString(), "--out", dir.resolve("d").toString());
            assertThat(r.code()).as(command).isEqualTo(2);
            assertThat(r.err().strip()).as(command).startsWith("tailor: --data needs --dataset (fashion-mnist, ").doesNotContain("\n");
        }
        assertThat(dir.resolve("d")).doesNotExist();
        // Counts are checked when the command line is parsed, naming the option.
        String[][] counts = {
                {"--qat-calibration", "train", "--qat", "8,8", "--qat-calibration", "0"},
                {"--calibration", "quantize", "--checkpoint", "x.ckpt", "--profile", "p.txt", "--calibration", "0"},
                {"--calibration", "quantize", "--checkpoint", "x.ckpt", "--profile", "p.txt", "--calibration", "-5"},
                {"--limit", "quantize", "--checkpoint", "x.ckpt", "--limit", "-1"},
                {"--check", "quantize", "--checkpoint", "x.ckpt", "--check", "-1"},
                {"--steps", "bench", "--steps", "-1"},
                {"--steps", "bench", "--steps", "0"},
                {"--batch", "bench", "--batch", "32,0"},
                {"--warmup", "bench", "--warmup", "-1"},
        };
        for (String[] c : counts) {
            r = CliRun.of(java.util.Arrays.copyOfRange(c, 1, c.length));
            String value = c[c.length - 1].contains(",") ? "0" : c[c.length - 1];
            assertThat(r.code()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", c)).startsWith("tailor: Invalid value for option '" + c[0] + "'")
                    .contains("'" + value + "' must be")
                    .doesNotContain("\n").doesNotContain("Exception");
            assertThat(r.out()).as(String.join(" ", c)).isEmpty();
        }
        // A file target that is a folder, or a folder target that is a file: refused before any work, naming the path.
        Path folder = Files.createDirectories(dir.resolve("adir"));
        Path file = Files.writeString(dir.resolve("afile"), "x");
        String[][] targets = {
                {file + ": is a file; --out takes a folder", "import", "--onnx", "m.onnx", "--mean", "0.5", "--std", "0.25", "--out", file.toString()},
                {folder + ": is a folder, not a file", "quantize", "--checkpoint", "x.ckpt", "--json", folder.toString()},
                {folder + ": is a folder, not a file", "estimate", "--json", folder.toString()},
                {folder + ": is a folder, not a file", "estimate", "--csv", folder.toString()},
                {file + ": is a file; --out takes a folder", "export", "--checkpoint", "x.ckpt", "--out", file.toString()},
                {file + ": is a file; --out takes a folder", "train", "--epochs", "1", "--out", file.toString()},
        };
        for (String[] t : targets) {
            r = CliRun.of(java.util.Arrays.copyOfRange(t, 1, t.length));
            assertThat(r.code()).as(t[1]).isEqualTo(2);
            assertThat(r.err().strip()).as(t[1]).isEqualTo("tailor: " + t[0]);
        }
        assertThat(folder).isEmptyDirectory();
        assertThat(file).hasContent("x");
        // A --policy of the wrong length is named as --policy, not as --skips.
        r = CliRun.of("estimate", "--policy", "long,none");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("tailor: --policy lists 2 modes but the model has ").doesNotContain("--skips");
    }

    @Test
    void enumOptionsListTheirValuesInHelp() {
        assertThat(help("alter")).contains("remove, shorten");
        assertThat(help("experiment")).contains("teacher, short-teacher, scratch, kd-all-at-once, tailor", "step, cosine, hold-cosine, constant")
                .contains("--targets=<targets>[,<targets>...] remove, shorten, comma-separated").doesNotContain("or both");
        assertThat(help("train")).contains("synthetic, fashion-mnist, mnist, cifar10, cifar100, folder", "standard, short-teacher");
    }

    /** A command's help with picocli's line wrapping undone. */
    private static String help(String command) {
        return CliRun.of(command, "--help").out().replaceAll("\\s+", " ");
    }

    @Test
    void trainThenEvaluate() {
        Path run = dir.resolve("run");
        CliRun r = CliRun.of("train", "--model", "resnet8", "--width", "4", "--dataset", "synthetic", "--epochs", "1", "--max-steps", "5",
                "--out", run.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(Files.exists(run.resolve("summary.json"))).isTrue();
        r = CliRun.of("evaluate", "--checkpoint", run.resolve("last.ckpt").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("top1");
        // A standard teacher cannot be shortened: refused before any work, naming what it needs.
        r = CliRun.of("alter", "--teacher", run.resolve("last.ckpt").toString(), "--mode", "shorten", "--dataset", "synthetic",
                "--out", dir.resolve("alter").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is a standard network; SkipShortener needs a short-teacher teacher", "--topology short-teacher");
        assertThat(dir.resolve("alter")).doesNotExist();

        // A fresh run does not overwrite a finished one; --resume continues it instead.
        byte[] summary = readAll(run.resolve("summary.json"));
        r = CliRun.of("train", "--model", "resnet8", "--width", "4", "--dataset", "synthetic", "--epochs", "1", "--max-steps", "5",
                "--out", run.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: " + run + ": already holds a run (last.ckpt); continue it with --resume,"
                + " or give another --out");
        assertThat(readAll(run.resolve("summary.json"))).isEqualTo(summary);
        // --resume continues it only with the settings it was trained with; a longer run is fine.
        r = CliRun.of("train", "--model", "resnet8", "--width", "4", "--dataset", "synthetic", "--epochs", "2", "--max-steps", "5",
                "--lr", "0.5", "--resume", "--out", run.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("tailor: " + run + ": this run was trained with other settings (lr ")
                .contains(", now 0.5)").doesNotContain("\n");
        r = CliRun.of("train", "--model", "resnet8", "--width", "4", "--dataset", "synthetic", "--epochs", "2", "--max-steps", "5",
                "--resume", "--out", run.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("resumed " + run + " after epoch 1");

        // An alteration resumes only from the teacher and distillation settings it started with.
        String[] alter = {"alter", "--teacher", run.resolve("last.ckpt").toString(), "--mode", "remove", "--dataset", "synthetic",
                "--epochs", "5", "--every", "1", "--max-steps", "2", "--out", dir.resolve("remover").toString()};
        r = CliRun.of(alter);
        assertThat(r.code()).as(r.all()).isZero();
        // The header's epochs are the ones the per-epoch lines mark as rewired, both counted from 1.
        assertThat(r.out()).contains("skips [0, 1, 2] altered after epochs 2, 3, 4 of 5");
        assertThat(r.out().lines().filter(l -> l.contains("rewired")).map(l -> l.substring(0, l.indexOf('/'))).toList())
                .containsExactly("epoch 2", "epoch 3", "epoch 4");
        String[] otherTeacher = alter.clone();
        otherTeacher[2] = run.resolve("previous.ckpt").toString();
        r = CliRun.of(with(otherTeacher, "--resume"));
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("this run was trained with other settings (teacher ");
        r = CliRun.of(with(alter, "--resume", "--alpha", "0.9"));
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("(alpha 0.35, now 0.9)");
        r = CliRun.of(with(alter, "--resume"));
        assertThat(r.code()).as(r.all()).isZero();
        // The skip-free result has nothing left to remove.
        String[] again = alter.clone();
        again[2] = dir.resolve("remover").resolve("best.ckpt").toString();
        again[again.length - 1] = dir.resolve("remover2").toString();
        r = CliRun.of(again);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is already none, so SkipRemover has nothing to alter");
        assertThat(dir.resolve("remover2")).doesNotExist();
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    /** A network too wide for the machine is one line before any work, not the engine's allocation failure with a trace. */
    @Test
    void aFarTooWideNetworkIsRefused() {
        Path out = dir.resolve("wide");
        CliRun r = CliRun.of("train", "--width", "100000", "--dataset", "synthetic", "--epochs", "1", "--max-steps", "1", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("tailor: --width 100000: resnet8 would have ").contains("more than this machine's")
                .doesNotContain("\n", "Exception");
        // The output folder is checked for writing before the data is read, so it may exist, but nothing is in it.
        assertThat(!Files.exists(out) || out.toFile().list().length == 0).as("nothing written to " + out).isTrue();
    }

    /** Scoring the test split reads only the test files: a folder without the training files is enough. */
    @Test
    void evaluateAndQuantizeNeedOnlyTheTestFiles() throws java.io.IOException {
        Path data = dir.resolve("mnist");
        Files.createDirectories(data);
        writeIdx(data, "train", 16);
        writeIdx(data, "t10k", 8);
        Path run = dir.resolve("run");
        CliRun r = CliRun.of("train", "--model", "resnet8", "--width", "4", "--dataset", "mnist", "--data", data.toString(),
                "--epochs", "1", "--max-steps", "2", "--batch", "8", "--out", run.toString());
        assertThat(r.code()).as(r.all()).isZero();
        Files.delete(data.resolve("train-images-idx3-ubyte"));
        Files.delete(data.resolve("train-labels-idx1-ubyte"));
        String ck = run.resolve("last.ckpt").toString();
        r = CliRun.of("evaluate", "--checkpoint", ck, "--dataset", "mnist", "--data", data.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("on mnist/test", "(8 images)");
        r = CliRun.of("evaluate", "--checkpoint", ck, "--dataset", "fashion-mnist", "--data", data.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("on fashion-mnist/test", "(8 images)");
        r = CliRun.of("quantize", "--checkpoint", ck, "--dataset", "mnist", "--data", data.toString(), "--precision", "8,3");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("on mnist/test (8 images)");
        // Profiling measures training images, so it still needs them, and says which file is missing.
        r = CliRun.of("quantize", "--checkpoint", ck, "--dataset", "mnist", "--data", data.toString(), "--precision", "8,3",
                "--profile", dir.resolve("p.txt").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("train-images-idx3-ubyte").doesNotContain("\n");
    }

    /** n 1x8x8 IDX images with labels 0..9 cycling. */
    private static void writeIdx(Path data, String stem, int n) throws java.io.IOException {
        java.nio.ByteBuffer img = java.nio.ByteBuffer.allocate(16 + n * 64).putInt(0x803).putInt(n).putInt(8).putInt(8);
        java.nio.ByteBuffer lab = java.nio.ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n * 64; i++) {
            img.put((byte) (i * 37 % 256));
        }
        for (int i = 0; i < n; i++) {
            lab.put((byte) (i % 10));
        }
        Files.write(data.resolve(stem + "-images-idx3-ubyte"), img.array());
        Files.write(data.resolve(stem + "-labels-idx1-ubyte"), lab.array());
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
