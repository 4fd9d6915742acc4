package dev.tailor.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The CPU as native kernels see it: model, family/model/stepping and instruction-set flags, read
 * from {@code /proc/cpuinfo}. oneDNN picks its kernels by these, so verdicts are kept per identity.
 */
public record CpuIdentity(String model, String family, String flags) {

    public static CpuIdentity current() {
        List<String> cpuinfo;
        try {
            cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | SecurityException e) {
            cpuinfo = List.of();
        }
        String model = field(cpuinfo, "model name");
        String family = field(cpuinfo, "vendor_id") + " family " + field(cpuinfo, "cpu family") + " model " + field(cpuinfo, "model")
                + " stepping " + field(cpuinfo, "stepping");
        String flags = Arrays.stream(field(cpuinfo, "flags").split("\\s+")).filter(f -> !f.isEmpty()).sorted().distinct()
                .collect(Collectors.joining(" "));
        return new CpuIdentity(model.isEmpty() ? System.getProperty("os.arch") : model, family, flags);
    }

    /** AVX-512, AVX2, AVX or SSE: the widest vector instruction set the flags name. */
    public String instructionSet() {
        String f = " " + flags + " ";
        return f.contains(" avx512f ") ? "AVX-512" : f.contains(" avx2 ") ? "AVX2" : f.contains(" avx ") ? "AVX"
                : flags.isBlank() ? "unknown" : "SSE";
    }

    /** {@code AMD EPYC (AuthenticAMD family 26 model 2 stepping 1), AVX-512}. */
    public String describe() {
        return model + " (" + family + "), " + instructionSetAsUsed();
    }

    /** {@link #instructionSet()}, and the cap {@code ONEDNN_MAX_CPU_ISA} puts on oneDNN's kernels where set. */
    public String instructionSetAsUsed() {
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
        return instructionSet() + (cap == null || cap.isBlank() ? "" : " (oneDNN capped at " + cap.toUpperCase(Locale.ROOT) + " by ONEDNN_MAX_CPU_ISA)");
    }

    private static String field(List<String> cpuinfo, String name) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }
}
