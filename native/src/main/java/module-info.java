/**
 * rtnl4j's native layer: system calls through the Foreign Function and Memory API, netlink and
 * unix datagram sockets, network-namespace threads, {@code posix_spawn}.
 *
 * <p>This is the only module that calls restricted FFM methods: on the module path run with
 * {@code --enable-native-access=dev.rtnl4j.sys} (on the class path:
 * {@code --enable-native-access=ALL-UNNAMED}); with the JNA backend, JNA loads a JNI library:
 * add {@code com.sun.jna} to that list.
 */
module dev.rtnl4j.sys {
  // Optional: the JNA backend (JnaBackend) for JDKs without FFM; present only when the jar is.
  requires static com.sun.jna;

  exports dev.rtnl4j.sys;
}
