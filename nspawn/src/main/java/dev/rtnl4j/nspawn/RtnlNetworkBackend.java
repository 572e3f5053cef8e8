package dev.rtnl4j.nspawn;

import java.nio.file.Path;

/** The network backend over rtnl4j's own rtnetlink API (dev.rtnl4j.rtnl, dev.rtnl4j.netns). */
final class RtnlNetworkBackend implements NetworkBackend {
  private RtnlNetworkBackend() {}

  static RtnlNetworkBackend open() {
    throw new UnsupportedOperationException("the rtnetlink backend is not wired yet");
  }

  @Override
  public void createNetns(Path path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean deleteNetns(Path path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean linkExists(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isBridge(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean deleteLink(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean moveToHost(Path from, String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void apply(NetworkPlan plan, Path containerNetns) {
    throw new UnsupportedOperationException();
  }
}
