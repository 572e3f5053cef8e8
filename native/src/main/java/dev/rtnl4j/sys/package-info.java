/**
 * The native layer: Linux system calls through the Foreign Function and Memory API (Java 22+), or
 * through the optional JNA backend (Java 17+), the one use of third-party code. Built for Java 17:
 * the FFM classes are in the multi-release jar's {@code META-INF/versions/22}.
 *
 * <ul>
 *   <li>{@code LibC} (package-private, JDK 22+) holds one downcall handle per C function; calls that can
 *       fail capture errno ({@code Linker.Option.captureCallState("errno")}) into a buffer owned by
 *       the calling thread and return {@code >= 0} or {@code -errno}. Only the {@code ffm}
 *       backend calls it.
 *   <li>{@link dev.rtnl4j.sys.Syscalls}: the public thin accessors and their constants;
 *       {@link dev.rtnl4j.sys.Errno} names errno numbers; {@link dev.rtnl4j.sys.NativeException}
 *       is the typed error (errno name, operation, detail).
 *   <li>{@link dev.rtnl4j.sys.NetlinkSocket}: a netlink socket with preallocated message headers and
 *       a self-sizing receive buffer; {@link dev.rtnl4j.sys.NetnsRunner} opens sockets in other
 *       network namespaces on a dedicated platform thread.
 *   <li>{@link dev.rtnl4j.sys.NativeBackend}: the same calls on raw addresses, named nothing of
 *       FFM, with two implementations ({@code ffm} over {@code LibC}; {@code jna}, JNA's direct
 *       mapping, when the optional JNA jar is present); {@link dev.rtnl4j.sys.NativeBackends}
 *       chooses one per JVM ({@code -Drtnl4j.backend}, {@code RTNL4J_BACKEND}, else by JDK).
 *       Every class here makes its calls through it.
 *   <li>{@link dev.rtnl4j.sys.Spawn} (posix_spawn, wait, pidfd, signals) and
 *       {@link dev.rtnl4j.sys.UnixDatagramSocket} (sd_notify with credentials) serve the container
 *       layer.
 * </ul>
 *
 * <p>Everything here is Linux x86_64 and glibc; the struct layouts are pinned by tests.
 */
package dev.rtnl4j.sys;
