/**
 * Netlink bytes, in the kernel's vocabulary: constants ({@link dev.rtnl4j.codec.Nl},
 * {@link dev.rtnl4j.codec.Rtm}, {@link dev.rtnl4j.codec.Ifla}, {@link dev.rtnl4j.codec.Ifa},
 * {@link dev.rtnl4j.codec.Rta}, {@link dev.rtnl4j.codec.Nda}), a writer that emits messages straight
 * into an off-heap segment ({@link dev.rtnl4j.codec.MessageWriter}), bounds-checked flyweight
 * readers ({@link dev.rtnl4j.codec.MessageCursor}, {@link dev.rtnl4j.codec.AttributeCursor}) that
 * throw {@link dev.rtnl4j.codec.MalformedMessageException} for anything malformed, the decoding of
 * {@code NLMSG_ERROR} with its extended acknowledgement ({@link dev.rtnl4j.codec.ErrorMessage}) and
 * the mapping of {@code NLMSGERR_ATTR_OFFS} back to an attribute ({@link dev.rtnl4j.codec.AttributePath}).
 * No sockets here.
 */
package dev.rtnl4j.codec;
