package dev.tailor.data.keywords;

import dev.tailor.data.Dataset;
import dev.tailor.net.Shape;

import java.util.List;

/**
 * One part of the corpus as stored: features (8-bit log-mel spectrograms, N x shape), labels, and
 * which speaker said each utterance.
 *
 * @param speakerOf index into {@code speakers} of each utterance's speaker
 */
public record KeywordPart(CorpusPart part, Shape shape, List<String> classNames, List<Speaker> speakers, int[] labels, int[] speakerOf,
                          byte[] features) {
    public KeywordPart {
        if (labels.length != speakerOf.length || (long) labels.length * shape.elements() != features.length) {
            throw new IllegalArgumentException(part + ": " + labels.length + " labels, " + speakerOf.length + " speakers, "
                    + features.length + " feature bytes for " + shape);
        }
    }

    public int size() {
        return labels.length;
    }

    public Speaker speaker(int i) {
        return speakers.get(speakerOf[i]);
    }

    public Dataset dataset() {
        return new Dataset("keywords/" + part, shape, classNames.size(), features, labels).notMirrorable();
    }
}
