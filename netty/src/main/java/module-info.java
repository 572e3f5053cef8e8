/**
 * rtnl4j on a Netty 4.2 epoll event loop: network events and request completions delivered on
 * the loop's thread.
 */
module dev.rtnl4j.netty {
  requires transitive dev.rtnl4j.api;
  requires transitive io.netty.common;
  requires transitive io.netty.transport;
  requires transitive io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;

  exports dev.rtnl4j.netty;
}
