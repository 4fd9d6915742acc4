package dev.tailor.cli;

import dev.tailor.kernels.CpuIdentity;


/** What a bug report needs to know about this machine's CPU: native kernels differ by CPU (RELIABILITY.md). */
record MachineInfo(String cpuModel, int cores, String instructionSet) {

    static MachineInfo current() {
        CpuIdentity cpu = CpuIdentity.current();
        return new MachineInfo(cpu.model(), Runtime.getRuntime().availableProcessors(), cpu.instructionSetAsUsed());
    }

    @Override
    public String toString() {
        return cpuModel + ", " + cores + " cores, " + instructionSet;
    }
}
