package dev.tailor.fixedpoint;

/**
 * The concrete types of one deployed layer; a role the layer does not have is null (a ReLU has only
 * a result, a global average pool an accumulator and a result).
 *
 * @param input the result type of the layer it reads (what hls4ml calls its {@code data_T})
 */
public record LayerTypes(FixedType input, FixedType weight, FixedType bias, FixedType accum, FixedType result) {
}
