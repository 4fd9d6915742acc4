package dev.tailor.cli;

import dev.tailor.kernels.CpuIdentity;

import java.util.Locale;

/** What a bug report needs to know about this machine's CPU: native kernels differ by CPU (RELIABILITY.md). */
record MachineInfo(String cpuModel, int cores, String instructionSet) {

    static MachineInfo current() {
        CpuIdentity cpu = CpuIdentity.current();
        String isa = cpu.instructionSet();
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
        if (cap != null && !cap.isBlank()) {
            isa += " (oneDNN capped at " + cap.toUpperCase(Locale.ROOT) + " by ONEDNN_MAX_CPU_ISA)";
        }
        return new MachineInfo(cpu.model(), Runtime.getRuntime().availableProcessors(), isa);
    }

    @Override
    public String toString() {
        return cpuModel + ", " + cores + " cores, " + instructionSet;
    }
}
