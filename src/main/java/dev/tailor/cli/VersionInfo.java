package dev.tailor.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import picocli.CommandLine;

/** {@code tailor --version}: our version, the engine's, its threads and the CPU it runs on — what a bug report needs. */
final class VersionInfo implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String tailor = TailorCli.class.getPackage().getImplementationVersion();
        Engine engine = Engine.getEngine("PyTorch");
        return new String[]{
            "tailor " + (tailor == null ? "(development build)" : tailor),
            "engine: DJL " + Engine.getDjlVersion() + ", libtorch " + engine.getVersion() + " (CPU)",
            "threads: " + JniUtils.getNumThreads() + " intra-op, " + JniUtils.getNumInteropThreads() + " inter-op",
            "CPU: " + MachineInfo.current() + " (oneDNN picks its kernels by instruction set)",
            "convolutions: each configuration checked on this CPU before use ('tailor doctor' lists the verdicts"
                    + (dev.tailor.kernels.KernelChooser.shared().diskCache() == null ? ")"
                    : ", kept in " + dev.tailor.kernels.KernelChooser.shared().diskCache().file() + ")"),
            "java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch")};
    }
}
