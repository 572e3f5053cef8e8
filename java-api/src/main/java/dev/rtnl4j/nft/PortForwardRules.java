package dev.rtnl4j.nft;

import dev.rtnl4j.codec.Nfnl;
import dev.rtnl4j.codec.Nft;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The nf_tables messages of one port-forward table, as systemd-nspawn's own rules
 * (src/shared/firewall-util-nft.c) are made: destination NAT of connections to a local address
 * of the host, in a {@code prerouting} chain (from other hosts) and an {@code output} chain (from
 * the host itself, loopback excepted, which cannot be sent to another host).
 */
final class PortForwardRules {
  private PortForwardRules() {}

  static final int FAMILY = Nfnl.NFPROTO_INET;
  /** One after nft's {@code dstnat} (-100), as nspawn's chains. */
  static final int PRIORITY = -99;
  static final String PREROUTING = "prerouting";
  static final String OUTPUT = "output";

  private static final Expr.Value LOCAL = Expr.Value.of(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(Nft.RTN_LOCAL).array());
  private static final Expr.Value LOOPBACK4_NET = Expr.Value.of((byte) 127);
  private static final Expr.Value LOOPBACK6 = Expr.Value.of(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}); // ::1

  /** Creates (or replaces) {@code table}: add, delete, add again, then chains and rules, for one transaction. */
  static List<NftRequest> replace(String table, List<Forward> forwards, Inet4Address ipv4, Inet6Address ipv6) {
    List<NftRequest> out = new ArrayList<>();
    out.add(NftRequest.addTable(FAMILY, table));
    out.add(NftRequest.deleteTable(FAMILY, table));
    out.add(NftRequest.addTable(FAMILY, table));
    out.add(new NftRequest.AddChain(FAMILY, table, PREROUTING, "nat", Nft.NF_INET_PRE_ROUTING, PRIORITY));
    out.add(new NftRequest.AddChain(FAMILY, table, OUTPUT, "nat", Nft.NF_INET_LOCAL_OUT, PRIORITY));
    for (String chain : List.of(PREROUTING, OUTPUT)) {
      for (Forward f : forwards) {
        if (ipv4 != null) {
          out.add(rule(table, chain, f, ipv4));
        }
        if (ipv6 != null) {
          out.add(rule(table, chain, f, ipv6));
        }
      }
    }
    return out;
  }

  private static NftRequest.AddRule rule(String table, String chain, Forward f, InetAddress to) {
    boolean v4 = to instanceof Inet4Address;
    int nfproto = v4 ? Nfnl.NFPROTO_IPV4 : Nfnl.NFPROTO_IPV6;
    List<Expr> e = new ArrayList<>();
    e.add(new Expr.Meta(Nft.NFT_META_NFPROTO, Nft.NFT_REG_1));
    e.add(new Expr.Cmp(Nft.NFT_CMP_EQ, Nft.NFT_REG_1, Expr.Value.of((byte) nfproto)));
    if (chain.equals(OUTPUT)) {
      // ip daddr != 127.0.0.0/8 (its first byte), ip6 daddr != ::1
      e.add(v4 ? new Expr.Payload(Nft.NFT_PAYLOAD_NETWORK_HEADER, 16, 1, Nft.NFT_REG_1)
          : new Expr.Payload(Nft.NFT_PAYLOAD_NETWORK_HEADER, 24, 16, Nft.NFT_REG_1));
      e.add(new Expr.Cmp(Nft.NFT_CMP_NEQ, Nft.NFT_REG_1, v4 ? LOOPBACK4_NET : LOOPBACK6));
    }
    e.add(new Expr.Fib(Nft.NFTA_FIB_F_DADDR, Nft.NFT_FIB_RESULT_ADDRTYPE, Nft.NFT_REG_1));
    e.add(new Expr.Cmp(Nft.NFT_CMP_EQ, Nft.NFT_REG_1, LOCAL));
    e.add(new Expr.Meta(Nft.NFT_META_L4PROTO, Nft.NFT_REG_1));
    e.add(new Expr.Cmp(Nft.NFT_CMP_EQ, Nft.NFT_REG_1, Expr.Value.of((byte) f.protocol().number())));
    e.add(new Expr.Payload(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, Nft.NFT_REG_1));
    e.add(new Expr.Cmp(Nft.NFT_CMP_EQ, Nft.NFT_REG_1, port(f.hostPort())));
    e.add(new Expr.Immediate(Nft.NFT_REG_1, Expr.Value.of(to.getAddress())));
    e.add(new Expr.Immediate(Nft.NFT_REG_2, port(f.containerPort())));
    e.add(new Expr.Nat(Nft.NFT_NAT_DNAT, nfproto, Nft.NFT_REG_1, Nft.NFT_REG_2,
        Nft.NF_NAT_RANGE_MAP_IPS | Nft.NF_NAT_RANGE_PROTO_SPECIFIED));
    return new NftRequest.AddRule(FAMILY, table, chain, e, "nat rule " + f.to(to));
  }

  private static Expr.Value port(int port) {
    return Expr.Value.of((byte) (port >>> 8), (byte) port);
  }
}
