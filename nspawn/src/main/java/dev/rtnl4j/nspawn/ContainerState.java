package dev.rtnl4j.nspawn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What rtnl4j remembers of a running container, in its state directory
 * ({@code /run/rtnl4j/containers/NAME.json}), so that another process ({@code rtnl4j down},
 * {@code rtnl4j status}) can find and stop it.
 *
 * @param name the container's name
 * @param mode how its network was made
 * @param nspawnPid systemd-nspawn's pid
 * @param leaderPid the container's leader (its pid 1), 0 when unknown
 * @param netns its network namespace path, or null when it shares the host's
 * @param ownsNetns true when rtnl4j created the namespace and deletes it
 * @param hostLinks links rtnl4j (or nspawn, in compatible mode) created on the host
 * @param movedInterfaces host interfaces moved into the container
 * @param addresses addresses configured, as "side device address" ("container eth0 10.231.0.2/32")
 * @param imageRoot the root directory nspawn runs on
 * @param imageOwned true when rtnl4j made the image tree and removes it
 * @param logFile systemd-nspawn's output
 * @param startedAtMillis wall-clock start, epoch milliseconds
 * @param portForwardTable the nftables table (family inet) rtnl4j made for the container's
 *     forwardPorts and removes on stop, or null
 */
public record ContainerState(String name, StartMode mode, int nspawnPid, int leaderPid, String netns,
    boolean ownsNetns, List<String> hostLinks, List<String> movedInterfaces, List<String> addresses,
    String imageRoot, boolean imageOwned, String logFile, long startedAtMillis, String portForwardTable) {

  /** Copies the lists. */
  public ContainerState {
    hostLinks = List.copyOf(hostLinks);
    movedInterfaces = List.copyOf(movedInterfaces);
    addresses = List.copyOf(addresses);
  }

  /** The state as a JSON object (stable field names, used by {@code rtnl4j status -j}). */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("mode", mode.name());
    m.put("nspawnPid", nspawnPid);
    m.put("leaderPid", leaderPid);
    m.put("netns", netns);
    m.put("ownsNetns", ownsNetns);
    m.put("hostLinks", hostLinks);
    m.put("movedInterfaces", movedInterfaces);
    m.put("addresses", addresses);
    m.put("imageRoot", imageRoot);
    m.put("imageOwned", imageOwned);
    m.put("logFile", logFile);
    m.put("startedAtMillis", startedAtMillis);
    m.put("portForwardTable", portForwardTable);
    return Json.write(m);
  }

  /**
   * Reads {@link #toJson()}'s output.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static ContainerState fromJson(String json) {
    if (!(Json.read(json) instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("a container state must be a JSON object");
    }
    try {
      return new ContainerState((String) m.get("name"), StartMode.valueOf((String) m.get("mode")),
          num(m.get("nspawnPid")), num(m.get("leaderPid")), (String) m.get("netns"),
          Boolean.TRUE.equals(m.get("ownsNetns")), strings(m.get("hostLinks")), strings(m.get("movedInterfaces")),
          strings(m.get("addresses")), (String) m.get("imageRoot"), Boolean.TRUE.equals(m.get("imageOwned")),
          (String) m.get("logFile"), m.get("startedAtMillis") instanceof Long l ? l : 0L,
          (String) m.get("portForwardTable"));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("a container state with a missing or mistyped field: " + e.getMessage(), e);
    }
  }

  private static int num(Object o) {
    return o == null ? 0 : ((Number) o).intValue();
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o != null) {
      for (Object e : (List<?>) o) {
        out.add((String) e);
      }
    }
    return out;
  }

  /** This state with {@code pid} as the leader's. */
  ContainerState withLeaderPid(int pid) {
    return new ContainerState(name, mode, nspawnPid, pid, netns, ownsNetns, hostLinks, movedInterfaces, addresses,
        imageRoot, imageOwned, logFile, startedAtMillis, portForwardTable);
  }

  /** The namespace path, or null. */
  public Path netnsPath() {
    return netns == null ? null : Path.of(netns);
  }
}
