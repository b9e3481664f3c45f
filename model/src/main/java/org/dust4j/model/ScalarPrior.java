package org.dust4j.model;

import java.util.Map;

import org.dust4j.core.json.Json;
import org.dust4j.core.json.JsonFields;
import org.dust4j.model.stats.InverseGamma;

/**
 * A prior on one scalar, written as a function x = f(xi) of a standard-normal parameter xi (so that the posterior
 * is explored in xi, whose prior is N(0, 1)). Each prior gives f and f'; {@link #toJson()} and {@link #fromJson}
 * describe it for a model description.
 */
public sealed interface ScalarPrior {
    /** x = f(xi). */
    double value(double xi);

    /** f'(xi). */
    double derivative(double xi);

    /** This prior as a JSON object (see {@link Json}). */
    Map<String, Object> toJson();

    /** The prior described by {@link #toJson()}. */
    static ScalarPrior fromJson(Map<String, Object> o) {
        return fromJson(JsonFields.of(o, "prior"));
    }

    /**
     * The prior described by {@link #toJson()}, read from a named object (e.g. {@code model.priors.scale}).
     *
     * @throws IllegalArgumentException for an unknown type or a missing or ill-typed field, naming the object
     */
    static ScalarPrior fromJson(JsonFields f) {
        return switch (f.type("normal", "lognormal", "inversegamma")) {
            case "normal" -> new Normal(f.number("mean"), f.number("std"));
            case "lognormal" -> new LogNormal(f.number("mean"), f.number("std"));
            default -> new InverseGammaPrior(f.number("shape"), f.number("scale"));
        };
    }

    /** x ~ N(mean, std^2): x = mean + std xi. */
    record Normal(double mean, double std) implements ScalarPrior {
        public Normal {
            if (!Double.isFinite(mean) || !(std > 0) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("normal prior needs finite mean and std > 0, got mean=" + mean
                        + ", std=" + std);
            }
        }

        @Override
        public double value(double xi) {
            return mean + std * xi;
        }

        @Override
        public double derivative(double xi) {
            return std;
        }

        @Override
        public Map<String, Object> toJson() {
            return Json.object("type", "normal", "mean", mean, "std", std);
        }
    }

    /**
     * x log-normal with the given mean and standard deviation of x itself: x = exp(mu + sigma xi) with
     * sigma^2 = log(1 + std^2/mean^2) and mu = log(mean) - sigma^2/2.
     */
    record LogNormal(double mean, double std) implements ScalarPrior {
        public LogNormal {
            if (!(mean > 0) || !(std > 0) || Double.isInfinite(mean) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("log-normal prior needs mean > 0 and std > 0, got mean=" + mean
                        + ", std=" + std);
            }
        }

        /** sigma of log x. */
        public double logSigma() {
            return Math.sqrt(Math.log1p((std / mean) * (std / mean)));
        }

        /** mu = E[log x]. */
        public double logMu() {
            double s = logSigma();
            return Math.log(mean) - 0.5 * s * s;
        }

        @Override
        public double value(double xi) {
            return Math.exp(logMu() + logSigma() * xi);
        }

        @Override
        public double derivative(double xi) {
            return logSigma() * value(xi);
        }

        @Override
        public Map<String, Object> toJson() {
            return Json.object("type", "lognormal", "mean", mean, "std", std);
        }
    }

    /** x ~ inverse-gamma(shape, scale), through the quantile at Phi(xi) ({@link InverseGamma#fromStandardNormal}). */
    record InverseGammaPrior(double shape, double scale) implements ScalarPrior {
        public InverseGammaPrior {
            new InverseGamma(shape, scale); // validates
        }

        /** The distribution. */
        public InverseGamma distribution() {
            return new InverseGamma(shape, scale);
        }

        @Override
        public double value(double xi) {
            return distribution().fromStandardNormal(xi);
        }

        @Override
        public double derivative(double xi) {
            return distribution().derivativeFromStandardNormal(xi);
        }

        @Override
        public Map<String, Object> toJson() {
            return Json.object("type", "inversegamma", "shape", shape, "scale", scale);
        }
    }
}
