package dev.tailor.cli;

import dev.tailor.data.DatasetKind;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.executor.ExecutorKind;
import dev.tailor.experiment.Arm;
import dev.tailor.method.AlterationTarget;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import dev.tailor.nn.MemoryLayout;
import dev.tailor.train.ScheduleKind;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The closed sets of the command line, spelled as users type them ({@code kd-all-at-once},
 * {@code hold-cosine}): picocli converts each through the enum's own parser (case-insensitive,
 * one clear line for a wrong value) and lists the valid values in {@code --help} from these classes.
 */
final class Labels {
    private Labels() {
    }

    static void registerConverters(CommandLine cli) {
        cli.registerConverter(AlterationTarget.class, parsedBy(AlterationTarget::parse));
        cli.registerConverter(Arm.class, parsedBy(Arm::parse));
        cli.registerConverter(ScheduleKind.class, parsedBy(ScheduleKind::parse));
        cli.registerConverter(Topology.class, parsedBy(Topology::parse));
        cli.registerConverter(SkipMode.class, parsedBy(SkipMode::parse));
        cli.registerConverter(MemoryLayout.class, parsedBy(MemoryLayout::parse));
        cli.registerConverter(DatasetKind.class, parsedBy(DatasetKind::parse));
        cli.registerConverter(ExecutorKind.class, parsedBy(ExecutorKind::parse));
    }

    /** The enum's parser, its refusal turned into picocli's one-line "Invalid value for option" error. */
    private static <T> CommandLine.ITypeConverter<T> parsedBy(Function<String, T> parse) {
        return text -> {
            try {
                return parse.apply(text);
            } catch (InvalidInputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    /** The labels of an enum's constants, for {@code completionCandidates}. */
    private static class Of<E extends Enum<E>> extends ArrayList<String> {
        Of(E[] values, Function<E, String> label) {
            super(Arrays.stream(values).map(label).toList());
        }
    }

    static final class Targets extends Of<AlterationTarget> {
        Targets() {
            super(AlterationTarget.values(), AlterationTarget::label);
        }
    }

    static final class Arms extends Of<Arm> {
        Arms() {
            super(Arm.values(), Arm::label);
        }
    }

    static final class Schedules extends Of<ScheduleKind> {
        Schedules() {
            super(ScheduleKind.values(), ScheduleKind::label);
        }
    }

    static final class Topologies extends Of<Topology> {
        Topologies() {
            super(Topology.values(), Topology::label);
        }
    }

    static final class SkipModes extends Of<SkipMode> {
        SkipModes() {
            super(SkipMode.values(), SkipMode::label);
        }
    }

    static final class Layouts extends Of<MemoryLayout> {
        Layouts() {
            super(MemoryLayout.values(), MemoryLayout::label);
        }
    }

    static final class DatasetKinds extends Of<DatasetKind> {
        DatasetKinds() {
            super(DatasetKind.values(), DatasetKind::label);
        }
    }

    static final class Executors extends Of<ExecutorKind> {
        Executors() {
            super(ExecutorKind.values(), ExecutorKind::label);
        }
    }

    /** The zoo's model names, for {@code --model}'s completion. */
    static final class Models extends ArrayList<String> {
        Models() {
            super(dev.tailor.net.ModelZoo.NAMES);
        }
    }
}
