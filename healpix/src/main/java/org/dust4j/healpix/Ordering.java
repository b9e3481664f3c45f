package org.dust4j.healpix;

/** The two HEALPix pixel numbering schemes. */
public enum Ordering {
    /** Pixels numbered ring by ring from the north pole, west to east within a ring. */
    RING,
    /** Hierarchical numbering: pixel {@code p} at order {@code k} contains pixels {@code 4p..4p+3} at order k+1. */
    NEST
}
