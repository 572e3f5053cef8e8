package dev.rtnl4j.netty;

import io.netty.channel.unix.FileDescriptor;

/**
 * An fd Netty may watch but never close: it belongs to an rtnl4j socket, which closes it. Once
 * that socket is closed, the descriptor is marked closed, so a late cancellation of the
 * registration skips its {@code EPOLL_CTL_DEL} (the number may already name another file).
 */
final class BorrowedFd extends FileDescriptor {
  BorrowedFd(int fd) {
    super(fd);
  }

  /** Marks the descriptor closed without closing it (the owner closes the fd itself). */
  @Override
  public void close() {
    markClosed();
  }
}
