package org.dust4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.dust4j.core.BackendProvider;
import org.dust4j.core.Backends;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dust4j devices}: the backends found, whether each can run here and why not. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the compute backends found (CPU, CUDA GPUs) and whether each is usable here.")
final class DevicesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (BackendProvider p : Backends.providers()) {
            BackendProvider.Availability a = p.availability();
            out.printf("%-6s %-11s %s%n", p.name(), a.available() ? "available" : "unavailable", a.detail());
        }
        out.println("default: " + Backends.defaultBackend().name() + " (set DUST4J_BACKEND=auto to use the best available)");
        out.flush();
        return Dust4j.EXIT_OK;
    }
}
