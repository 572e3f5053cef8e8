package dev.rtnl4j.nspawn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only backend that does each step with iproute2 (argv, no shell), used as the oracle the
 * rtnetlink backend is compared with: both must leave the same result.
 */
final class IpCommandBackend implements NetworkBackend {

  static String run(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", argv) + ": " + out.strip());
    }
    return out;
  }

  private static List<String> in(Path netns, String... args) {
    List<String> a = new ArrayList<>();
    if (netns != null) {
      a.add("nsenter");
      a.add("--net=" + netns);
    }
    a.add("ip");
    a.addAll(List.of(args));
    return a;
  }

  @Override
  public void createNetns(Path path) throws Exception {
    run(List.of("ip", "netns", "add", path.getFileName().toString()));
  }

  @Override
  public boolean deleteNetns(Path path) throws Exception {
    if (!Files.exists(path)) {
      return false;
    }
    run(List.of("ip", "netns", "del", path.getFileName().toString()));
    return true;
  }

  @Override
  public boolean linkExists(String name) throws Exception {
    try {
      run(List.of("ip", "link", "show", "dev", name));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean isBridge(String name) throws Exception {
    try {
      return run(List.of("ip", "-d", "link", "show", "dev", name)).contains("bridge ");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean deleteLink(String name) throws Exception {
    if (!linkExists(name)) {
      return false;
    }
    run(List.of("ip", "link", "del", "dev", name));
    return true;
  }

  @Override
  public boolean moveToHost(Path from, String name) throws Exception {
    try {
      run(in(from, "link", "set", "dev", name, "netns", "/proc/" + ProcessHandle.current().pid() + "/ns/net"));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void apply(NetworkPlan plan, Path c) throws NetworkStepException {
    for (NetStep step : plan.steps()) {
      try {
        switch (step) {
          case NetStep.CreateNetns n -> createNetns(n.path());
          case NetStep.CreateVeth v -> {
            List<String> a = new ArrayList<>(List.of("ip", "link", "add", v.hostName()));
            if (v.hostMac() != null) {
              a.addAll(List.of("address", InterfaceNames.macText(v.hostMac())));
            }
            a.addAll(List.of("type", "veth", "peer", "name", v.peerName()));
            if (v.peerMac() != null) {
              a.addAll(List.of("address", InterfaceNames.macText(v.peerMac())));
            }
            a.addAll(List.of("netns", c.toString()));
            run(a);
            if (v.altName() != null) {
              run(List.of("ip", "link", "property", "add", "dev", v.hostName(), "altname", v.altName()));
            }
          }
          case NetStep.CreateMacvlan m -> {
            run(List.of("ip", "link", "add", "link", m.parent(), "name", m.name(), "address",
                InterfaceNames.macText(m.mac()), "netns", c.toString(), "type", "macvlan", "mode", "bridge"));
          }
          case NetStep.MoveLink m -> run(List.of("ip", "link", "set", "dev", m.name(), "netns", c.toString()));
          case NetStep.LinkUp u -> run(in(ns(u.side(), c), "link", "set", "dev", u.name(), "up"));
          case NetStep.SetMaster m -> run(in(ns(m.side(), c), "link", "set", "dev", m.name(), "master", m.master(), "up"));
          case NetStep.RenameLink r -> run(in(ns(r.side(), c), "link", "set", "dev", r.from(), "name", r.to()));
          case NetStep.AddAddress a -> run(in(ns(a.side(), c), "addr", "add", a.address().toString(), "dev", a.device()));
          case NetStep.AddRoute r -> {
            List<String> a = new ArrayList<>(in(ns(r.side(), c), "route", "add", r.destination().toString()));
            if (r.gateway() != null) {
              a.add("via");
              a.add(new IpPrefix(r.gateway(), r.gateway().getAddress().length * 8).addressText());
            }
            a.add("dev");
            a.add(r.device());
            run(a);
          }
        }
      } catch (Exception e) {
        throw new NetworkStepException(step, e);
      }
    }
  }

  /** The same table with nft's own language (nft -f, the script on stdin; no shell). */
  @Override
  public void applyPortForwards(String table, List<PortForward> ports, java.net.InetAddress ipv4,
      java.net.InetAddress ipv6) throws Exception {
    StringBuilder script = new StringBuilder();
    script.append("table inet ").append(table).append('\n');
    script.append("delete table inet ").append(table).append('\n');
    script.append("table inet ").append(table).append(" {\n")
        .append("  chain prerouting { type nat hook prerouting priority -99; }\n")
        .append("  chain output { type nat hook output priority -99; }\n}\n");
    for (String chain : List.of("prerouting", "output")) {
      for (PortForward p : ports) {
        for (java.net.InetAddress to : new java.net.InetAddress[] {ipv4, ipv6}) {
          if (to == null) {
            continue;
          }
          boolean v4 = to instanceof java.net.Inet4Address;
          script.append("add rule inet ").append(table).append(' ').append(chain).append(' ');
          script.append(chain.equals("output") ? (v4 ? "ip daddr != 127.0.0.0/8 " : "ip6 daddr != ::1 ")
              : (v4 ? "meta nfproto ipv4 " : "meta nfproto ipv6 "));
          script.append("fib daddr type local ").append(p.protocol()).append(" dport ").append(p.hostPort())
              .append(v4 ? " dnat ip to " + to.getHostAddress() : " dnat ip6 to [" + to.getHostAddress() + "]")
              .append(':').append(p.containerPort()).append('\n');
        }
      }
    }
    Process p = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
    p.getOutputStream().write(script.toString().getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("nft -f -: " + out.strip() + "\n" + script);
    }
  }

  @Override
  public boolean removePortForwards(String table) throws Exception {
    try {
      run(List.of("nft", "delete", "table", "inet", table));
      return true;
    } catch (IOException e) {
      if (e.getMessage().contains("No such file or directory")) {
        return false;
      }
      throw e;
    }
  }

  private static Path ns(NetStep.Side side, Path c) {
    return side == NetStep.Side.HOST ? null : c;
  }
}
