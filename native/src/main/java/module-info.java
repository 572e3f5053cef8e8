/**
 * rtnl4j's native layer: system calls through the Foreign Function and Memory API (JDK 22+) or
 * JNA (JDK 17+), netlink and unix datagram sockets, network-namespace threads, {@code posix_spawn}.
 * The jar is multi-release: built for Java 17, with the FFM backend in {@code META-INF/versions/22}.
 *
 * <p>This is the only module that calls restricted FFM methods: on the module path run with
 * {@code --enable-native-access=dev.rtnl4j.sys} (on the class path:
 * {@code --enable-native-access=ALL-UNNAMED}); with the JNA backend, JNA loads a JNI library:
 * add {@code com.sun.jna} to that list.
 */
module dev.rtnl4j.sys {
  // Optional: the JNA backend (JnaBackend), the only one on JDK 17-21; present only when the jar is
  // (on the module path, resolve it with --add-modules com.sun.jna).
  requires static com.sun.jna;

  exports dev.rtnl4j.sys;
}
