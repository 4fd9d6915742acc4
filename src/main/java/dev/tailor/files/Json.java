package dev.tailor.files;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper for every JSON file Tailor reads and writes (checkpoint headers, run
 * summaries, grid.json, estimates); it accepts NaN and Infinity, which training can produce.
 */
public final class Json {
    private Json() {
    }

    public static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
}
