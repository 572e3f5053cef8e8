package dev.rtnl4j.cli;

import dev.rtnl4j.sys.NativeBackends;
import picocli.CommandLine;

/**
 * Prints rtnl4j's version, the JDK it runs on and the native backend this JVM chose ({@code ffm}
 * or {@code jna}: {@code -Drtnl4j.backend}, {@code RTNL4J_BACKEND}, else by JDK), for
 * {@code rtnl4j --version}. A backend that cannot be used is printed with the reason, never thrown.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "rtnl4j " + (version == null ? "development build" : version),
      "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
      backend()
    };
  }

  private static String backend() {
    try {
      return "backend " + NativeBackends.get().name();
    } catch (IllegalStateException e) {
      return "backend none: " + e.getMessage();
    }
  }
}
