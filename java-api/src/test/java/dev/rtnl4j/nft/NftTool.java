package dev.rtnl4j.nft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtnl4j.testkit.Require;
import dev.rtnl4j.testkit.Witness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The independent witnesses: {@code nft -j} (Debian package nftables), parsed, and {@code ip} for
 * fixtures; argv lists, no shell. Rules are rendered as short text ("fib daddr type == local; tcp
 * dport == 8080; dnat ip to 10.231.0.2:80") from nft's JSON, so tests compare what nft decodes.
 */
final class NftTool {
  private NftTool() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static String nft() {
    return Require.tool("/usr/sbin/nft", "nftables").toString();
  }

  static String run(String... argv) {
    return Witness.run(List.of(argv));
  }

  /** {@code nft -j ARGS}, parsed: the "nftables" array. */
  static JsonNode json(String... args) {
    List<String> argv = new ArrayList<>(List.of(nft(), "-j"));
    argv.addAll(List.of(args));
    String out = run(argv.toArray(String[]::new));
    try {
      return JSON.readTree(out).get("nftables");
    } catch (IOException e) {
      throw new AssertionError("nft printed no JSON: " + out, e);
    }
  }

  /** The names of the tables of family inet in the ruleset. */
  static List<String> inetTables() {
    List<String> out = new ArrayList<>();
    for (JsonNode n : json("list", "tables")) {
      if (n.has("table") && n.get("table").get("family").asText().equals("inet")) {
        out.add(n.get("table").get("name").asText());
      }
    }
    return out;
  }

  /** The chains of {@code inet TABLE}: "prerouting: nat hook prerouting prio -99". */
  static List<String> chains(String table) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : json("list", "table", "inet", table)) {
      if (n.has("chain")) {
        JsonNode c = n.get("chain");
        out.add(c.get("name").asText() + ": " + c.get("type").asText() + " hook " + c.get("hook").asText()
            + " prio " + c.get("prio").asInt() + " policy " + c.get("policy").asText());
      }
    }
    return out;
  }

  /** The rules of {@code inet TABLE}, in order, as "CHAIN: expr; expr; ...". */
  static List<String> rules(String table) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : json("list", "table", "inet", table)) {
      if (n.has("rule")) {
        JsonNode r = n.get("rule");
        List<String> exprs = new ArrayList<>();
        for (JsonNode e : r.get("expr")) {
          exprs.add(expr(e));
        }
        out.add(r.get("chain").asText() + ": " + String.join("; ", exprs));
      }
    }
    return out;
  }

  private static String expr(JsonNode e) {
    if (e.has("match")) {
      JsonNode m = e.get("match");
      return value(m.get("left")) + " " + m.get("op").asText() + " " + value(m.get("right"));
    }
    if (e.has("dnat")) {
      JsonNode d = e.get("dnat");
      String addr = d.get("family").asText().equals("ip6") ? "[" + d.get("addr").asText() + "]" : d.get("addr").asText();
      return "dnat " + d.get("family").asText() + " to " + addr + ":" + d.get("port").asInt();
    }
    return e.toString();
  }

  private static String value(JsonNode v) {
    if (v.isValueNode()) {
      return v.asText();
    }
    if (v.has("meta")) {
      return "meta " + v.get("meta").get("key").asText();
    }
    if (v.has("payload")) {
      return v.get("payload").get("protocol").asText() + " " + v.get("payload").get("field").asText();
    }
    if (v.has("fib")) {
      List<String> flags = new ArrayList<>();
      v.get("fib").get("flags").forEach(f -> flags.add(f.asText()));
      return "fib " + String.join(" ", flags) + " " + v.get("fib").get("result").asText();
    }
    if (v.has("prefix")) {
      return v.get("prefix").get("addr").asText() + "/" + v.get("prefix").get("len").asInt();
    }
    return v.toString();
  }
}
