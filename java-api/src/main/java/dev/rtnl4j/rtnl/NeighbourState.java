package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.Nda;
import java.util.EnumSet;
import java.util.Set;

/**
 * The state of a neighbour entry ({@code NUD_*} of {@code ndm_state}), as {@code ip neigh} calls
 * them. Entries added by hand are usually {@link #PERMANENT} (never expire, never probed) or
 * {@link #REACHABLE} (confirmed now, aged by the kernel like any learnt entry).
 */
public enum NeighbourState {
  /** {@code NUD_INCOMPLETE}: resolution in progress. */
  INCOMPLETE(Nda.NUD_INCOMPLETE),
  /** {@code NUD_REACHABLE}: confirmed recently. */
  REACHABLE(Nda.NUD_REACHABLE),
  /** {@code NUD_STALE}: valid but unconfirmed. */
  STALE(Nda.NUD_STALE),
  /** {@code NUD_DELAY}: waiting before probing. */
  DELAY(Nda.NUD_DELAY),
  /** {@code NUD_PROBE}: being probed. */
  PROBE(Nda.NUD_PROBE),
  /** {@code NUD_FAILED}: resolution failed. */
  FAILED(Nda.NUD_FAILED),
  /** {@code NUD_NOARP}: needs no resolution (point-to-point, multicast). */
  NOARP(Nda.NUD_NOARP),
  /** {@code NUD_PERMANENT}: set by hand, never expires. */
  PERMANENT(Nda.NUD_PERMANENT);

  private final int bit;

  NeighbourState(int bit) {
    this.bit = bit;
  }

  /** The {@code NUD_*} bit. */
  public int bit() {
    return bit;
  }

  /** The states set in {@code ndmState}; empty for {@code NUD_NONE}. */
  public static Set<NeighbourState> of(int ndmState) {
    EnumSet<NeighbourState> set = EnumSet.noneOf(NeighbourState.class);
    for (NeighbourState s : values()) {
      if ((ndmState & s.bit) != 0) {
        set.add(s);
      }
    }
    return set;
  }
}
