package dev.rtnl4j.sys;

/**
 * A JVM of its own for {@link NativeBackendsTest}: prints the backend it chose, or "error: " and
 * why not; asks twice, and prints the second answer too if it differs from the first.
 */
final class BackendProbe {
  private BackendProbe() {}

  public static void main(String[] args) {
    String first = attempt();
    String second = attempt();
    System.out.println(first.equals(second) ? first : first + " | then: " + second);
  }

  private static String attempt() {
    try {
      return NativeBackends.get().name() + " pid=" + NativeBackends.get().getpid();
    } catch (IllegalStateException e) {
      return "error: " + e.getMessage();
    }
  }
}
