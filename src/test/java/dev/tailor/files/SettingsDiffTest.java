package dev.tailor.files;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsDiffTest {
    private static JsonNode stored(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void nestedChangesAreNamedByPathAndNumbersCompareAsTheFileHasThem() throws Exception {
        JsonNode stored = stored("{\"lr\": 0.1, \"batch\": 32, \"kd\": {\"alpha\": 0.35, \"t\": 4}, \"epochsDone\": 3}");
        // A long 32 and a Map-built object compare equal to the file's int and object.
        Object now = Map.of("lr", 0.5, "batch", 32L, "kd", Map.of("alpha", 0.35, "t", 2));
        List<SettingsDiff.Change> changes = SettingsDiff.between(stored, now, SettingsDiff.Fields.GIVEN_NOW, n -> false);
        assertThat(changes).extracting(SettingsDiff.Change::path).containsExactly("kd.t", "lr");
        assertThat(changes.get(1).describe("--lr")).isEqualTo("--lr 0.1, now 0.5");
    }

    @Test
    void whichFieldsAreCompared() throws Exception {
        JsonNode stored = stored("{\"epochs\": 10, \"out\": \"a\", \"gone\": 1}");
        Object now = Map.of("epochs", 10, "out", "b", "added", 7);
        // Given now: a stored-only field ("gone") is not a setting; a field the file lacks ("added") came later.
        assertThat(SettingsDiff.between(stored, now, SettingsDiff.Fields.GIVEN_NOW, n -> false))
                .extracting(SettingsDiff.Change::path).containsExactly("out");
        // Both: a setting no longer given has changed too; skipped names are never compared.
        List<SettingsDiff.Change> both = SettingsDiff.between(stored, now, SettingsDiff.Fields.BOTH, "out"::equals);
        assertThat(both).extracting(SettingsDiff.Change::path).containsExactly("gone");
        assertThat(both.get(0).describe(both.get(0).path())).isEqualTo("gone 1, now (none)");
        assertThat(SettingsDiff.between(stored, Map.of("epochs", 10, "out", "a", "gone", 1), SettingsDiff.Fields.BOTH, n -> false)).isEmpty();
    }
}
