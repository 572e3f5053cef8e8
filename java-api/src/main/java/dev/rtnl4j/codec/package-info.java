/**
 * Netlink bytes, in the kernel's vocabulary: constants ({@link dev.rtnl4j.codec.Nl},
 * {@link dev.rtnl4j.codec.Rtm}, {@link dev.rtnl4j.codec.Ifla}, {@link dev.rtnl4j.codec.Ifa},
 * {@link dev.rtnl4j.codec.Rta}, {@link dev.rtnl4j.codec.Nda}), a writer that emits messages
 * straight into a direct, native-order {@link java.nio.ByteBuffer}
 * ({@link dev.rtnl4j.codec.MessageWriter}), bounds-checked flyweight readers ({@link dev.rtnl4j.codec.MessageCursor}, {@link dev.rtnl4j.codec.AttributeCursor}) that
 * throw {@link dev.rtnl4j.codec.MalformedMessageException} for anything malformed, the decoding of
 * {@code NLMSG_ERROR} with its extended acknowledgement ({@link dev.rtnl4j.codec.ErrorMessage}) and
 * the mapping of {@code NLMSGERR_ATTR_OFFS} back to an attribute ({@link dev.rtnl4j.codec.AttributePath}).
 * No sockets here, and nothing of the FFM API: the codec works on {@code ByteBuffer}s alone
 * (absolute get/put), so it compiles for a JDK without {@code MemorySegment}
 * ({@code dev.rtnl4j.proto.SocketBuffers} is where a socket's native memory becomes a buffer).
 */
package dev.rtnl4j.codec;
