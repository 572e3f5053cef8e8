package dev.rtnl4j.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.Nfnl;
import dev.rtnl4j.proto.BatchResult;
import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.rtnl.Literal;
import dev.rtnl4j.testkit.Require;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code NetlinkChannel.transaction}: nfnetlink batches against the real kernel. */
class NfnetlinkTransactionTest {
  private PortForwards forwards;

  @BeforeEach
  void open() {
    Require.sandbox();
    NftTool.nft();
    forwards = PortForwards.open();
  }

  @AfterEach
  void close() {
    if (forwards != null) {
      forwards.removeIfPresent("rtnl4j-t");
      forwards.removeIfPresent("rtnl4j-big");
      forwards.close();
    }
  }

  @Test
  void aTransactionRefusedAsAWholeThrowsAndLeavesTheSocketClean() {
    List<Request> one = List.of(NftRequest.addTable(Nfnl.NFPROTO_INET, "rtnl4j-t"));
    // subsystem 99 does not exist: the kernel answers the batch's begin marker, not the request
    KernelException e = assertThrows(KernelException.class, () -> forwards.channel().transaction(99, one));
    assertEquals("EINVAL", e.errnoName());
    assertEquals("nfnetlink transaction of 1 request (first: add table inet rtnl4j-t)", e.operation());
    assertEquals(List.of(), NftTool.inetTables());
    // the next transaction on the same socket is answered as its own
    assertTrue(forwards.channel().transaction(Nfnl.NFNL_SUBSYS_NFTABLES, one).ok());
    assertEquals(List.of("rtnl4j-t"), NftTool.inetTables());
  }

  @Test
  void everyFailingRequestIsReportedAgainstItsIndexAndNothingIsApplied() {
    List<Request> rs = List.of(
        NftRequest.addTable(Nfnl.NFPROTO_INET, "rtnl4j-t"),
        NftRequest.deleteTable(Nfnl.NFPROTO_INET, "rtnl4j-missing1"),
        new NftRequest.AddChain(Nfnl.NFPROTO_INET, "rtnl4j-t", "output", "nat", 3, -99),
        NftRequest.deleteTable(Nfnl.NFPROTO_INET, "rtnl4j-missing2"),
        new NftRequest.AddChain(Nfnl.NFPROTO_INET, "rtnl4j-t", "prerouting", "nat", 0, -99));
    BatchResult r = forwards.channel().transaction(Nfnl.NFNL_SUBSYS_NFTABLES, rs);
    assertEquals(5, r.requests());
    assertEquals(List.of(1, 3), r.failures().stream().map(BatchResult.Failure::index).toList());
    assertEquals("delete table inet rtnl4j-missing2", r.failures().get(1).error().operation());
    assertEquals(List.of(), NftTool.inetTables(), "the abort took the table back");
  }

  @Test
  void aTableOfManyForwardsGoesInOneTransaction() {
    List<Forward> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(new Forward(Protocol.TCP, 10_000 + i, 80));
    }
    forwards.apply("rtnl4j-big", many, Literal.ip("10.231.0.2"), Literal.ip("fc00::2"));
    assertEquals(200, NftTool.rules("rtnl4j-big").size());
    List<Forward> tooMany = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      tooMany.add(new Forward(Protocol.UDP, 10_000 + i, 80));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> forwards.apply("rtnl4j-big", tooMany, Literal.ip("10.231.0.2"), null));
    assertTrue(e.getMessage().startsWith("a transaction of 2005 requests is "), e.getMessage());
    assertEquals(200, NftTool.rules("rtnl4j-big").size(), "the table stays as it was");
  }
}
