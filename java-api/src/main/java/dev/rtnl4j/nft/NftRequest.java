package dev.rtnl4j.nft;

import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nfnl;
import dev.rtnl4j.codec.Nft;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.proto.Request;
import java.util.List;

/**
 * The nf_tables messages rtnl4j sends, as values for a transaction
 * ({@link dev.rtnl4j.proto.NetlinkChannel#transaction}): each writes its {@code nfgenmsg} and
 * attributes, and says what it does in words for errors ("delete table inet rtnl4j-web").
 */
public sealed interface NftRequest extends Request {

  /** What a {@link Table} request does with its table. */
  enum TableOp {
    /** {@code NFT_MSG_NEWTABLE}: creates the table (no error when it exists). */
    ADD(Nft.NFT_MSG_NEWTABLE, Nl.NLM_F_CREATE, "add"),
    /** {@code NFT_MSG_GETTABLE}: asks for the table (ENOENT when absent); outside transactions. */
    GET(Nft.NFT_MSG_GETTABLE, 0, "get"),
    /** {@code NFT_MSG_DELTABLE}: deletes the table with its chains and rules (ENOENT when absent). */
    DELETE(Nft.NFT_MSG_DELTABLE, 0, "delete");

    final int message;
    final int flags;
    final String verb;

    TableOp(int message, int flags, String verb) {
      this.message = message;
      this.flags = flags;
      this.verb = verb;
    }
  }

  /** A request on table {@code name} of {@code family}: add, get or delete it. */
  record Table(TableOp op, int family, String name) implements NftRequest {
    @Override
    public int type() {
      return Nfnl.type(Nfnl.NFNL_SUBSYS_NFTABLES, op.message);
    }

    @Override
    public int flags() {
      return op.flags;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      w.nfgenmsg(family, Nfnl.NFNETLINK_V0, 0);
      w.string(Nft.NFTA_TABLE_NAME, name);
    }

    @Override
    public String describe() {
      return op.verb + " table " + Nfnl.familyName(family) + " " + name;
    }
  }

  /** {@code NFT_MSG_NEWTABLE} for table {@code name} of {@code family}. */
  static Table addTable(int family, String name) {
    return new Table(TableOp.ADD, family, name);
  }

  /** {@code NFT_MSG_GETTABLE} for table {@code name} of {@code family}. */
  static Table getTable(int family, String name) {
    return new Table(TableOp.GET, family, name);
  }

  /** {@code NFT_MSG_DELTABLE} for table {@code name} of {@code family}. */
  static Table deleteTable(int family, String name) {
    return new Table(TableOp.DELETE, family, name);
  }

  /**
   * {@code NFT_MSG_NEWCHAIN}: a base chain {@code name} of {@code chainType} ("nat", "filter")
   * on netfilter hook {@code hook} ({@code NF_INET_PRE_ROUTING}...) at {@code priority}.
   */
  record AddChain(int family, String table, String name, String chainType, int hook, int priority) implements NftRequest {
    @Override
    public int type() {
      return Nfnl.type(Nfnl.NFNL_SUBSYS_NFTABLES, Nft.NFT_MSG_NEWCHAIN);
    }

    @Override
    public int flags() {
      return Nl.NLM_F_CREATE;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      w.nfgenmsg(family, Nfnl.NFNETLINK_V0, 0);
      w.string(Nft.NFTA_CHAIN_TABLE, table);
      w.string(Nft.NFTA_CHAIN_NAME, name);
      int hookNest = w.beginNested(Nft.NFTA_CHAIN_HOOK | Nl.NLA_F_NESTED);
      w.be32(Nft.NFTA_HOOK_HOOKNUM, hook);
      w.be32(Nft.NFTA_HOOK_PRIORITY, priority);
      w.endNested(hookNest);
      w.string(Nft.NFTA_CHAIN_TYPE, chainType);
    }

    @Override
    public String describe() {
      return "add " + chainType + " chain " + name + " (hook " + hookName(hook) + ", priority " + priority + ") to table "
          + Nfnl.familyName(family) + " " + table;
    }

    private static String hookName(int hook) {
      return switch (hook) {
        case Nft.NF_INET_PRE_ROUTING -> "prerouting";
        case Nft.NF_INET_LOCAL_IN -> "input";
        case Nft.NF_INET_FORWARD -> "forward";
        case Nft.NF_INET_LOCAL_OUT -> "output";
        case Nft.NF_INET_POST_ROUTING -> "postrouting";
        default -> Integer.toString(hook);
      };
    }
  }

  /**
   * {@code NFT_MSG_NEWRULE}: appends a rule of {@code expressions} to chain {@code chain};
   * {@code summary} says what it does ("nat rule tcp 8080 -> 10.231.0.2:80").
   */
  record AddRule(int family, String table, String chain, List<Expr> expressions, String summary) implements NftRequest {
    /** Copies the expressions. */
    public AddRule {
      expressions = List.copyOf(expressions);
    }

    @Override
    public int type() {
      return Nfnl.type(Nfnl.NFNL_SUBSYS_NFTABLES, Nft.NFT_MSG_NEWRULE);
    }

    @Override
    public int flags() {
      return Nl.NLM_F_CREATE | Nl.NLM_F_APPEND;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      w.nfgenmsg(family, Nfnl.NFNETLINK_V0, 0);
      w.string(Nft.NFTA_RULE_TABLE, table);
      w.string(Nft.NFTA_RULE_CHAIN, chain);
      int list = w.beginNested(Nft.NFTA_RULE_EXPRESSIONS | Nl.NLA_F_NESTED);
      for (Expr e : expressions) {
        e.encode(w);
      }
      w.endNested(list);
    }

    @Override
    public String describe() {
      return "add " + summary + " to chain " + chain + " in table " + Nfnl.familyName(family) + " " + table;
    }
  }
}
