package dev.tailor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What a bug report needs to know about this machine's CPU: native kernels differ by CPU (RELIABILITY.md). */
record MachineInfo(String cpuModel, int cores, String instructionSet) {

    static MachineInfo current() {
        List<String> cpuinfo;
        try {
            cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | SecurityException e) {
            cpuinfo = List.of();
        }
        String model = field(cpuinfo, "model name");
        String flags = " " + field(cpuinfo, "flags") + " ";
        String isa = flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2" : flags.contains(" avx ") ? "AVX"
                : flags.isBlank() ? "unknown" : "SSE";
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
        if (cap != null && !cap.isBlank()) {
            isa += " (oneDNN capped at " + cap.toUpperCase(Locale.ROOT) + " by ONEDNN_MAX_CPU_ISA)";
        }
        return new MachineInfo(model.isEmpty() ? System.getProperty("os.arch") : model, Runtime.getRuntime().availableProcessors(), isa);
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

    @Override
    public String toString() {
        return cpuModel + ", " + cores + " cores, " + instructionSet;
    }
}
