package org.dust4j.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.dust4j.core.BackendUnavailableException;
import org.dust4j.io.fits.CatalogException;
import org.dust4j.io.fits.FitsFormatException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dust4j} command-line tool. Exit codes: 0 success, 1 failure while running, 2 bad usage or bad input,
 * 3 capability not available in this build (the message says what is missing; a {@link BackendUnavailableException}).
 * Bad input covers wrong options, missing input files and input files whose content is unusable (a malformed FITS
 * file, a map without the expected HDUs, a bad catalog or points row, a bad configuration file); such errors are
 * found before any output file is created.
 */
@Command(name = "dust4j", mixinStandardHelpOptions = true, versionProvider = Dust4j.Version.class,
        description = "3D interstellar dust reconstruction from stellar extinctions and distances.",
        subcommands = {QueryCommand.class, InterpCommand.class, InfoCommand.class, DevicesCommand.class,
            FitCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Dust4j implements Callable<Integer> {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** Failure while running. */
    public static final int EXIT_FAILURE = 1;
    /** Bad usage or bad input. */
    public static final int EXIT_USAGE = 2;
    /** The requested capability is not available in this build. */
    public static final int EXIT_UNAVAILABLE = 3;

    /**
     * The FITS library's loggers (nom.tam.*), kept referenced so that their level holds: only SEVERE records reach
     * standard error. Its warnings about the files we read (a truncated file, with a stack trace) come before our own
     * message, which says the same with the file, HDU and byte counts.
     */
    private static final Logger FITS_LIBRARY_LOG = Logger.getLogger("nom.tam");

    static {
        FITS_LIBRARY_LOG.setLevel(Level.SEVERE);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return EXIT_USAGE;
    }

    /** Builds the command line with the project's exit-code conventions. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Dust4j());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            PrintWriter err = cmd.getErr();
            err.println("dust4j " + cmd.getCommandName() + ": " + describe(ex));
            err.flush();
            return ex instanceof BackendUnavailableException ? EXIT_UNAVAILABLE
                    : isBadInput(ex) ? EXIT_USAGE : EXIT_FAILURE;
        });
        cl.setExitCodeExceptionMapper(ex -> ex instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE);
        CommandLine.IParameterExceptionHandler standard = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((ex, arguments) -> {
            int code = standard.handleParseException(ex, arguments);
            if (ex instanceof CommandLine.UnmatchedArgumentException
                    && java.util.Arrays.stream(arguments).anyMatch(a -> a.startsWith("=") || a.endsWith("="))) {
                PrintWriter err = ex.getCommandLine().getErr();
                err.println("hint: write a setting as one word, KEY=VALUE (e.g. --set icr.nside=4), without spaces"
                        + " around '='");
                err.flush();
            }
            return code;
        });
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put(" " + EXIT_OK, "success");
        exitCodes.put(" " + EXIT_FAILURE, "failure while running (I/O error, internal error)");
        exitCodes.put(" " + EXIT_USAGE, "bad usage or bad input (options, configuration, missing or malformed input files)");
        exitCodes.put(" " + EXIT_UNAVAILABLE, "capability not available in this build or on this machine (e.g. no usable CUDA device)");
        for (CommandLine c : List.of(cl, cl.getSubcommands().get("query"), cl.getSubcommands().get("interp"),
                cl.getSubcommands().get("info"), cl.getSubcommands().get("fit"), cl.getSubcommands().get("demo"))) {
            c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        }
        return cl;
    }

    /**
     * True for errors the user can fix by changing the arguments or the input files: bad arguments
     * ({@link IllegalArgumentException}), missing input files, malformed FITS files and unusable catalogs.
     */
    static boolean isBadInput(Exception ex) {
        return ex instanceof IllegalArgumentException || ex instanceof NoSuchFileException
                || ex instanceof FitsFormatException || ex instanceof CatalogException;
    }

    private static String describe(Exception ex) {
        if (ex instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile() + (e.getReason() != null ? " (" + e.getReason() + ")" : "");
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.toString();
    }

    /** Runs the command line with {@code args} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /**
     * Executes {@code cl} with {@code args}; a Java heap exhausted by the problem's size becomes a message naming the
     * command that ran (as the parser chose it, not whatever the first argument was) and saying how to give the JVM
     * more memory, and {@link #EXIT_FAILURE}, instead of the error's stack trace.
     */
    static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            PrintWriter err = cl.getErr();
            err.println("dust4j" + subcommandNames(cl.getParseResult()) + ": out of memory (" + e.getMessage()
                    + ", the JVM may use " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): give it more, e.g."
                    + " DUST4J_JAVA_OPTS=-Xmx16g ./dust4j ..., or make the problem smaller");
            err.flush();
            return EXIT_FAILURE;
        }
    }

    /** The names of the subcommands a parse chose, each after a space ({@code " fit"}); "" for none or no parse. */
    private static String subcommandNames(CommandLine.ParseResult parse) {
        StringBuilder names = new StringBuilder();
        for (CommandLine.ParseResult p = parse; p != null && p.hasSubcommand(); p = p.subcommand()) {
            names.append(' ').append(p.subcommand().commandSpec().name());
        }
        return names.toString();
    }

    /** Version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Dust4j.class.getPackage().getImplementationVersion();
            return new String[] {"dust4j " + (v != null ? v : "development build"), "Java " + Runtime.version()};
        }
    }
}
