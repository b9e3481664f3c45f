package org.dust4j.core;

/**
 * Service-provider interface: one implementation per backend kind, registered in
 * {@code META-INF/services/org.dust4j.core.BackendProvider}.
 */
public interface BackendProvider {
    /** Name of the backends it provides, e.g. "cpu", "cuda". */
    String name();

    /** Higher is preferred when the best available backend is asked for. The CPU backend has 0. */
    int priority();

    /** Whether a backend can be created here; never throws, and tells why not. */
    Availability availability();

    /** Creates a backend; throws {@link BackendUnavailableException} with the reason when it cannot. */
    Backend create();

    /** Availability with a reason. */
    record Availability(boolean available, String detail) {
        public static Availability yes(String detail) {
            return new Availability(true, detail);
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
