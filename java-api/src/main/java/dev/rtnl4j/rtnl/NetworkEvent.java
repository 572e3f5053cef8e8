package dev.rtnl4j.rtnl;

/**
 * A change in a network namespace, as an event subscription ({@link NetworkEvents}) reports it,
 * in the order the kernel made the changes.
 *
 * <p>The kernel sends one message for "added" and "changed" for addresses, routes and
 * neighbours, so {@link AddressAdded}, {@link RouteAdded} and {@link NeighbourAdded} also report
 * updates of an existing object (same key, new state). For links the kernel marks a new link
 * ({@code ifi_change} all ones), so {@link LinkAdded} and {@link LinkChanged} are told apart;
 * a link moved into the namespace is {@link LinkAdded}, one moved out {@link LinkRemoved}.
 *
 * <p>{@link Resync} carries the full state when the subscriber cannot have seen every change (the
 * socket overran: {@code ENOBUFS}) or when it asked to start with the state.
 */
public sealed interface NetworkEvent {

  /** A link appeared (created, or moved into the namespace). */
  record LinkAdded(Link link) implements NetworkEvent {}

  /** A link changed (flags, name, MTU, master, carrier...); {@code link} is its new state. */
  record LinkChanged(Link link) implements NetworkEvent {}

  /** A link went (deleted, or moved out of the namespace); {@code link} is its last state. */
  record LinkRemoved(Link link) implements NetworkEvent {}

  /** An address was added, or its flags or lifetimes changed. */
  record AddressAdded(Address address) implements NetworkEvent {}

  /** An address was removed. */
  record AddressRemoved(Address address) implements NetworkEvent {}

  /** A route was added or replaced. */
  record RouteAdded(Route route) implements NetworkEvent {}

  /** A route was removed. */
  record RouteRemoved(Route route) implements NetworkEvent {}

  /** A neighbour entry was added or changed state. */
  record NeighbourAdded(Neighbour neighbour) implements NetworkEvent {}

  /** A neighbour entry was removed. */
  record NeighbourRemoved(Neighbour neighbour) implements NetworkEvent {}

  /**
   * The true state of the subscribed topics, dumped afresh. Replace what you hold with it. Events
   * that follow may repeat changes the state already shows; applied in order, they converge on
   * the kernel's state.
   */
  record Resync(Reason reason, NetworkState state) implements NetworkEvent {}

  /** Why a {@link Resync} came. */
  enum Reason {
    /** The subscriber asked to start with the state. */
    INITIAL,
    /** The socket's receive buffer overran ({@code ENOBUFS}): events were lost. */
    OVERRUN
  }
}
