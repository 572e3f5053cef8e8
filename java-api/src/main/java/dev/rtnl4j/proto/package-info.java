/**
 * Requests and replies over one netlink socket: {@link dev.rtnl4j.proto.NetlinkChannel} matches
 * replies and acknowledgements to requests by sequence number, runs dumps (retried on
 * {@code NLM_F_DUMP_INTR}), sends batches and pipelines of independent requests in one
 * {@code sendmsg} ({@link dev.rtnl4j.proto.Pipeline}), and turns refusals into
 * {@link dev.rtnl4j.proto.KernelException}s with the errno name, the operation in words and the
 * kernel's extended acknowledgement. Knows sockets and sequence numbers, not what a veth is.
 */
package dev.rtnl4j.proto;
