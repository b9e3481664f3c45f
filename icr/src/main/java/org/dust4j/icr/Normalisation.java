package org.dust4j.icr;

/** How an {@link IcrPrior} treats the marginal variance of its field. */
public enum Normalisation {
    /**
     * Plain ICR: every refinement conditions on the true kernel covariance of its window. The implied variance of
     * the field is then exact at level 0 and 1 but drifts at later levels, because a window's coarse values are
     * themselves approximate (their covariance is the one implied by the earlier levels, not the kernel's).
     */
    NONE,
    /**
     * After every refinement each fine pixel is multiplied by √(k(0)/v) with v its exact implied variance, so that
     * the implied covariance of every level has exactly the kernel variance k(0) on its diagonal. The variances are
     * obtained by propagating the implied covariance in window-pair blocks through the levels
     * ({@link VarianceNormalisation}); this costs time and memory that grow with the chart and is meant for charts up
     * to a few million pixels.
     */
    EXACT_VARIANCE
}
