package org.dust4j.mgvi;

/** Closing several resources. */
final class Closeables {
    private Closeables() {
    }

    /** Closes every resource, even when one fails; rethrows the first failure with the others suppressed. */
    static void closeAll(Iterable<? extends AutoCloseable> resources) {
        RuntimeException failure = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException re ? re : new IllegalStateException("closing " + r, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes every resource after {@code primary} was thrown, adding close failures to it as suppressed. */
    static void closeAllAfter(Throwable primary, Iterable<? extends AutoCloseable> resources) {
        try {
            closeAll(resources);
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
