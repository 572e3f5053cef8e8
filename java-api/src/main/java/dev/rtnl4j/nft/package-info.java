/**
 * nf_tables over netlink ({@code NETLINK_NETFILTER}), no {@code nft} process: port forwarding into
 * containers ({@link dev.rtnl4j.nft.PortForwards}), built from nf_tables messages
 * ({@link dev.rtnl4j.nft.NftRequest}) and rule expressions ({@link dev.rtnl4j.nft.Expr}) sent as
 * one transaction.
 */
package dev.rtnl4j.nft;
