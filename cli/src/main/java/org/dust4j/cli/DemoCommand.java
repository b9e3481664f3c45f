package org.dust4j.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dust4j demo}: will generate a synthetic catalog from a known field, reconstruct it with both methods and
 * compare with the truth. The reconstruction modules are not finished yet, so today it says so and exits with
 * {@link Dust4j#EXIT_UNAVAILABLE}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Reconstruct a built-in synthetic dust field (not available yet in this build).")
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("dust4j demo: the end-to-end reconstruction is not implemented yet in this"
                + " build (the ICR, model, MGVI and inducing-point modules are still being written); nothing was run.");
        spec.commandLine().getErr().flush();
        return Dust4j.EXIT_UNAVAILABLE;
    }
}
