package org.dust4j.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Opens shared libraries with the C library's {@code dlopen}, so a failure carries {@code dlerror}'s reason
 * (a missing dependency, a wrong architecture); falls back to {@link SymbolLookup#libraryLookup} where
 * {@code dlopen} cannot be bound. Libraries stay loaded for the life of the process.
 */
final class NativeLoader implements LibraryLocator.Loader {
    static final NativeLoader INSTANCE = new NativeLoader();
    private static final int RTLD_NOW = 2;

    private final MethodHandle dlopen;
    private final MethodHandle dlsym;
    private final MethodHandle dlerror;

    private NativeLoader() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Optional<MemorySegment> open = libc.find("dlopen");
        Optional<MemorySegment> sym = libc.find("dlsym");
        Optional<MemorySegment> err = libc.find("dlerror");
        if (open.isPresent() && sym.isPresent() && err.isPresent()) {
            dlopen = linker.downcallHandle(open.get(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            dlsym = linker.downcallHandle(sym.get(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            dlerror = linker.downcallHandle(err.get(), FunctionDescriptor.of(ValueLayout.ADDRESS));
        } else {
            dlopen = null;
            dlsym = null;
            dlerror = null;
        }
    }

    @Override
    public SymbolLookup open(String nameOrPath) {
        if (dlopen == null) {
            try {
                return SymbolLookup.libraryLookup(nameOrPath, Arena.global());
            } catch (IllegalArgumentException e) {
                throw new LibraryLocator.LibraryLoadException(e.getMessage());
            }
        }
        MemorySegment handle;
        try (Arena arena = Arena.ofConfined()) {
            handle = (MemorySegment) dlopen.invokeExact(arena.allocateFrom(nameOrPath), RTLD_NOW);
            if (handle.equals(MemorySegment.NULL)) {
                throw new LibraryLocator.LibraryLoadException(lastError());
            }
        } catch (LibraryLocator.LibraryLoadException e) {
            throw e;
        } catch (Throwable t) {
            throw new LibraryLocator.LibraryLoadException("dlopen failed: " + t);
        }
        return name -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment address = (MemorySegment) dlsym.invokeExact(handle, arena.allocateFrom(name));
                return address.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(address);
            } catch (Throwable t) {
                throw new IllegalStateException("dlsym(" + name + ") failed", t);
            }
        };
    }

    private String lastError() throws Throwable {
        MemorySegment message = (MemorySegment) dlerror.invokeExact();
        return message.equals(MemorySegment.NULL) ? "unknown dlopen error"
                : message.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
