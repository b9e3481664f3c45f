package org.dust4j.cuda;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** Binds functions of one located library to method handles, with messages that name the library. */
final class NativeFunctions {
    private static final Linker LINKER = Linker.nativeLinker();
    private final LibraryLocator.Located library;

    NativeFunctions(LibraryLocator.Located library) {
        this.library = library;
    }

    /** Where the library was loaded from. */
    String origin() {
        return library.opened();
    }

    /** The first of {@code names} the library exports (versioned names first), bound to {@code descriptor}. */
    MethodHandle bind(FunctionDescriptor descriptor, String... names) {
        for (String name : names) {
            Optional<MemorySegment> address = library.symbols().find(name);
            if (address.isPresent()) {
                return LINKER.downcallHandle(address.get(), descriptor);
            }
        }
        throw new IllegalStateException(library.spec().displayName() + " library " + library.opened()
                + " does not export " + String.join(" or ", names) + "; it is probably too old for dust4j");
    }

    /** A Throwable from a method handle as an unchecked exception (errors are rethrown as they are). */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
