package org.dust4j.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds backends through {@link ServiceLoader}. The CPU backend is always present and is the default;
 * {@link #best()} picks the available backend of highest priority (the GPU when one is usable).
 * The system property or environment variable {@code dust4j.backend} / {@code DUST4J_BACKEND} overrides
 * the default ("cpu", "cuda", or "auto" for {@link #best()}).
 */
public final class Backends {
    private static final Map<String, Backend> CACHE = new ConcurrentHashMap<>();

    private Backends() {
    }

    /** All registered providers, highest priority first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            list.add(p);
        }
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return list;
    }

    /** The shared backend of the named provider, created on first use. */
    public static Backend get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Backend b = CACHE.get(key);
        if (b != null) {
            return b;
        }
        synchronized (CACHE) {
            b = CACHE.get(key);
            if (b == null) {
                BackendProvider provider = providers().stream().filter(p -> p.name().equals(key)).findFirst()
                        .orElseThrow(() -> new BackendUnavailableException("no backend named '" + name
                                + "'; registered: " + providers().stream().map(BackendProvider::name).toList()));
                BackendProvider.Availability a = provider.availability();
                if (!a.available()) {
                    throw new BackendUnavailableException("backend '" + key + "' is unavailable: " + a.detail());
                }
                b = provider.create();
                CACHE.put(key, b);
            }
            return b;
        }
    }

    /**
     * Whether the named backend can be created here, and if not why (also when no provider of that name is
     * registered); never throws.
     */
    public static BackendProvider.Availability availability(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return providers().stream().filter(p -> p.name().equals(key)).findFirst().map(BackendProvider::availability)
                .orElseGet(() -> BackendProvider.Availability.no("no backend named '" + name + "'; registered: "
                        + providers().stream().map(BackendProvider::name).toList()));
    }

    /** The CPU reference backend. */
    public static Backend cpu() {
        return get("cpu");
    }

    /** The available backend of highest priority. */
    public static Backend best() {
        for (BackendProvider p : providers()) {
            if (p.availability().available()) {
                return get(p.name());
            }
        }
        return cpu();
    }

    /** The default backend: {@code dust4j.backend} when set ("auto" means {@link #best()}), else the CPU. */
    public static Backend defaultBackend() {
        String choice = System.getProperty("dust4j.backend", System.getenv("DUST4J_BACKEND"));
        if (choice == null || choice.isBlank() || choice.equalsIgnoreCase("cpu")) {
            return cpu();
        }
        return choice.equalsIgnoreCase("auto") ? best() : get(choice);
    }
}
