package dev.rtnl4j.rtnl;

import java.util.List;

/**
 * A snapshot of a namespace's links, addresses, routes (every table) and neighbour entries, as a
 * {@link NetworkEvent.Resync} carries it; lists of topics not subscribed to are empty.
 */
public record NetworkState(List<Link> links, List<Address> addresses, List<Route> routes, List<Neighbour> neighbours) {
  /** Copies the lists. */
  public NetworkState {
    links = List.copyOf(links);
    addresses = List.copyOf(addresses);
    routes = List.copyOf(routes);
    neighbours = List.copyOf(neighbours);
  }
}
