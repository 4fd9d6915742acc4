package dev.tailor.nn;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block whose children keep the names we give them. DJL registers a child under a key of its
 * own making; parameter names ({@code stage2.block1.conv1.weight}) are built from these names
 * instead, so they do not depend on how DJL spells its keys.
 */
abstract class NamedBlock extends AbstractBlock {
    private final Map<String, Block> named = new LinkedHashMap<>();

    /** Registers {@code block} as a child called {@code name} and returns it. */
    protected final <B extends Block> B child(String name, B block) {
        if (named.put(name, block) != null) {
            throw new IllegalStateException("two children named " + name);
        }
        return addChildBlock(name, block);
    }

    /** The children in the order they were added, by our names. */
    final Map<String, Block> namedChildren() {
        return Collections.unmodifiableMap(named);
    }
}
