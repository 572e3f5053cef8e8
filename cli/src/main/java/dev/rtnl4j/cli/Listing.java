package dev.rtnl4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.rtnl.Address;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.Neighbour;
import dev.rtnl4j.rtnl.Route;
import dev.rtnl4j.rtnl.Rtnl;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import picocli.CommandLine;

/**
 * The listings of {@code rtnl4j link/addr/route/neigh show}: dumps the namespace over rtnetlink,
 * renders each object as {@code ip -j} does ({@link IpJson}) and prints either that JSON or an
 * ip-like text built from it.
 */
final class Listing {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Listing() {}

  /** What to list. */
  enum What { LINK, ADDR, ROUTE, NEIGH }

  /**
   * Lists {@code what} (optionally only interface {@code dev}) and prints it.
   *
   * @throws CliException when the namespace or the interface does not exist
   */
  /** Runs a listing command: prints {@code what} to the command's output; exit status 0. */
  static int run(What what, ShowOptions o, CommandLine.Model.CommandSpec spec) {
    PrintWriter out = spec.commandLine().getOut();
    print(what, o, o.dev, out);
    out.flush();
    return 0;
  }

  static void print(What what, ShowOptions o, String dev, PrintWriter out) {
    ArrayNode items = collect(what, o, dev);
    if (o.json) {
      try {
        out.println(o.pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(items)
            : MAPPER.writeValueAsString(items));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return;
    }
    for (JsonNode n : items) {
      switch (what) {
        case LINK -> printLink(n, out);
        case ADDR -> {
          printLink(n, out);
          for (JsonNode a : n.path("addr_info")) {
            printAddress(a, out);
          }
        }
        case ROUTE -> out.println(words(n, "type", "dst", "via:gateway", "dev", "table", "proto:protocol",
            "scope", "metric", "src:prefsrc") + flags(n));
        case NEIGH -> out.println(words(n, "dst", "dev", "lladdr") + (n.has("router") ? " router" : "")
            + (n.has("proxy") ? " proxy" : "") + " " + String.join(",", strings(n.path("state"))));
      }
    }
  }

  /** The JSON array {@code -j} prints. */
  static ArrayNode collect(What what, ShowOptions o, String dev) {
    NetNamespace ns = null;
    try {
      if (o.netns != null) {
        try {
          ns = NetNamespace.open(o.netns);
        } catch (RuntimeException e) {
          throw new CliException("network namespace \"" + o.netns + "\" cannot be opened (" + e.getMessage()
              + "); list them with: ip netns list");
        }
      }
      try (Rtnl rtnl = ns == null ? Rtnl.open() : Rtnl.open(ns)) {
        List<Link> links = rtnl.links().list();
        Map<Integer, String> names = new HashMap<>();
        for (Link l : links) {
          names.put(l.index(), l.name());
        }
        IntFunction<String> name = names::get;
        int devIndex = 0;
        if (dev != null) {
          devIndex = links.stream().filter(l -> l.name().equals(dev) || l.altNames().contains(dev))
              .mapToInt(Link::index).findFirst()
              .orElseThrow(() -> new CliException("no interface \"" + dev + "\"" + where(o)
                  + "; list them with: rtnl4j link show" + (o.netns == null ? "" : " -n " + o.netns)));
        }
        int family = o.v4 && !o.v6 ? Rtm.AF_INET : o.v6 && !o.v4 ? Rtm.AF_INET6 : Rtm.AF_UNSPEC;
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        switch (what) {
          case LINK -> {
            for (Link l : links) {
              if (devIndex == 0 || l.index() == devIndex) {
                out.add(IpJson.link(l, name));
              }
            }
          }
          case ADDR -> {
            List<Address> addresses = rtnl.addresses().list(family, devIndex);
            for (Link l : links) {
              if (devIndex != 0 && l.index() != devIndex) {
                continue;
              }
              ObjectNode link = IpJson.link(l, name);
              ArrayNode info = link.putArray("addr_info");
              for (Address a : addresses) {
                if (a.linkIndex() == l.index()) {
                  info.add(IpJson.address(a));
                }
              }
              if (family == Rtm.AF_UNSPEC || !info.isEmpty()) {
                out.add(link);
              }
            }
          }
          case ROUTE -> {
            int fam = family == Rtm.AF_UNSPEC ? Rtm.AF_INET : family;
            for (Route r : rtnl.routes().list(fam, Rtm.RT_TABLE_MAIN)) {
              if ((r.flags() & 0x200) != 0) {
                continue; // RTM_F_CLONED: cache entries, which ip route show leaves out too
              }
              if (devIndex == 0 || r.outputLink() == devIndex) {
                out.add(IpJson.route(r, name));
              }
            }
          }
          case NEIGH -> {
            for (Neighbour n : rtnl.neighbours().list(family, devIndex)) {
              if (n.destination() != null && (n.state() & 0x40) == 0) { // ip neigh show leaves NUD_NOARP out
                out.add(IpJson.neighbour(n, name));
              }
            }
          }
        }
        return out;
      }
    } finally {
      if (ns != null) {
        ns.close();
      }
    }
  }

  private static String where(ShowOptions o) {
    return o.netns == null ? "" : " in network namespace " + o.netns;
  }

  private static void printLink(JsonNode n, PrintWriter out) {
    String peer = n.has("link") ? "@" + n.path("link").asText("NONE") : n.has("link_index") ? "@if" + n.path("link_index").asInt() : "";
    out.println(n.path("ifindex").asInt() + ": " + n.path("ifname").asText() + peer + ": <"
        + String.join(",", strings(n.path("flags"))) + ">" + words(n, " mtu", " qdisc", " master", " state:operstate", " qlen:txqlen"));
    out.println("    link/" + n.path("link_type").asText() + words(n, " address", " brd:broadcast")
        .replace(" address ", " ") + (n.has("link_netnsid") ? " link-netnsid " + n.path("link_netnsid").asInt() : ""));
  }

  private static void printAddress(JsonNode a, PrintWriter out) {
    StringBuilder sb = new StringBuilder("    " + a.path("family").asText() + " " + a.path("local").asText());
    if (a.has("address")) {
      sb.append(" peer ").append(a.path("address").asText());
    }
    sb.append('/').append(a.path("prefixlen").asInt());
    if (a.has("broadcast")) {
      sb.append(" brd ").append(a.path("broadcast").asText());
    }
    sb.append(" scope ").append(a.path("scope").asText());
    for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isBoolean()) {
        sb.append(' ').append(e.getKey());
      }
    }
    if (a.has("label")) {
      sb.append(' ').append(a.path("label").asText());
    }
    out.println(sb);
    if (a.has("valid_life_time")) {
      out.println("       valid_lft " + lifetime(a.path("valid_life_time").asLong()) + " preferred_lft "
          + lifetime(a.path("preferred_life_time").asLong()));
    }
  }

  private static String lifetime(long v) {
    return v == 0xFFFFFFFFL ? "forever" : v + "sec";
  }

  /** "dst" → value; "via:gateway" → "via VALUE"; a leading space keeps the word's own name. */
  private static String words(JsonNode n, String... keys) {
    StringBuilder sb = new StringBuilder();
    for (String k : keys) {
      String key = k.strip();
      String label = key;
      int colon = key.indexOf(':');
      if (colon >= 0) {
        label = key.substring(0, colon);
        key = key.substring(colon + 1);
      }
      if (!n.has(key)) {
        continue;
      }
      String v = n.get(key).asText();
      if (sb.length() > 0 || k.startsWith(" ")) {
        sb.append(' ');
      }
      boolean bare = key.equals("dst") || key.equals("type");
      sb.append(bare ? v : label + " " + v);
    }
    return sb.toString();
  }

  private static String flags(JsonNode n) {
    List<String> f = strings(n.path("flags"));
    return f.isEmpty() ? "" : " " + String.join(" ", f);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }
}
