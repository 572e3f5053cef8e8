package dev.rtnl4j.nspawn;

import dev.rtnl4j.rtnl.AddressText;
import dev.rtnl4j.sys.NetnsRunner;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's way, kept as a real backend: every step is one {@code ip} process (argv, no shell),
 * as containers.nix's postStart (host side) and container-init (container side) scripts run them.
 * {@link StartMode#SEED} configures containers with it, so that benchmarks compare rtnl4j with the
 * seed in the same run; the tests use it as the oracle the rtnetlink backend must match.
 *
 * <p>Container-side steps run in a thread that entered the container's namespace, so each
 * {@code ip} is started there directly, as container-init runs it inside the container (no
 * {@code nsenter}). A failing command throws {@link NetworkStepException} naming the step, with
 * {@code ip}'s own message.
 */
final class IpCommandBackend implements NetworkBackend {
  /** iproute2, found on PATH as the seed's scripts find it. */
  private static final String IP = "ip";
  private static final String NFT = "nft";

  /**
   * Runs {@code argv} and returns its output (stdout and stderr).
   *
   * @throws IOException naming the command and its output when it exits with a non-zero status
   */
  static String run(List<String> argv) throws IOException, InterruptedException {
    CommandOutput out = CommandOutput.of(argv, new byte[0]);
    if (!out.succeeded()) {
      throw new IOException(String.join(" ", argv) + ": " + out.text().strip());
    }
    return out.text();
  }

  private static List<String> in(Path netns, String... args) {
    List<String> a = new ArrayList<>();
    if (netns != null) {
      a.add("nsenter");
      a.add("--net=" + netns);
    }
    a.add(IP);
    a.addAll(List.of(args));
    return a;
  }

  @Override
  public void createNetns(Path path) throws Exception {
    run(List.of(IP, "netns", "add", path.getFileName().toString()));
  }

  @Override
  public boolean deleteNetns(Path path) throws Exception {
    if (!Files.exists(path)) {
      return false;
    }
    run(List.of(IP, "netns", "del", path.getFileName().toString()));
    return true;
  }

  @Override
  public boolean linkExists(String name) throws Exception {
    try {
      run(List.of(IP, "link", "show", "dev", name));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean isBridge(String name) throws Exception {
    try {
      return run(List.of(IP, "-d", "link", "show", "dev", name)).contains("bridge ");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean deleteLink(String name) throws Exception {
    if (!linkExists(name)) {
      return false;
    }
    run(List.of(IP, "link", "del", "dev", name));
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

  /**
   * Runs the steps in order; each run of consecutive container-side steps is done by one thread
   * inside the container's namespace, one {@code ip} process per step.
   */
  @Override
  public void apply(NetworkPlan plan, Path c) throws NetworkStepException {
    List<NetStep> steps = plan.steps();
    int i = 0;
    while (i < steps.size()) {
      if (!inContainer(steps.get(i))) {
        step(steps.get(i++), c);
        continue;
      }
      int from = i;
      while (i < steps.size() && inContainer(steps.get(i))) {
        i++;
      }
      List<NetStep> run = steps.subList(from, i);
      try {
        NetnsRunner.call(c, () -> {
          for (NetStep s : run) {
            step(s, null);
          }
          return null;
        });
      } catch (NetworkStepException e) {
        throw e;
      } catch (Exception e) {
        throw new NetworkStepException(run.get(0), e);
      }
    }
  }

  /**
   * The port-forward table in nft's own language ({@code nft -f -}, the script on stdin; no shell),
   * with the rules {@code PortForwards} makes over netlink.
   */
  @Override
  public void applyPortForwards(String table, List<PortForward> ports, InetAddress ipv4, InetAddress ipv6)
      throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder();
    script.append("table inet ").append(table).append('\n');
    script.append("delete table inet ").append(table).append('\n');
    script.append("table inet ").append(table).append(" {\n")
        .append("  chain prerouting { type nat hook prerouting priority -99; }\n")
        .append("  chain output { type nat hook output priority -99; }\n}\n");
    for (String chain : List.of("prerouting", "output")) {
      for (PortForward p : ports) {
        for (InetAddress to : new InetAddress[] {ipv4, ipv6}) {
          if (to == null) {
            continue;
          }
          boolean v4 = to instanceof Inet4Address;
          script.append("add rule inet ").append(table).append(' ').append(chain).append(' ');
          script.append(chain.equals("output") ? (v4 ? "ip daddr != 127.0.0.0/8 " : "ip6 daddr != ::1 ")
              : (v4 ? "meta nfproto ipv4 " : "meta nfproto ipv6 "));
          script.append("fib daddr type local ").append(p.protocol()).append(" dport ").append(p.hostPort())
              .append(v4 ? " dnat ip to " + AddressText.of(to) : " dnat ip6 to [" + AddressText.of(to) + "]")
              .append(':').append(p.containerPort()).append('\n');
        }
      }
    }
    CommandOutput out = CommandOutput.of(List.of(NFT, "-f", "-"), script.toString().getBytes(StandardCharsets.UTF_8));
    if (!out.succeeded()) {
      throw new IOException("nft -f -: " + out.text().strip() + "\n" + script);
    }
  }

  @Override
  public boolean removePortForwards(String table) throws IOException, InterruptedException {
    try {
      run(List.of(NFT, "delete", "table", "inet", table));
      return true;
    } catch (IOException e) {
      if (e.getMessage().contains("No such file or directory")) {
        return false;
      }
      throw e;
    }
  }

  private static boolean inContainer(NetStep step) {
    return step.side() == NetStep.Side.CONTAINER;
  }

  /** One step as one {@code ip} command, in the calling thread's namespace ({@code c}: the container's, for links made there). */
  private void step(NetStep step, Path c) throws NetworkStepException {
    try {
      if (step instanceof NetStep.CreateNetns n) {
        createNetns(n.path());
      } else if (step instanceof NetStep.CreateVeth v) {
        List<String> a = new ArrayList<>(List.of(IP, "link", "add", v.hostName()));
        if (v.hostMac() != null) {
          a.addAll(List.of("address", InterfaceNames.macText(v.hostMac())));
        }
        a.addAll(List.of(NetStep.ONE_QUEUE.split(" ")));
        a.addAll(List.of("type", "veth", "peer", "name", v.peerName()));
        if (v.peerMac() != null) {
          a.addAll(List.of("address", InterfaceNames.macText(v.peerMac())));
        }
        a.addAll(List.of(NetStep.ONE_QUEUE.split(" ")));
        a.addAll(List.of("netns", c.toString()));
        run(a);
        if (v.altName() != null) {
          run(List.of(IP, "link", "property", "add", "dev", v.hostName(), "altname", v.altName()));
        }
      } else if (step instanceof NetStep.CreateMacvlan m) {
        run(List.of(IP, "link", "add", "link", m.parent(), "name", m.name(), "address",
            InterfaceNames.macText(m.mac()), "netns", c.toString(), "type", "macvlan", "mode", "bridge"));
      } else if (step instanceof NetStep.MoveLink m) {
        run(List.of(IP, "link", "set", "dev", m.name(), "netns", c.toString()));
      } else if (step instanceof NetStep.LinkUp u) {
        run(List.of(IP, "link", "set", "dev", u.name(), "up"));
      } else if (step instanceof NetStep.SetMaster m) {
        run(List.of(IP, "link", "set", "dev", m.name(), "master", m.master(), "up"));
      } else if (step instanceof NetStep.RenameLink r) {
        run(List.of(IP, "link", "set", "dev", r.from(), "name", r.to()));
      } else if (step instanceof NetStep.AddAddress a) {
        run(List.of(IP, "addr", "add", a.address().toString(), "dev", a.device()));
      } else if (step instanceof NetStep.AddRoute r) {
        List<String> a = new ArrayList<>(List.of(IP, "route", "add", r.destination().toString()));
        if (r.gateway() != null) {
          a.add("via");
          a.add(new IpPrefix(r.gateway(), r.gateway().getAddress().length * 8).addressText());
        }
        a.add("dev");
        a.add(r.device());
        run(a);
      } else {
        throw new AssertionError("unknown network step " + step);
      }
    } catch (Exception e) {
      throw new NetworkStepException(step, e);
    }
  }
}
