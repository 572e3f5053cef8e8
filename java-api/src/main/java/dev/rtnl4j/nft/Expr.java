package dev.rtnl4j.nft;

import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nft;
import dev.rtnl4j.codec.Nl;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One expression of an nf_tables rule, as the kernel runs it: loads into registers
 * ({@link Meta}, {@link Payload}, {@link Fib}, {@link Immediate}), a comparison that ends the rule
 * when it fails ({@link Cmp}), and a statement ({@link Nat}). Registers are the 16-byte
 * {@code NFT_REG_1..4}; values are written as the kernel compares them (network order for packet
 * fields). {@code nft --debug=netlink} prints a rule in these terms.
 */
public sealed interface Expr {

  /** The expression's kernel name ({@code NFTA_EXPR_NAME}): "meta", "cmp", ... */
  String name();

  /** Writes the attributes inside {@code NFTA_EXPR_DATA}. */
  void encodeData(MessageWriter w);

  /** Writes the whole {@code NFTA_LIST_ELEM} (name and data) into an open {@code NFTA_RULE_EXPRESSIONS}. */
  default void encode(MessageWriter w) {
    int elem = w.beginNested(Nft.NFTA_LIST_ELEM | Nl.NLA_F_NESTED);
    w.string(Nft.NFTA_EXPR_NAME, name());
    int data = w.beginNested(Nft.NFTA_EXPR_DATA | Nl.NLA_F_NESTED);
    encodeData(w);
    w.endNested(data);
    w.endNested(elem);
  }

  /** {@code meta load KEY => reg}: e.g. {@code NFT_META_L4PROTO}, {@code NFT_META_NFPROTO}. */
  record Meta(int key, int register) implements Expr {
    @Override
    public String name() {
      return "meta";
    }

    @Override
    public void encodeData(MessageWriter w) {
      w.be32(Nft.NFTA_META_KEY, key).be32(Nft.NFTA_META_DREG, register);
    }
  }

  /** {@code payload load LENGTH b @ BASE header + OFFSET => reg}. */
  record Payload(int base, int offset, int length, int register) implements Expr {
    @Override
    public String name() {
      return "payload";
    }

    @Override
    public void encodeData(MessageWriter w) {
      w.be32(Nft.NFTA_PAYLOAD_DREG, register).be32(Nft.NFTA_PAYLOAD_BASE, base)
          .be32(Nft.NFTA_PAYLOAD_OFFSET, offset).be32(Nft.NFTA_PAYLOAD_LEN, length);
    }
  }

  /** {@code fib FLAGS RESULT => reg}: e.g. the address type of the destination ({@code fib daddr type}). */
  record Fib(int flags, int result, int register) implements Expr {
    @Override
    public String name() {
      return "fib";
    }

    @Override
    public void encodeData(MessageWriter w) {
      w.be32(Nft.NFTA_FIB_DREG, register).be32(Nft.NFTA_FIB_RESULT, result).be32(Nft.NFTA_FIB_FLAGS, flags);
    }
  }

  /**
   * A constant of an expression ({@code NFTA_DATA_VALUE}), as the kernel compares or loads it: an
   * immutable copy of its bytes, equal to another with the same bytes.
   */
  final class Value {
    private final byte[] bytes;

    private Value(byte[] bytes) {
      this.bytes = bytes;
    }

    /**
     * The constant {@code bytes} (copied).
     *
     * @throws IllegalArgumentException when there are none or more than a register's 16
     */
    public static Value of(byte... bytes) {
      if (bytes.length == 0 || bytes.length > 16) {
        throw new IllegalArgumentException("an nf_tables constant has 1..16 bytes, not " + bytes.length);
      }
      return new Value(bytes.clone());
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
      return bytes.clone();
    }

    /** Writes {@code attribute} (nested) holding {@code NFTA_DATA_VALUE}. */
    void encode(MessageWriter w, int attribute) {
      int d = w.beginNested(attribute | Nl.NLA_F_NESTED);
      w.bytes(Nft.NFTA_DATA_VALUE, bytes);
      w.endNested(d);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Value v && Arrays.equals(v.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return HexFormat.of().formatHex(bytes);
    }
  }

  /** {@code cmp OP reg DATA}: the rule stops here unless the comparison holds. */
  record Cmp(int op, int register, Value data) implements Expr {
    @Override
    public String name() {
      return "cmp";
    }

    @Override
    public void encodeData(MessageWriter w) {
      w.be32(Nft.NFTA_CMP_SREG, register).be32(Nft.NFTA_CMP_OP, op);
      data.encode(w, Nft.NFTA_CMP_DATA);
    }
  }

  /** {@code immediate reg DATA}: loads a constant. */
  record Immediate(int register, Value data) implements Expr {
    @Override
    public String name() {
      return "immediate";
    }

    @Override
    public void encodeData(MessageWriter w) {
      w.be32(Nft.NFTA_IMMEDIATE_DREG, register);
      data.encode(w, Nft.NFTA_IMMEDIATE_DATA);
    }
  }

  /**
   * {@code nat TYPE FAMILY addr reg proto reg}: source or destination NAT to the address in
   * {@code addressRegister} and the port in {@code portRegister} ({@code NF_NAT_RANGE_*} flags).
   */
  record Nat(int type, int family, int addressRegister, int portRegister, int flags) implements Expr {
    @Override
    public String name() {
      return "nat";
    }

    @Override
    public void encodeData(MessageWriter w) {
      w.be32(Nft.NFTA_NAT_TYPE, type).be32(Nft.NFTA_NAT_FAMILY, family)
          .be32(Nft.NFTA_NAT_REG_ADDR_MIN, addressRegister).be32(Nft.NFTA_NAT_REG_ADDR_MAX, addressRegister)
          .be32(Nft.NFTA_NAT_REG_PROTO_MIN, portRegister).be32(Nft.NFTA_NAT_REG_PROTO_MAX, portRegister)
          .be32(Nft.NFTA_NAT_FLAGS, flags);
    }
  }
}
