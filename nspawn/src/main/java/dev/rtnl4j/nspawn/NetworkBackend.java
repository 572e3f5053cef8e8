package dev.rtnl4j.nspawn;

import java.nio.file.Path;

/**
 * What the container runtime asks of the network layers. The library's implementation
 * ({@code RtnlNetworkBackend}) does everything over rtnetlink in-process. Implementations must
 * be safe for use by several threads.
 */
interface NetworkBackend extends AutoCloseable {

  /** Creates a network namespace and bind-mounts it at {@code path} (as {@code ip netns add}). */
  void createNetns(Path path) throws Exception;

  /** Unmounts and removes the namespace at {@code path}; false when there was none. */
  boolean deleteNetns(Path path) throws Exception;

  /** True when the host namespace has a link named {@code name} (name or altname). */
  boolean linkExists(String name) throws Exception;

  /** True when {@code name} exists on the host and is a bridge. */
  boolean isBridge(String name) throws Exception;

  /** Deletes host link {@code name}; false when there was none. */
  boolean deleteLink(String name) throws Exception;

  /** Deletes every host link of {@code names} that exists (a missing one is no error). */
  default void deleteLinks(java.util.List<String> names) throws Exception {
    for (String n : names) {
      deleteLink(n);
    }
  }

  /** Moves link {@code name} from the namespace at {@code from} back to the host namespace; false when it is not there. */
  boolean moveToHost(Path from, String name) throws Exception;

  /**
   * Carries out {@code plan}'s steps in order ({@link NetStep.Side#CONTAINER} ones in the namespace at
   * {@code containerNetns}).
   *
   * @throws NetworkStepException naming the step that failed
   */
  void apply(NetworkPlan plan, Path containerNetns) throws NetworkStepException;

  /**
   * Starts making a fresh network namespace on another thread, ahead of
   * {@link #apply(NetworkPlan, Path, FreshNetns)}, so that a start's checks and clean-up run
   * meanwhile, or hands out a spare ({@link #makeSpareNetns}). With {@code mainVeth} (the plan
   * makes the container's {@code eth0} veth), the namespace may come with that veth pair made
   * too, down, its host end under a spare's name, for {@code apply} to rename and configure.
   * Null when this backend makes namespaces in {@code apply} only.
   */
  default FreshNetns beginNetns(boolean mainVeth) {
    return null;
  }

  /**
   * Starts making namespaces on other threads until {@code count} spares are made or being made,
   * for {@link #beginNetns} to hand out at once; nothing when this backend makes none ahead.
   */
  default void makeSpareNetns(int count) {}

  /** The fds this backend's spare namespaces hold, once made (for tests that compare open fds). */
  default java.util.List<Integer> spareFds() {
    return java.util.List.of();
  }

  /** The host ends of the veths this backend's spare namespaces come with (for tests that compare links). */
  default java.util.List<String> spareLinks() {
    return java.util.List.of();
  }

  /**
   * {@link #apply(NetworkPlan, Path)}, with the plan's namespace at {@code containerNetns} made from
   * {@code fresh} instead of anew; {@code fresh} may be null. When {@code fresh}'s
   * {@link FreshNetns#nspawnPath()} is not null afterwards, the namespace is configured but not yet
   * named: the caller names it ({@link FreshNetns#name}) and closes {@code fresh}.
   *
   * @throws NetworkStepException naming the step that failed
   */
  default void apply(NetworkPlan plan, Path containerNetns, FreshNetns fresh) throws NetworkStepException {
    apply(plan, containerNetns);
  }

  /**
   * A namespace being made ahead by {@link #beginNetns}. {@code apply} configures it, possibly
   * unnamed ({@link #nspawnPath()}, {@link #name}). Closing it lets go of it: a namespace not named
   * then ends (closing waits for one still being made).
   */
  interface FreshNetns extends AutoCloseable {
    /**
     * After {@code apply} configured it: the path systemd-nspawn opens it by before it is named
     * ({@code /proc/PID/fd/N}, valid while it is open here); null when {@code apply} named it.
     */
    default String nspawnPath() {
      return null;
    }

    /**
     * Names the namespace {@code apply} configured at {@code path} (a bind mount, as
     * {@code ip netns attach}); it stays open here until {@link #close()}.
     */
    default void name(Path path) {}

    /** Elapsed time the other thread spent making it, in nanoseconds (0 until it is made). */
    long elapsedNanos();

    /** CPU time the other thread spent making it, in nanoseconds (0 until it is made). */
    long cpuNanos();

    @Override
    void close();
  }

  /**
   * Makes (or replaces) nftables table {@code inet TABLE}, forwarding {@code ports} of the host to
   * {@code ipv4} and/or {@code ipv6} (null: none of that family).
   */
  void applyPortForwards(String table, java.util.List<PortForward> ports, java.net.InetAddress ipv4,
      java.net.InetAddress ipv6) throws Exception;

  /** Removes nftables table {@code inet TABLE}; false when there was none. */
  boolean removePortForwards(String table) throws Exception;

  @Override
  default void close() {}
}
