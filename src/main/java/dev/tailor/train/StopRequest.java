package dev.tailor.train;

/**
 * A request to stop a run at the next step boundary (the CLI sets it on Ctrl-C). The training loop
 * then finishes the step, saves a checkpoint and stops; {@code --resume} continues from that step.
 */
public final class StopRequest {
    private volatile boolean requested;

    public void request() {
        requested = true;
    }

    public boolean isRequested() {
        return requested;
    }
}
