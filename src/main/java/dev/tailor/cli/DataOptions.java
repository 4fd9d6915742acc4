package dev.tailor.cli;

import dev.tailor.data.DataSplits;
import dev.tailor.data.Datasets;
import dev.tailor.net.Shape;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which dataset. */
public final class DataOptions {
    @Option(names = "--dataset", defaultValue = "synthetic", paramLabel = "KIND",
            description = "synthetic, fashion-mnist, mnist, cifar10, cifar100 or folder. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the dataset's files (IDX, CIFAR .bin, or class folders). Fashion-MNIST is also found where Debian's dataset-fashion-mnist installs it, or fetched from the Debian mirror into ~/.cache/tailor without root.")
    Path data;

    @Option(names = "--image-size", defaultValue = "3x32x32", paramLabel = "CxHxW",
            description = "Size images of a class-folder dataset are resized to. Default: ${DEFAULT-VALUE}.")
    String imageSize;

    DataSplits load(long seed) {
        return Datasets.load(dataset, data, Shape.parse(imageSize), seed);
    }
}
