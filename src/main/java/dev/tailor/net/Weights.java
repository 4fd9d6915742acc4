package dev.tailor.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A network's parameters and BN statistics by readable name ({@code stage2.block1.conv1.weight},
 * {@code …bn1.runningVar}), engine-free and immutable: what checkpoints, exporters and the
 * fixed-point simulation exchange. The names are the layer names of {@link LayerGraph} plus a suffix.
 */
public final class Weights {
    private final Map<String, Tensor> tensors;

    public Weights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** A fingerprint of the names, shapes and values (CRC32): tells one set of weights from another. */
    public long digest() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            crc.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int d : e.getValue().shape()) {
                crc.update(b.clear().putInt(d).array());
            }
            for (float v : e.getValue().values()) {
                crc.update(b.clear().putFloat(v).array());
            }
        }
        return crc.getValue();
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}; a missing one is a bug in whoever built these weights. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalStateException("no tensor named " + name);
        }
        return t;
    }

    public Map<String, Tensor> asMap() {
        return tensors;
    }

    /** A copy with {@code name} set to {@code t}. */
    public Weights with(String name, Tensor t) {
        Map<String, Tensor> m = new LinkedHashMap<>(tensors);
        m.put(name, t);
        return new Weights(m);
    }

    /** A copy without the tensors whose names start with {@code prefix}. */
    public Weights withoutPrefix(String prefix) {
        Map<String, Tensor> m = new LinkedHashMap<>(tensors);
        m.keySet().removeIf(k -> k.startsWith(prefix));
        return new Weights(m);
    }
}
