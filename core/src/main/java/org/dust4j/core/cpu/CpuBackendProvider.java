package org.dust4j.core.cpu;

import org.dust4j.core.Backend;
import org.dust4j.core.BackendProvider;

/** Registers the CPU backend (always available, priority 0). */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Availability.yes(CpuBackend.INSTANCE.description());
    }

    @Override
    public Backend create() {
        return CpuBackend.INSTANCE;
    }
}
