package dev.rtnl4j.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.AttributePath;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nfnl;
import dev.rtnl4j.codec.Nft;
import dev.rtnl4j.proto.Requests;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nf_tables messages byte for byte (no kernel): nfgenmsg, big-endian integers, names of offsets. */
class NftEncodingTest {

  private static String hex(NftRequest r) {
    MessageWriter w = new MessageWriter(256);
    Requests.encode(w, r, 7, 0);
    return HexFormat.of().formatHex(w.toByteArray());
  }

  @Test
  void deleteTableIsAnNfgenmsgOfFamilyInetAndTheName() {
    assertEquals("24000000" + "020a" + "0100" + "07000000" + "00000000" // nlmsghdr: 36 bytes, NFT_MSG_DELTABLE, REQUEST, seq 7
        + "01000000"                                                     // nfgenmsg: inet, v0, res_id 0
        + "0d000100" + HexFormat.of().formatHex("rtnl4j-x\0".getBytes()) + "000000", // NFTA_TABLE_NAME, padded
        hex(NftRequest.deleteTable(Nfnl.NFPROTO_INET, "rtnl4j-x")));
  }

  @Test
  void chainHookAndPriorityAreBigEndianInANestedAttribute() {
    String h = hex(new NftRequest.AddChain(Nfnl.NFPROTO_INET, "t", "output", "nat", Nft.NF_INET_LOCAL_OUT, -99));
    // NFTA_CHAIN_HOOK | NLA_F_NESTED: NFTA_HOOK_HOOKNUM 3, NFTA_HOOK_PRIORITY -99, both network order
    assertTrue(h.contains("14000480" + "0800" + "0100" + "00000003" + "0800" + "0200" + "ffffff9d"), h);
  }

  @Test
  void anOffsetIntoARuleIsNamedDownToTheExpressionAttribute() {
    NftRequest.AddRule rule = new NftRequest.AddRule(Nfnl.NFPROTO_INET, "t", "c",
        List.of(new Expr.Meta(Nft.NFT_META_L4PROTO, Nft.NFT_REG_1),
            new Expr.Nat(Nft.NFT_NAT_DNAT, Nfnl.NFPROTO_IPV4, Nft.NFT_REG_1, Nft.NFT_REG_2, 3)), "r");
    MessageWriter w = new MessageWriter(512);
    Requests.encode(w, rule, 1, 0);
    byte[] b = w.toByteArray();
    // find the NFTA_NAT_FAMILY attribute (len 8, type 2, value 00000002) after the "nat" name
    String h = HexFormat.of().formatHex(b);
    int nat = h.indexOf(HexFormat.of().formatHex("nat\0".getBytes()));
    int family = h.indexOf("08000200" + "00000002", nat) / 2;
    assertEquals("NFTA_RULE_EXPRESSIONS > NFTA_LIST_ELEM #2 (nat) > NFTA_EXPR_DATA > NFTA_NAT_FAMILY",
        AttributePath.describe(w.written(), 0, family + 4));
    assertEquals("NFTA_RULE_CHAIN", AttributePath.describe(w.written(), 0, 24 + 4 + 4));
    assertEquals(null, AttributePath.describe(w.written(), 0, 17), "inside nfgenmsg");
  }
}
