package org.dust4j.core.op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * Constant tables (index tensors of transposes and selections, triangular masks) that operators of this package
 * otherwise build on the host and upload at every call, kept instead once per backend. An upload costs a host loop
 * over the table and, on a GPU, a transfer and a synchronisation: for the M × M matrices of an optimisation loop that
 * dominates an iteration. The cache belongs to whoever builds the operators (it is passed to
 * {@link Linalg#cholesky(Space, TensorCache)}, {@link Linalg#triangularSolve(Space, Space, boolean, boolean, TensorCache)}
 * and {@link LinearOperator#select(Space, int[], Shape, TensorCache)}) and releases its tensors on {@link #close()};
 * operators built with it must not be used after that. The tables are read-only; results are the same as without a
 * cache. Thread-safe.
 */
public final class TensorCache implements AutoCloseable {
    private final Map<Key, Tensor> tensors = new LinkedHashMap<>();
    private boolean closed;

    private record Key(Backend backend, Object table) {
    }

    /** An empty cache. */
    public TensorCache() {
    }

    /** Number of tables held (over all backends). */
    public synchronized int size() {
        return tensors.size();
    }

    /**
     * The INT32 table for {@code key} on {@code backend}, uploaded from {@code values} the first time.
     *
     * @param key equal keys must describe equal tables (records of the defining parameters, or the owning operator)
     */
    public synchronized Tensor index(Backend backend, Object key, Supplier<int[]> values) {
        Tensor t = tensors.get(new Key(backend, key));
        if (t == null) {
            requireOpen();
            int[] v = values.get();
            t = backend.fromHost(v, Shape.of(v.length));
            tensors.put(new Key(backend, key), t);
        }
        return t;
    }

    /** The floating table of {@code shape} and {@code dtype} for {@code key} on {@code backend}, uploaded once. */
    public synchronized Tensor values(Backend backend, Object key, DType dtype, Shape shape, Supplier<double[]> values) {
        Key k = new Key(backend, new Typed(key, dtype, shape));
        Tensor t = tensors.get(k);
        if (t == null) {
            requireOpen();
            t = backend.fromHost(values.get(), dtype, shape);
            tensors.put(k, t);
        }
        return t;
    }

    private record Typed(Object key, DType dtype, Shape shape) {
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this tensor cache was closed; operators built with it cannot be used");
        }
    }

    /** Releases every table; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        List<AutoCloseable> all = new ArrayList<>(tensors.values());
        tensors.clear();
        Resources.closeAll(all);
    }

    /**
     * A table obtained from a cache (not to be closed) or, without one, uploaded for a single use (closed by
     * {@link #close()}).
     */
    record Table(Tensor tensor, boolean owned) implements AutoCloseable {
        static Table index(TensorCache cache, Backend backend, Object key, Supplier<int[]> values) {
            if (cache != null) {
                return new Table(cache.index(backend, key, values), false);
            }
            int[] v = values.get();
            return new Table(backend.fromHost(v, Shape.of(v.length)), true);
        }

        static Table values(TensorCache cache, Backend backend, Object key, DType dtype, Shape shape,
                            Supplier<double[]> values) {
            if (cache != null) {
                return new Table(cache.values(backend, key, dtype, shape, values), false);
            }
            return new Table(backend.fromHost(values.get(), dtype, shape), true);
        }

        @Override
        public void close() {
            if (owned) {
                tensor.close();
            }
        }
    }
}
