package dev.rtnl4j.bench.jmh;

import dev.rtnl4j.nft.Forward;
import dev.rtnl4j.nft.PortForwards;
import dev.rtnl4j.nft.Protocol;
import dev.rtnl4j.nspawn.IpPrefix;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.NetlinkSocket;
import dev.rtnl4j.sys.Syscalls;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A container's port-forward table over nf_tables ({@link PortForwards}), one transaction each:
 * made where there was none, replaced, removed. The table has one TCP forward to an IPv4 and an
 * IPv6 address (four rules, two chains). Runs in a network namespace of its own (a thread
 * unshares one and opens the netfilter socket there), so the machine's ruleset is never touched;
 * needs root ({@code CAP_SYS_ADMIN} for the namespace).
 *
 * <pre>sudo bin/rtnl4j jmh PortForwards -f 1 -wi 3 -i 5</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class PortForwardsBenchmark {
  private static final String TABLE = "rtnl4j-jmh";
  private static final List<Forward> FORWARDS = List.of(new Forward(Protocol.TCP, 8080, 80));
  private static final InetAddress V4 = IpPrefix.parse("10.231.0.2").address();
  private static final InetAddress V6 = IpPrefix.parse("fc00::2").address();

  private PortForwards forwards;

  @Setup(Level.Trial)
  public void open() throws Exception {
    NetlinkSocket s = CompletableFuture.supplyAsync(() -> {
      int r = Syscalls.unshare(Syscalls.CLONE_NEWNET); // this short-lived thread only
      if (r < 0) {
        throw new NativeException("unshare(CLONE_NEWNET) for the benchmark's own namespace (needs root)", r);
      }
      return NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER);
    }, r -> new Thread(r).start()).get();
    forwards = PortForwards.over(new NetlinkChannel(s, true));
    forwards.removeIfPresent(TABLE);
  }

  @TearDown(Level.Trial)
  public void close() {
    forwards.removeIfPresent(TABLE);
    forwards.channel().close();
  }

  /**
   * Before each call: no table for {@link #applyNew} and {@link #removeAbsent}, the table for
   * {@link #replace} and {@link #remove}. (One state: a helper state depending on this one was
   * given another instance, with its own namespace.)
   */
  @Setup(Level.Invocation)
  public void prepare(BenchmarkParams params) {
    String b = params.getBenchmark();
    if (b.endsWith(".applyNew") || b.endsWith(".removeAbsent")) {
      forwards.removeIfPresent(TABLE);
    } else {
      forwards.apply(TABLE, FORWARDS, V4, V6);
    }
  }

  /** apply where there is no table: one transaction of 9 messages (add, delete, add table; 2 chains; 4 rules). */
  @Benchmark
  public void applyNew() {
    forwards.apply(TABLE, FORWARDS, V4, V6);
  }

  /** apply over the same table: the old one is deleted and the new one made in the same transaction. */
  @Benchmark
  public void replace() {
    forwards.apply(TABLE, FORWARDS, V4, V6);
  }

  /** remove: one NFT_MSG_DELTABLE in a transaction. */
  @Benchmark
  public void remove() {
    forwards.remove(TABLE);
  }

  /** removeIfPresent where there is nothing (a start's stale-table check): one NFT_MSG_GETTABLE answered ENOENT. */
  @Benchmark
  public boolean removeAbsent() {
    return forwards.removeIfPresent(TABLE);
  }
}
