package dev.tailor.rtl;

import dev.tailor.errors.RunFailedException;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Programs;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a written design with Verilator and runs its test bench (docs/rtl.md, "Verification").
 * The build goes to {@code DIR/obj}; a run reads an input file of tokens and prints what
 * {@link Testbench} describes, which {@link #run} parses into a {@link Run}.
 */
public final class RtlSimulation {
    /** The program's name on the PATH. */
    public static final String TOOL = "verilator";
    static final String BINARY = "tailor_sim";

    /** One stream after a run: tokens held at the end, the depth it ran at, its highest occupancy. */
    public record FifoState(int id, long count, long depth, long most) {
    }

    /**
     * What a run showed.
     *
     * @param outputs the output tokens in order, as numbers (bit c·W of token = class c's lowest bit)
     * @param hung    the watchdog found nothing moving before every image came out
     */
    public record Run(List<BigInteger> outputs, List<Long> inCycles, List<Long> outCycles, boolean hung, long cycles,
                      Map<Integer, FifoState> fifos, double seconds) {
    }

    private RtlSimulation() {
    }

    /** Refuses, in one line, when the Verilator program (a name on the PATH, or a path) is not there. */
    public static void requireVerilator(String verilator) {
        Programs.require(verilator, "Verilator (it builds the test bench)", "verilator", "--verilator");
    }

    /**
     * Compiles the design and its test bench; returns the seconds it took.
     *
     * @param jobs parallel compile jobs
     */
    public static double build(Path dir, String verilator, int jobs) {
        requireVerilator(verilator);
        List<String> cmd = List.of(verilator, "--cc", "--exe", "--build", "-j", Integer.toString(jobs), "-O3", "--x-assign", "fast",
                "--x-initial", "fast", "--noassert", "-Wno-fatal", "-Wno-lint", "-Wno-style", "--top-module", TopModule.NAME,
                "-Mdir", "obj", "-o", BINARY, "-CFLAGS", "-O1", RtlWriter.VERILOG, Testbench.FILE);
        long t0 = System.nanoTime();
        Path log = dir.resolve("build.log");
        int rc = Programs.run(cmd, dir, log, 3600);
        if (rc != 0) {
            throw new IllegalStateException("Verilator could not build the generated design (exit " + rc + "); its messages are in " + log
                    + ": " + tail(log));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Streams the tokens through a built design.
     *
     * @param tokens   per image, per pixel, the token's 32-bit words (least significant first)
     * @param watchdog cycles without any token moving after which the run counts as hung
     * @param limits   streams to run shallower than built: id -> depth
     */
    public static Run run(Path dir, List<int[][]> tokens, long watchdog, Map<Integer, Long> limits, String label) {
        Path input = dir.resolve("images-" + label + ".txt");
        StringBuilder b = new StringBuilder();
        int perImage = tokens.isEmpty() ? 0 : tokens.get(0).length;
        int words = perImage == 0 ? 0 : tokens.get(0)[0].length;
        b.append(tokens.size()).append(' ').append(perImage).append(' ').append(words).append('\n');
        for (int[][] image : tokens) {
            for (int[] t : image) {
                for (int w : t) {
                    b.append(Integer.toHexString(w)).append(' ');
                }
                b.append('\n');
            }
        }
        AtomicFiles.writeString(input, b.toString());
        List<String> cmd = new ArrayList<>(List.of(dir.resolve("obj").resolve(BINARY).toString(), input.getFileName().toString(),
                Long.toString(watchdog)));
        limits.forEach((id, depth) -> cmd.add(id + "=" + depth));
        Path log = dir.resolve("sim-" + label + ".log");
        long t0 = System.nanoTime();
        int rc = Programs.run(cmd, dir, log, 3600);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new RunFailedException("the simulation of " + dir + " failed (exit " + rc + "): " + tail(log));
        }
        return parse(log, seconds);
    }

    /**
     * {@link #run} with the images split into up to {@code processes} consecutive parts simulated at
     * once; the parts' outputs are joined in order. Each part starts from reset, so cycle counts and
     * the first image's latency are the first part's; occupancies are the highest any part saw.
     */
    public static Run runSplit(Path dir, List<int[][]> tokens, long watchdog, Map<Integer, Long> limits, String label, int processes) {
        int parts = Math.max(1, Math.min(processes, tokens.size() / 2));
        if (parts == 1) {
            return run(dir, tokens, watchdog, limits, label);
        }
        List<java.util.concurrent.CompletableFuture<Run>> futures = new ArrayList<>();
        int per = (tokens.size() + parts - 1) / parts;
        for (int i = 0; i < parts; i++) {
            List<int[][]> part = tokens.subList(i * per, Math.min(tokens.size(), (i + 1) * per));
            String name = label + "-" + i;
            futures.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> run(dir, part, watchdog, limits, name)));
        }
        List<Run> runs = new ArrayList<>();
        try {
            for (var f : futures) {
                runs.add(f.join());
            }
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        Run first = runs.get(0);
        List<BigInteger> outs = new ArrayList<>();
        boolean hung = false;
        double seconds = 0;
        Map<Integer, FifoState> fifos = new LinkedHashMap<>(first.fifos());
        for (Run r : runs) {
            outs.addAll(r.outputs());
            hung |= r.hung();
            seconds = Math.max(seconds, r.seconds());
            r.fifos().forEach((id, f) -> fifos.merge(id, f, (a, b) -> a.most() >= b.most() ? a : b));
        }
        long cycles = runs.stream().mapToLong(Run::cycles).max().orElse(0);
        return new Run(outs, first.inCycles(), first.outCycles(), hung, cycles, fifos, seconds);
    }

    private static Run parse(Path log, double seconds) {
        List<BigInteger> outs = new ArrayList<>();
        List<Long> in = new ArrayList<>();
        List<Long> out = new ArrayList<>();
        Map<Integer, FifoState> fifos = new LinkedHashMap<>();
        boolean hung = false;
        long end = -1;
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+");
                switch (f[0]) {
                    case "IN" -> in.add(Long.parseLong(f[2]));
                    case "OUT" -> {
                        out.add(Long.parseLong(f[2]));
                        outs.add(new BigInteger(f[3], 16));
                    }
                    case "HANG" -> hung = true;
                    case "END" -> end = Long.parseLong(f[1]);
                    case "FIFO" -> fifos.put(Integer.parseInt(f[1]), new FifoState(Integer.parseInt(f[1]), Long.parseLong(f[2]),
                            Long.parseLong(f[3]), Long.parseLong(f[4])));
                    default -> {
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the simulation log " + log + ": " + e.getMessage(), e);
        }
        if (end < 0) {
            throw new IllegalStateException("the simulation log " + log + " has no END line: " + tail(log));
        }
        return new Run(outs, in, out, hung, end, fifos, seconds);
    }

    private static String tail(Path log) {
        return Programs.tail(log, 5);
    }
}
