package dev.rtnl4j.codec;

/**
 * {@link AttributePath} for nf_tables requests: names the attribute a byte offset points into,
 * through chain hooks and rule expressions, e.g.
 * {@code "NFTA_RULE_EXPRESSIONS > NFTA_LIST_ELEM #6 (nat) > NFTA_EXPR_DATA > NFTA_NAT_REG_ADDR_MIN"}.
 */
final class NftAttributePath {
  private NftAttributePath() {}

  /** The path for the message under {@code c} (an nf_tables type), or null. */
  static String describe(MessageCursor c, int abs) {
    int message = c.type() & 0xff;
    if (abs < c.offset() + Nl.NLMSG_HDRLEN + Nfnl.NFGENMSG_LEN || abs >= c.offset() + c.length()) {
      return null;
    }
    AttributeCursor a = c.attributes(Nfnl.NFGENMSG_LEN, "struct nfgenmsg", new AttributeCursor());
    StringBuilder path = new StringBuilder();
    if (!enter(a, abs)) {
      return null;
    }
    path.append(Nft.attributeName(message, a.type()));
    if (abs < a.payloadOffset()) {
      return path.toString();
    }
    if (message == Nft.NFT_MSG_NEWCHAIN && a.type() == Nft.NFTA_CHAIN_HOOK) {
      AttributeCursor h = a.nested();
      if (enter(h, abs)) {
        path.append(" > ").append(Nft.hookAttributeName(h.type()));
      }
    } else if (message == Nft.NFT_MSG_NEWRULE && a.type() == Nft.NFTA_RULE_EXPRESSIONS) {
      expressions(a.nested(), abs, path);
    }
    return path.toString();
  }

  private static void expressions(AttributeCursor list, int abs, StringBuilder path) {
    int index = 0;
    while (list.next()) {
      index++;
      if (!contains(list, abs)) {
        continue;
      }
      String name = null;
      AttributeCursor e = list.nested();
      while (e.next()) {
        if (e.type() == Nft.NFTA_EXPR_NAME) {
          name = e.string();
        }
      }
      path.append(" > NFTA_LIST_ELEM #").append(index);
      if (name != null) {
        path.append(" (").append(name).append(')');
      }
      if (abs < list.payloadOffset()) {
        return;
      }
      e = list.nested();
      if (!enter(e, abs)) {
        return;
      }
      path.append(" > ").append(e.type() == Nft.NFTA_EXPR_NAME ? "NFTA_EXPR_NAME" : e.type() == Nft.NFTA_EXPR_DATA ? "NFTA_EXPR_DATA" : "attribute " + e.type());
      if (e.type() != Nft.NFTA_EXPR_DATA || abs < e.payloadOffset()) {
        return;
      }
      AttributeCursor d = e.nested();
      if (enter(d, abs)) {
        path.append(" > ").append(Nft.expressionAttributeName(name, d.type()));
      }
      return;
    }
  }

  /** Moves {@code a} to the attribute containing {@code abs}; false when none does. */
  private static boolean enter(AttributeCursor a, int abs) {
    while (a.next()) {
      if (contains(a, abs)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(AttributeCursor a, int abs) {
    int end = Math.max(a.payloadOffset() + a.payloadLength(), a.offset() + Nl.NLA_HDRLEN);
    return abs >= a.offset() && abs < end;
  }
}
