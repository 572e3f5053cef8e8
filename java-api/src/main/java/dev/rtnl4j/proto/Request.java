package dev.rtnl4j.proto;

import dev.rtnl4j.codec.MessageWriter;

/**
 * One netlink request: its message type and flags, how to write its body, and what it does in
 * words (for errors). The channel writes the {@code nlmsghdr} (with its own sequence number and
 * {@code NLM_F_REQUEST}, plus {@code NLM_F_ACK} where an acknowledgement is wanted) and calls
 * {@link #encodeBody}; encoding must be deterministic (the channel re-encodes a request to map
 * the kernel's {@code NLMSGERR_ATTR_OFFS} back to an attribute) and should not allocate.
 */
public interface Request {
  /** {@code nlmsg_type}, e.g. {@code RTM_NEWLINK}. */
  int type();

  /** {@code nlmsg_flags} besides {@code NLM_F_REQUEST}/{@code NLM_F_ACK}, e.g. {@code NLM_F_CREATE | NLM_F_EXCL}. */
  int flags();

  /** Writes the fixed header ({@code ifinfomsg}...) and the attributes. */
  void encodeBody(MessageWriter writer);

  /** What the request does, in words: {@code "create veth ve-c1 (peer eth0 in netns c1)"}. */
  String describe();
}
