package dev.rtnl4j.cli;

import picocli.CommandLine;

/** Prints rtnl4j's version and the JDK it runs on, for {@code rtnl4j --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "rtnl4j " + (version == null ? "development build" : version),
      "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
      "backend ffm"
    };
  }
}
