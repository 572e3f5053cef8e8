package dev.rtnl4j.nspawn;

/** The network backend the tests use. */
final class Backends {
  private Backends() {}

  static NetworkBackend forTests() {
    return RtnlNetworkBackend.open();
  }
}
