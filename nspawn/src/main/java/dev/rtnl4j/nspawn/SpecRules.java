package dev.rtnl4j.nspawn;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks every {@link ContainerSpec} passes; each failure names the container and the field. */
final class SpecRules {
  private SpecRules() {}

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern CAPABILITY = Pattern.compile("CAP_[A-Z_]+|all");
  private static final Pattern PROTOCOL = Pattern.compile("tcp|udp");

  static void check(ContainerSpec s) {
    String c = s.name();
    if (c == null) {
      throw new SpecException("(null)", "name", "a container needs a name");
    }
    String nameProblem = machineNameProblem(c);
    if (nameProblem != null) {
      throw SpecException.badValue(c, "name", c, nameProblem);
    }
    if (s.image() instanceof Image.Directory d && !d.root().isAbsolute()) {
      throw SpecException.badValue(c, "image", d.root().toString(), "the root directory must be an absolute path");
    }
    for (String arg : s.command()) {
      noNul(c, "command", arg);
    }
    checkNetwork(s, c);
    checkPorts(s, c);
    checkMounts(s, c);
    for (String cap : s.additionalCapabilities()) {
      if (!CAPABILITY.matcher(cap).matches()) {
        throw SpecException.badValue(c, "additionalCapabilities", cap, "not a capability name (CAP_NET_ADMIN, ...)");
      }
    }
    for (int i = 0; i < s.allowedDevices().size(); i++) {
      AllowedDevice d = s.allowedDevices().get(i);
      String f = "allowedDevices[" + i + "]";
      if (d.node() == null || !d.node().startsWith("/dev/") || d.node().contains("..")) {
        throw SpecException.badValue(c, f + ".node", String.valueOf(d.node()), "must be a device node under /dev/");
      }
      noNul(c, f + ".node", d.node());
      if (d.modifier() == null || d.modifier().isEmpty() || !d.modifier().chars().allMatch(ch -> ch == 'r' || ch == 'w' || ch == 'm')) {
        throw SpecException.badValue(c, f + ".modifier", String.valueOf(d.modifier()), "must be a combination of r, w and m");
      }
    }
    Duration t = s.timeoutStart();
    if (t.isNegative() || t.isZero()) {
      throw SpecException.badValue(c, "timeoutStartSec", t.toString(), "must be positive");
    }
    for (String flag : s.extraFlags()) {
      noNul(c, "extraFlags", flag);
      if (flag.isEmpty()) {
        throw new SpecException(c, "extraFlags", "an empty flag");
      }
    }
    if (s.networkNamespace() != null) {
      String n = s.networkNamespace();
      noNul(c, "networkNamespace", n);
      if (n.isEmpty() || (!n.startsWith("/") && (n.contains("/") || n.equals(".") || n.equals("..")))) {
        throw SpecException.badValue(c, "networkNamespace", n, "must be a name (under /run/netns) or an absolute path");
      }
      if (!s.ownNetwork()) {
        throw new SpecException(c, "networkNamespace", "needs privateNetwork = true");
      }
    }
    if (s.containerMac() != null) {
      try {
        byte[] mac = InterfaceNames.parseMac(s.containerMac());
        if ((mac[0] & 1) != 0) {
          throw new IllegalArgumentException("a multicast address cannot be an interface's address");
        }
      } catch (IllegalArgumentException e) {
        throw SpecException.badValue(c, "containerMac", s.containerMac(), e.getMessage());
      }
      if (!s.hasMainVeth()) {
        throw new SpecException(c, "containerMac", "there is no eth0 veth (needs privateNetwork with an address or a hostBridge)");
      }
    }
  }

  /** nspawn's machine names are hostnames: dot-separated labels of letters, digits, '-' and '_', at most 64. */
  static String machineNameProblem(String name) {
    if (name.isEmpty()) {
      return "a container needs a name";
    }
    if (name.length() > 64) {
      return "longer than 64 characters";
    }
    for (String label : name.split("\\.", -1)) {
      if (label.isEmpty()) {
        return "empty label (leading, trailing or double '.')";
      }
      if (!LABEL.matcher(label).matches()) {
        return "only letters, digits, '-', '_' and '.' are allowed";
      }
    }
    if (name.startsWith("-")) {
      return "must not start with '-'";
    }
    return null;
  }

  private static void checkNetwork(ContainerSpec s, String c) {
    if (!s.privateNetwork()) {
      for (var e : new Object[][] {{"hostAddress", s.hostAddress()}, {"hostAddress6", s.hostAddress6()},
          {"localAddress", s.localAddress()}, {"localAddress6", s.localAddress6()}, {"hostBridge", s.hostBridge()}}) {
        if (e[1] != null) {
          throw new SpecException(c, (String) e[0], "needs privateNetwork = true");
        }
      }
    }
    family(c, "hostAddress", s.hostAddress(), true);
    family(c, "hostAddress6", s.hostAddress6(), false);
    family(c, "localAddress", s.localAddress(), true);
    family(c, "localAddress6", s.localAddress6(), false);
    if (s.hostBridge() != null) {
      ifname(c, "hostBridge", s.hostBridge());
      if (s.hostAddress() != null || s.hostAddress6() != null) {
        throw new SpecException(c, "hostBridge", "only one of hostAddress* or hostBridge can be given");
      }
    }
    Set<String> containerSide = new HashSet<>();
    if (s.hasMainVeth()) {
      containerSide.add("eth0");
    }
    Set<String> hostSide = new HashSet<>();
    if (s.hasMainVeth()) {
      hostSide.add(InterfaceNames.shorten(InterfaceNames.hostVethFullName(s.name(), s.hostBridge() != null)));
    }
    for (ExtraVeth v : s.extraVeths()) {
      String f = "extraVeths." + v.name();
      ifname(c, f, v.name());
      if (!containerSide.add(v.name()) || !hostSide.add(v.name())) {
        throw SpecException.badValue(c, f, v.name(), "the name is used twice");
      }
      if (v.hostBridge() != null) {
        ifname(c, f + ".hostBridge", v.hostBridge());
        if (v.hostAddress() != null || v.hostAddress6() != null) {
          throw new SpecException(c, f + ".hostBridge", "only one of hostAddress* or hostBridge can be given");
        }
      }
      family(c, f + ".hostAddress", v.hostAddress(), true);
      family(c, f + ".hostAddress6", v.hostAddress6(), false);
      family(c, f + ".localAddress", v.localAddress(), true);
      family(c, f + ".localAddress6", v.localAddress6(), false);
    }
    for (String i : s.interfaces()) {
      ifname(c, "interfaces", i);
      if (!containerSide.add(i)) {
        throw SpecException.badValue(c, "interfaces", i, "the name is used twice in the container");
      }
    }
    Set<String> parents = new HashSet<>();
    for (String m : s.macvlans()) {
      ifname(c, "macvlans", m);
      if (!parents.add(m)) {
        throw SpecException.badValue(c, "macvlans", m, "listed twice");
      }
      String mv = InterfaceNames.shorten(InterfaceNames.macvlanFullName(m));
      if (!containerSide.add(mv)) {
        throw SpecException.badValue(c, "macvlans", m, "its macvlan " + mv + " clashes with another interface in the container");
      }
    }
  }

  private static void checkPorts(ContainerSpec s, String c) {
    List<PortForward> ports = s.forwardPorts();
    if (!ports.isEmpty() && !s.ownNetwork()) {
      throw new SpecException(c, "forwardPorts", "needs privateNetwork = true (nspawn forwards ports only into a private network)");
    }
    for (int i = 0; i < ports.size(); i++) {
      PortForward p = ports.get(i);
      String f = "forwardPorts[" + i + "]";
      if (p.protocol() == null || !PROTOCOL.matcher(p.protocol()).matches()) {
        throw SpecException.badValue(c, f + ".protocol", String.valueOf(p.protocol()), "must be tcp or udp");
      }
      port(c, f + ".hostPort", p.hostPort());
      port(c, f + ".containerPort", p.containerPort());
      for (int j = 0; j < i; j++) {
        PortForward q = ports.get(j);
        if (q.protocol().equals(p.protocol()) && q.hostPort() == p.hostPort()) {
          throw SpecException.badValue(c, f + ".hostPort", Integer.toString(p.hostPort()),
              p.protocol() + " " + p.hostPort() + " is already forwarded by forwardPorts[" + j + "]");
        }
      }
    }
  }

  private static void checkMounts(ContainerSpec s, String c) {
    for (int i = 0; i < s.bindMounts().size(); i++) {
      BindMount b = s.bindMounts().get(i);
      String f = "bindMounts[" + i + "]";
      path(c, f + ".mountPoint", b.mountPoint());
      if (b.hostPath() != null) {
        path(c, f + ".hostPath", b.hostPath());
      }
    }
    for (String t : s.tmpfs()) {
      noNul(c, "tmpfs", t);
      if (!t.startsWith("/")) {
        throw SpecException.badValue(c, "tmpfs", t, "must start with an absolute path");
      }
    }
  }

  private static void path(String c, String field, String p) {
    if (p == null || !p.startsWith("/")) {
      throw SpecException.badValue(c, field, String.valueOf(p), "must be an absolute path");
    }
    for (int i = 0; i < p.length(); i++) {
      char ch = p.charAt(i);
      if (ch < 0x20 || ch == 0x7f) {
        throw SpecException.badValue(c, field, p.replace("\n", "\\n"), "control characters cannot be passed to nspawn");
      }
    }
    for (String part : p.split("/")) {
      if (part.equals("..")) {
        throw SpecException.badValue(c, field, p, "must not contain \"..\"");
      }
    }
  }

  private static void port(String c, String field, int port) {
    if (port < 1 || port > 65535) {
      throw SpecException.badValue(c, field, Integer.toString(port), "not a port (1..65535)");
    }
  }

  private static void family(String c, String field, IpPrefix p, boolean v4) {
    if (p != null && p.isIpv4() != v4) {
      throw SpecException.badValue(c, field, p.toString(), v4 ? "not an IPv4 address" : "not an IPv6 address");
    }
  }

  private static void ifname(String c, String field, String name) {
    String problem = InterfaceNames.problem(name);
    if (problem != null) {
      throw SpecException.badValue(c, field, String.valueOf(name), problem);
    }
  }

  private static void noNul(String c, String field, String v) {
    if (v == null || v.indexOf('\0') >= 0) {
      throw new SpecException(c, field, "a null or a NUL character cannot be passed to a process");
    }
  }
}
