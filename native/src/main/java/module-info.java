/**
 * rtnl4j's native layer: system calls through the Foreign Function and Memory API, netlink and
 * unix datagram sockets, network-namespace threads, {@code posix_spawn}.
 *
 * <p>This is the only module that calls restricted FFM methods: on the module path run with
 * {@code --enable-native-access=dev.rtnl4j.sys} (on the class path:
 * {@code --enable-native-access=ALL-UNNAMED}).
 */
module dev.rtnl4j.sys {
  exports dev.rtnl4j.sys;
}
