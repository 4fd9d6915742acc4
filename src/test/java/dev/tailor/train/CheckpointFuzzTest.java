package dev.tailor.train;

import ai.djl.ndarray.NDManager;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import dev.tailor.nn.ResNetModel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated checkpoint files: every change to a valid file is either caught (one line naming the
 * file, {@link InvalidInputException}) or leaves a checkpoint whose tensors are exactly the
 * original ones — a damaged file is never used.
 */
class CheckpointFuzzTest {
    private static final NetSpec SPEC = ModelZoo.build("resnet8", new Shape(1, 8, 8), 3, 2);
    private static final byte[] VALID;
    private static final Checkpoint ORIGINAL;

    static {
        try (NDManager m = NDManager.newBaseManager(); ResNetModel model = ResNetModel.create(SPEC, m, 1)) {
            Path f = Files.createTempFile("tailor-ckpt", ".ckpt");
            Checkpoint.save(f, Checkpoint.newHeader(SPEC).put("epochsDone", 3), model, null);
            VALID = Files.readAllBytes(f);
            ORIGINAL = Checkpoint.load(f);
            Files.delete(f);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, VALID.length - 1).list().ofMinSize(1).ofMaxSize(6)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] b = VALID.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        b[positions.get(i)] = values.get(i);
                    }
                    return b;
                }));
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, VALID.length - 1).map(n -> Arrays.copyOf(VALID, n));
        Arbitrary<byte[]> extended = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(tail -> {
            byte[] b = Arrays.copyOf(VALID, VALID.length + tail.length);
            System.arraycopy(tail, 0, b, VALID.length, tail.length);
            return b;
        });
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        return Arbitraries.oneOf(flipped, truncated, extended, random);
    }

    /** Found by the property below: a flipped byte that turns a tensor name's first letter into a newline. */
    @net.jqwik.api.Example
    void aNameDamagedIntoANewlineIsQuotedOnOneLine() throws IOException {
        byte[] name = "model/stem.bn.gamma".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = VALID.clone();
        int at = indexOf(bytes, name);
        assertThat(at).isNotNegative();
        bytes[at] = '\n';
        Path f = Files.createTempFile("tailor-fuzz", ".ckpt");
        try {
            Files.write(f, bytes);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checkpoint.load(f)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("tensor \\u000aodel/stem.bn.gamma is damaged").message().doesNotContain("\n");
        } finally {
            Files.delete(f);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Property(tries = 400)
    void aDamagedCheckpointIsRefusedNeverUsed(@ForAll("mutated") byte[] bytes) throws IOException {
        Path f = Files.createTempFile("tailor-fuzz", ".ckpt");
        try {
            Files.write(f, bytes);
            Checkpoint ck;
            try {
                ck = Checkpoint.load(f);
            } catch (InvalidInputException e) {
                assertThat(e.getMessage()).startsWith(f.toString()).doesNotContain("\n");
                return;
            }
            // Accepted: then nothing that matters changed.
            assertThat(ck.tensors().keySet()).isEqualTo(ORIGINAL.tensors().keySet());
            for (String name : ORIGINAL.tensors().keySet()) {
                assertThat(ck.tensors().get(name)).as(name).containsExactly(ORIGINAL.tensors().get(name));
                assertThat(ck.shapes().get(name)).as(name).containsExactly(ORIGINAL.shapes().get(name));
            }
            assertThat(ck.header()).isEqualTo(ORIGINAL.header());
        } finally {
            Files.delete(f);
        }
    }
}
