package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.Nl;

/**
 * The three changes a request makes to an address, route or neighbour, with the
 * {@code nlmsghdr} flags each takes: add ({@code NLM_F_CREATE|NLM_F_EXCL}), replace
 * ({@code NLM_F_CREATE|NLM_F_REPLACE}) and delete (none).
 */
enum ChangeOp {
  ADD(Nl.NLM_F_CREATE | Nl.NLM_F_EXCL),
  REPLACE(Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE),
  DELETE(0);

  /** The request flags of this change. */
  final int flags;

  ChangeOp(int flags) {
    this.flags = flags;
  }
}
