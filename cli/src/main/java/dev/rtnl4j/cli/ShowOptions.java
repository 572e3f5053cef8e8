package dev.rtnl4j.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Options shared by the listings ({@code link/addr/route/neigh show}): namespace, JSON, family, and
 * the interface to list.
 */
final class ShowOptions {
  @Option(names = {"-n", "--netns"}, paramLabel = "NETNS",
      description = "List inside the named network namespace (/run/netns/NETNS) instead of the current one.")
  String netns;

  @Option(names = {"-j", "--json"}, description = "Print JSON with ip -j's field names.")
  boolean json;

  @Option(names = {"-p", "--pretty"}, description = "Indent the JSON.")
  boolean pretty;

  @Option(names = "-4", description = "IPv4 only.")
  boolean v4;

  @Option(names = "-6", description = "IPv6 only.")
  boolean v6;

  @Parameters(arity = "0..1", paramLabel = "IFNAME", description = "Only this interface.")
  String dev;
}
