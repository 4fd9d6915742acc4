package dev.tailor.net.deploy;

/** One named rewrite of a deployed network that keeps the function it computes (up to float rounding). */
public interface DeployPass {
    String name();

    DeployedNetwork apply(DeployedNetwork network);
}
