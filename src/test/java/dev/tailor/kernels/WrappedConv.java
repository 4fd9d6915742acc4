package dev.tailor.kernels;

/** A test double around a real implementation: same name and description, so the chooser takes it for that one. */
abstract class WrappedConv implements ConvImpl {
    final ConvImpl inner;

    WrappedConv(ConvImpl inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public boolean canTry(ConvConfig config) {
        return inner.canTry(config);
    }
}
