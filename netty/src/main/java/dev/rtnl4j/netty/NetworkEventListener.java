package dev.rtnl4j.netty;

import dev.rtnl4j.rtnl.NetworkEvent;

/**
 * Receives a subscription's events on the Netty event loop it is registered with, one at a time,
 * in the kernel's order. Keep it short: it runs on the loop's thread.
 */
@FunctionalInterface
public interface NetworkEventListener {
  /** One event (a {@link NetworkEvent.Resync} after an overrun, before any later event). */
  void onEvent(NetworkEvent event);

  /**
   * The subscription failed (its socket, a resync's dump, or {@link #onEvent} threw {@code
   * cause}); it is closed right after. The default does nothing.
   */
  default void onFailure(Throwable cause) {}
}
