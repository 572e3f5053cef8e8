package dev.rtnl4j.proto;

import java.util.List;

/**
 * What a dump returned. {@code interrupted} is true when the kernel flagged the dump as
 * inconsistent ({@code NLM_F_DUMP_INTR}: the table changed while it was being read) on every one
 * of the bounded attempts: the items are then a partial or mixed view.
 */
public record DumpResult<T>(List<T> items, boolean interrupted, int attempts) {
  /** Copies {@code items}. */
  public DumpResult {
    items = List.copyOf(items);
  }
}
