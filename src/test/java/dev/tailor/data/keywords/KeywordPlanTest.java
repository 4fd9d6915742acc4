package dev.tailor.data.keywords;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plan and the settings, without espeak-ng. */
class KeywordPlanTest {
    @Test
    void theStandardPlanSplitsItsSpeakersAndCoversEveryClass() {
        KeywordSettings s = KeywordSettings.standard();
        CorpusPlan plan = CorpusPlan.of(s);
        assertThat(Speakers.all()).hasSize(128);
        assertThat(plan.size()).isEqualTo(s.utterances()).isEqualTo(9_216);
        assertThat(plan.part(CorpusPart.TRAIN)).hasSize(102 * 72);
        assertThat(plan.part(CorpusPart.TEST)).hasSize(13 * 72);
        Set<Speaker> seen = new HashSet<>();
        for (CorpusPart part : CorpusPart.values()) {
            Set<Speaker> speakers = plan.part(part).stream().map(Utterance::speaker).collect(Collectors.toSet());
            assertThat(speakers).containsExactlyInAnyOrderElementsOf(plan.speakers().of(part));
            for (Speaker sp : speakers) {
                assertThat(seen.add(sp)).as("%s is in two parts", sp).isTrue();
            }
            assertThat(plan.part(part).stream().map(Utterance::label).distinct().count()).isEqualTo(12);
        }
        for (Utterance u : plan.part(CorpusPart.TRAIN)) {
            assertThat(u.silent()).isEqualTo(u.label() == KeywordClasses.SILENCE);
            if (u.label() == KeywordClasses.UNKNOWN) {
                assertThat(KeywordClasses.OTHER_WORDS).contains(u.word()).doesNotContainAnyElementsOf(KeywordClasses.KEYWORDS);
            } else if (!u.silent()) {
                assertThat(u.word()).isEqualTo(KeywordClasses.NAMES.get(u.label()));
            }
            assertThat(u.rate()).isBetween(110, 230);
            assertThat(u.amplitude()).isBetween(40, 160);
            assertThat(u.shift()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void thePlanDependsOnTheSeedOnly() {
        KeywordSettings s = KeywordSettings.tiny();
        assertThat(CorpusPlan.of(s)).isEqualTo(CorpusPlan.of(s));
        assertThat(CorpusPlan.of(s.toBuilder().seed(2).build())).isNotEqualTo(CorpusPlan.of(s));
    }

    @Test
    void theFolderNameChangesWithEverySetting() {
        KeywordSettings s = KeywordSettings.tiny();
        List<KeywordSettings> others = List.of(s.toBuilder().seed(2).build(), s.toBuilder().snrDb(5, 30).build(),
                s.toBuilder().speakers(7, 1, 1).build(), s.toBuilder().pitch(30, 70).build(), KeywordSettings.standard());
        Set<String> names = new HashSet<>();
        names.add(s.folderName());
        for (KeywordSettings o : others) {
            assertThat(names.add(o.folderName())).as(o.describe()).isTrue();
        }
        assertThat(s.folderName()).startsWith("keywords-6spk-1each-seed1-1x64x98-").isEqualTo(KeywordSettings.tiny().folderName());
    }

    @Test
    void impossibleSpeakerCountsAreRefused() {
        assertThatThrownBy(() -> KeywordSettings.tiny().toBuilder().speakers(129, 1, 1).build()).hasMessageContaining("of 128");
        assertThatThrownBy(() -> KeywordSettings.tiny().toBuilder().speakers(2, 1, 1).build()).hasMessageContaining("2 speakers");
    }
}
