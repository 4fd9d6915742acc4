package dev.tailor.net;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.InvalidSettingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The residual networks Tailor knows (docs/method.md, "Model zoo").
 *
 * <p>CIFAR family {@code resnet<6n+2>}: stem conv3x3 + BN + ReLU, three stages of [n, n, n]
 * BasicBlocks at base width w, 2w, 4w (w = 16), strides 1/2/2. ImageNet family: resnet18/34
 * (BasicBlock) and resnet50 (Bottleneck, expansion 4), stem conv7x7/2 + BN + ReLU + maxpool 3x3/2,
 * widths 64..512.
 */
public final class ModelZoo {
    /** The named models listed by {@code tailor models}. */
    public static final List<String> NAMES = List.of(
            "resnet8", "resnet20", "resnet32", "resnet44", "resnet56", "resnet110",
            "resnet18", "resnet34", "resnet50");

    private ModelZoo() {
    }

    public static boolean isImageNetFamily(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("resnet18") || n.equals("resnet34") || n.equals("resnet50");
    }

    /** The largest base width: 2^20 channels in the first stage. */
    public static final int MAX_WIDTH = 1 << 20;

    /** The model at its family's default input shape, classes and width. */
    public static NetSpec build(String name) {
        return build(name, 0);
    }

    /** The model at its family's default input shape and classes, with this base width (0: the family's). */
    public static NetSpec build(String name, int baseWidth) {
        return isImageNetFamily(name) ? build(name, new Shape(3, 224, 224), 1000, baseWidth)
                : build(name, new Shape(3, 32, 32), 10, baseWidth);
    }

    /**
     * @param baseWidth channels of the first stage; 0 picks the family default (16 or 64)
     */
    public static NetSpec build(String name, Shape input, int classes, int baseWidth) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        if (baseWidth < 0) {
            throw new InvalidSettingException("width", "must be positive, got " + baseWidth);
        }
        if (baseWidth > MAX_WIDTH) {
            // The widest stage has 32x the base width (ResNet-50's last) and its convs 9x that in weights per output
            // channel: a bound well inside int for channel counts and inside long for parameter counts.
            throw new InvalidSettingException("width", "must be at most " + MAX_WIDTH + ", got " + baseWidth);
        }
        return switch (n) {
            case "resnet18" -> imagenet(n, input, classes, baseWidth, BlockKind.BASIC, new int[]{2, 2, 2, 2});
            case "resnet34" -> imagenet(n, input, classes, baseWidth, BlockKind.BASIC, new int[]{3, 4, 6, 3});
            case "resnet50" -> imagenet(n, input, classes, baseWidth, BlockKind.BOTTLENECK, new int[]{3, 4, 6, 3});
            default -> cifar(n, input, classes, baseWidth);
        };
    }

    private static NetSpec cifar(String name, Shape input, int classes, int baseWidth) {
        int depth = parseDepth(name);
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new InvalidInputException("unknown model '" + name + "': CIFAR ResNets have depth 6n+2 (8, 20, 32, 44, 56, 110), "
                    + "ImageNet ones are resnet18, resnet34, resnet50");
        }
        int n = (depth - 2) / 6;
        int w = baseWidth == 0 ? 16 : baseWidth;
        List<BlockSpec> blocks = new ArrayList<>();
        int in = w;
        for (int stage = 1; stage <= 3; stage++) {
            int out = w << (stage - 1);
            for (int b = 1; b <= n; b++) {
                int stride = stage > 1 && b == 1 ? 2 : 1;
                blocks.add(new BlockSpec(stage, b, BlockKind.BASIC, in, out, out, stride, SkipMode.LONG));
                in = out;
            }
        }
        return new NetSpec(name, input, classes, new StemSpec(w, 3, 1, false), Topology.STANDARD, blocks);
    }

    private static NetSpec imagenet(String name, Shape input, int classes, int baseWidth, BlockKind kind, int[] counts) {
        int w = baseWidth == 0 ? 64 : baseWidth;
        int expansion = kind == BlockKind.BOTTLENECK ? 4 : 1;
        List<BlockSpec> blocks = new ArrayList<>();
        int in = w;
        for (int stage = 1; stage <= counts.length; stage++) {
            int mid = w << (stage - 1);
            int out = mid * expansion;
            for (int b = 1; b <= counts[stage - 1]; b++) {
                int stride = stage > 1 && b == 1 ? 2 : 1;
                blocks.add(new BlockSpec(stage, b, kind, in, mid, out, stride, SkipMode.LONG));
                in = out;
            }
        }
        return new NetSpec(name, input, classes, new StemSpec(w, 7, 2, true), Topology.STANDARD, blocks);
    }

    private static int parseDepth(String name) {
        if (!name.startsWith("resnet")) {
            throw new InvalidInputException("unknown model '" + name + "' (try: " + String.join(", ", NAMES) + ")");
        }
        try {
            return Integer.parseInt(name.substring("resnet".length()));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("unknown model '" + name + "' (try: " + String.join(", ", NAMES) + ")");
        }
    }
}
