package org.dust4j.core.op;

import java.util.List;

/** Closing of the resources held by linearizations and energies. */
final class Resources {
    private Resources() {
    }

    /** Closes every resource, even when one fails; rethrows the first failure with the others suppressed. */
    static void closeAll(List<AutoCloseable> resources) {
        RuntimeException failure = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException re ? re
                        : new IllegalStateException("closing " + r + " failed", e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
