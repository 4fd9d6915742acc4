package dev.tailor.cli;

import dev.tailor.data.DataPart;
import dev.tailor.data.DataSource;
import dev.tailor.data.Dataset;
import dev.tailor.data.DatasetKind;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.Shape;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which dataset. */
public final class DataOptions {
    @Option(names = "--dataset", defaultValue = "synthetic", paramLabel = "KIND", completionCandidates = Labels.DatasetKinds.class,
            description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    DatasetKind dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the dataset's files (IDX, CIFAR .bin, or class folders of images or of 16 kHz mono WAV files). Fashion-MNIST is also found where Debian's dataset-fashion-mnist installs it, or fetched from the Debian mirror into ~/.cache/tailor without root; keywords are spoken by espeak-ng and cached there.")
    Path data;

    @Option(names = "--image-size", defaultValue = "3x32x32", paramLabel = "CxHxW",
            description = "Size images of a class-folder dataset are resized to (wav-folder spectrograms are 1x64x98). Default: ${DEFAULT-VALUE}.")
    String imageSize;

    Dataset load(long seed, PrintWriter log, DataPart part) {
        return source().load(seed, log, part);
    }

    /** The options as a data source, the folder checked. */
    DataSource source() {
        if (dataset.needsFolder() && data == null) {
            throw new InvalidInputException("--dataset " + dataset + " needs --data DIR naming the folder with its files");
        }
        if (data != null && (dataset == DatasetKind.SYNTHETIC || dataset == DatasetKind.KEYWORDS)) {
            // Generated data: a --data folder would be silently ignored.
            throw new InvalidInputException("--data needs --dataset (" + DatasetKind.listed(DatasetKind.FASHION_MNIST, DatasetKind.MNIST,
                    DatasetKind.CIFAR10, DatasetKind.CIFAR100, DatasetKind.FOLDER, DatasetKind.WAV_FOLDER) + "); " + dataset
                    + " data is generated and reads no files");
        }
        if (data != null && !Files.isDirectory(data)) {
            throw new InvalidInputException("--data " + data + ": no such directory");
        }
        return new DataSource(dataset, data, Shape.parse(imageSize));
    }
}
