package dev.tailor.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KernelCacheSettingTest {
    @Test
    void theVariableChoosesTheFolderOrNone() {
        Path root = Path.of("/home/u/.cache/tailor");
        assertThat(KernelCacheSetting.folder(Map.of(), root)).isEqualTo(root.resolve("kernels"));
        assertThat(KernelCacheSetting.folder(Map.of("TAILOR_KERNEL_CACHE", " "), root)).isEqualTo(root.resolve("kernels"));
        assertThat(KernelCacheSetting.folder(Map.of("TAILOR_KERNEL_CACHE", "/tmp/k"), root)).isEqualTo(Path.of("/tmp/k"));
        assertThat(KernelCacheSetting.folder(Map.of("TAILOR_KERNEL_CACHE", "off"), root)).isNull();
    }
}
