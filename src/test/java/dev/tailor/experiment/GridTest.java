package dev.tailor.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.cli.CliRun;
import dev.tailor.data.DataSource;
import dev.tailor.data.DatasetKind;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.Json;
import dev.tailor.method.AlterationTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The experiment as independent jobs: which jobs, their folders, whom they wait for, and grid.json. */
class GridTest {
    @TempDir
    Path dir;

    private ExperimentPlan.Builder plan() {
        return ExperimentPlan.builder().model("resnet8").width(8).targets(EnumSet.allOf(AlterationTarget.class))
                .arms(EnumSet.of(Arm.SCRATCH, Arm.KD_ALL_AT_ONCE, Arm.TAILOR)).teacherEpochs(2).alterEpochs(6).every(1)
                .maxStepsPerEpoch(3).out(dir);
    }

    @Test
    void everyArmTargetAndSeedIsOneJobAndStudentsWaitForTheirSeedsTeacher() {
        Grid grid = Grid.of(plan().seeds(List.of(3L, 1L)).build(), new DataSource(DatasetKind.SYNTHETIC, null, null));
        // 2 seeds × 2 targets × (teacher, scratch, all at once, gradual).
        assertThat(grid.jobs()).hasSize(16);
        assertThat(grid.jobs().subList(0, 4)).allMatch(j -> j.arm().isTeacher());
        GridJob gradual = grid.job("seed-1/tailor-shorten");
        assertThat(gradual.seed()).isEqualTo(1);
        assertThat(gradual.teacher()).isEqualTo("seed-1/short-teacher");
        assertThat(gradual.title()).isEqualTo("tailor (shorten), seed 1");
        assertThat(grid.job("seed-3/scratch-remove").needsTeacher()).isFalse();
        assertThat(grid.dir(gradual)).isEqualTo(dir.resolve("seed-1").resolve("tailor-shorten"));
        // Every student comes after the teacher it waits for.
        for (int i = 0; i < grid.jobs().size(); i++) {
            GridJob j = grid.jobs().get(i);
            if (j.needsTeacher()) {
                assertThat(grid.jobs().indexOf(grid.job(j.teacher()))).isLessThan(i);
                assertThat(grid.job(j.teacher()).seed()).isEqualTo(j.seed());
            }
        }
        assertThatThrownBy(() -> grid.job("seed-2/teacher")).isInstanceOf(InvalidInputException.class).hasMessageContaining("no job");
    }

    @Test
    void aFolderMadeWithOtherSettingsIsRefusedButSeedsAndArmsMayBeAdded() {
        DataSource data = new DataSource(DatasetKind.SYNTHETIC, null, null);
        Grid.of(plan().seeds(List.of(1L, 2L)).build(), data).write();
        // The same settings resume, and more seeds or fewer arms change nothing a finished job ran with.
        Grid.of(plan().seeds(List.of(1L, 2L)).build(), data).requireSameSettingsAsExisting();
        Grid.of(plan().seeds(List.of(1L, 2L, 3L)).arms(EnumSet.of(Arm.TAILOR)).build(), data).requireSameSettingsAsExisting();
        assertThatThrownBy(() -> Grid.of(plan().seeds(List.of(1L, 2L)).teacherEpochs(3).build(), data).requireSameSettingsAsExisting())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve(Grid.FILE) + ": this folder's jobs were run with other settings (teacherConfig.epochs 2, now 3):"
                        + " give another --out, or the same settings to resume");
        assertThatThrownBy(() -> Grid.of(plan().seeds(List.of(1L, 2L)).every(2).build(), data).requireSameSettingsAsExisting())
                .hasMessageContaining("(every 1, now 2)");
        assertThatThrownBy(() -> Grid.of(plan().seeds(List.of(1L, 2L)).build(), new DataSource(DatasetKind.FASHION_MNIST, null, null))
                .requireSameSettingsAsExisting()).hasMessageContaining("data.kind SYNTHETIC, now FASHION_MNIST");
    }

    @Test
    void aOneSeedFolderRefusesAnotherSeed() {
        DataSource data = new DataSource(DatasetKind.SYNTHETIC, null, null);
        Grid.of(plan().seed(7).build(), data).write();
        assertThatThrownBy(() -> Grid.of(plan().seed(8).build(), data).requireSameSettingsAsExisting())
                .hasMessageContaining("seed 7, now 8");
    }

    @Test
    void oneSeedKeepsTheArmsInTheOutputFolder() {
        Grid grid = Grid.of(plan().seed(7).build(), new DataSource(DatasetKind.SYNTHETIC, null, null));
        assertThat(grid.jobs()).extracting(GridJob::key).contains("teacher", "short-teacher", "tailor-remove", "kd-all-at-once-shorten");
        assertThat(grid.job("teacher").seed()).isEqualTo(7);
    }

    @Test
    void gridJsonReadsBackWhereverTheFolderNowLies() throws Exception {
        ExperimentPlan p = plan().seeds(List.of(1L, 2L)).build();
        DataSource data = new DataSource(DatasetKind.MNIST, dir.resolve("mnist").toAbsolutePath(), null);
        Grid.of(p, data).write();
        Path moved = Files.move(dir, dir.resolveSibling(dir.getFileName() + "-moved"));
        Grid back = Grid.read(moved);
        assertThat(back.plan()).isEqualTo(p.withOut(moved.toAbsolutePath().normalize()));
        assertThat(back.data()).isEqualTo(data);
        assertThat(back.jobs()).extracting(GridJob::key).isEqualTo(Grid.of(p, data).jobs().stream().map(GridJob::key).toList());
        assertThat(back.plan().seeds()).containsExactly(1L, 2L);
        // The grid file itself names its folder too.
        assertThat(Grid.read(moved.resolve(Grid.FILE)).plan()).isEqualTo(back.plan());
        // An unknown job names every job there is.
        assertThatThrownBy(() -> back.job("bogus")).hasMessageContaining("(its jobs: seed-1/teacher, seed-1/short-teacher, ")
                .hasMessageEndingWith("seed-2/tailor-shorten)");
        Files.move(moved, dir);
    }

    @Test
    void refusesWhatIsNotAGrid() throws Exception {
        assertThatThrownBy(() -> Grid.read(dir)).isInstanceOf(InvalidInputException.class).hasMessageContaining("no grid.json");
        Files.writeString(dir.resolve(Grid.FILE), "{\"format\": \"something-else\"}");
        assertThatThrownBy(() -> Grid.read(dir)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not a Tailor grid");
        Files.writeString(dir.resolve(Grid.FILE), "{\"format\": \"tailor-grid-1\", \"plan\": {\"model\": 3}");
        assertThatThrownBy(() -> Grid.read(dir)).isInstanceOf(InvalidInputException.class).hasMessageContaining("unreadable grid");
    }

    @Test
    void aGridMissingARequiredFieldNamesTheFileAndTheField() throws Exception {
        Grid.of(plan().build(), new DataSource(DatasetKind.SYNTHETIC, null, null)).write();
        Path file = dir.resolve(Grid.FILE);
        String written = Files.readString(file);
        for (String path : List.of("plan", "data", "plan.teacherConfig", "plan.seeds", "data.kind")) {
            ObjectNode root = (ObjectNode) Json.MAPPER.readTree(written);
            String[] parts = path.split("\\.");
            if (parts.length == 1) {
                root.remove(parts[0]);
            } else {
                ((ObjectNode) root.get(parts[0])).remove(parts[1]);
            }
            Files.writeString(file, root.toString());
            assertThatThrownBy(() -> Grid.read(dir)).as(path).isInstanceOf(InvalidInputException.class)
                    .hasMessage(file + ": grid has no '" + path + "'");
        }
        Files.writeString(file, written.replaceFirst("\"plan\" : \\{", "\"plan\" : null, \"was\" : {"));
        assertThatThrownBy(() -> Grid.read(dir)).isInstanceOf(InvalidInputException.class).hasMessage(file + ": grid has no 'plan'");
        // Through the CLI: one line, exit 2, no trace.
        CliRun r = CliRun.of("grid-job", "--grid", dir.toString(), "--job", "teacher");
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tailor: " + file + ": grid has no 'plan'");
    }

    @Test
    void seedsMustDiffer() {
        assertThatThrownBy(() -> plan().seeds(List.of(1L, 2L, 1L)).build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("seeds must differ");
    }
}
