package dev.tailor.report;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.AtomicFiles;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.hardware.plans.PlanCost;
import dev.tailor.hardware.plans.PlanSpace;
import dev.tailor.hardware.plans.Plans;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code plans.csv} in a run folder: every per-block plan of its network, costed ({@link PlanTables#csv}).
 * The experiment writes it for small networks; {@code tailor estimate --plans all --csv} writes one for any.
 */
public final class PlanSpaceFile {
    public static final String FILE = "plans.csv";
    /** 3^9 = 19,683 plans (ResNet-20) cost well under a minute on 2 cores; deeper networks are left to {@code estimate}. */
    public static final int MAX_BLOCKS = 9;

    private PlanSpaceFile() {
    }

    /** Costs every plan of {@code spec}'s network and writes {@code dir/plans.csv}; false when it has too many blocks. */
    public static boolean write(Path dir, NetSpec spec, HardwareConfig cfg) {
        if (spec.skipCount() > MAX_BLOCKS) {
            return false;
        }
        AtomicFiles.writeString(dir.resolve(FILE), PlanTables.csv(new PlanSpace(spec, cfg).evaluateAll()));
        return true;
    }

    /** Reads a plans.csv; one that is not a whole plan space (3^B rows of B letters each) is refused, naming the file. */
    public static List<PlanCost> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": unreadable: " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).equals(PlanTables.CSV_HEADER)) {
            throw new InvalidInputException(file + ": not a plan space (the first line must be " + PlanTables.CSV_HEADER + ")");
        }
        List<PlanCost> plans = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                plans.add(row(file, i + 1, lines.get(i)));
            }
        }
        int blocks = plans.isEmpty() ? 0 : plans.get(0).plan().size();
        if (plans.isEmpty() || plans.stream().anyMatch(p -> p.plan().size() != blocks) || plans.stream().map(PlanCost::plan).distinct().count() != Plans.count(blocks)) {
            throw new InvalidInputException(file + ": not a whole plan space (" + plans.size() + " rows; " + blocks + " blocks have "
                    + Plans.count(blocks) + ")");
        }
        return plans;
    }

    private static long figure(String field) {
        return field.isEmpty() ? 0 : Long.parseLong(field);
    }

    private static PlanCost row(Path file, int line, String text) {
        String[] f = text.split(",", -1);
        try {
            if (f.length != 9 || !f[6].equals("true") && !f[6].equals("false") && !f[6].isEmpty()) {
                throw new IllegalArgumentException("expected 9 fields with fits true, false or empty");
            }
            List<SkipMode> plan = new ArrayList<>();
            for (char c : f[0].toCharArray()) {
                plan.add(switch (c) {
                    case 'L' -> SkipMode.LONG;
                    case 'S' -> SkipMode.SHORT;
                    case 'N' -> SkipMode.NONE;
                    default -> throw new IllegalArgumentException("plan letter '" + c + "' is not L, S or N");
                });
            }
            if (Integer.parseInt(f[1]) != Plans.altered(plan)) {
                throw new IllegalArgumentException("'altered' does not match the plan");
            }
            // A model the plan space was not costed on left its fields empty (PlanTables.csv).
            Resources r = new Resources(figure(f[2]), figure(f[4]), figure(f[5]), figure(f[3]));
            return new PlanCost(List.copyOf(plan), r, f[6].isEmpty() || Boolean.parseBoolean(f[6]), figure(f[7]), figure(f[8]));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file + ": line " + line + ": " + e.getMessage());
        }
    }
}
