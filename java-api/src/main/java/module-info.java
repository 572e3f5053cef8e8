/**
 * rtnl4j's Java API: the netlink codec and request/response protocol, rtnetlink (links,
 * addresses, routes, neighbours, events), network namespaces and kernel modules.
 */
module dev.rtnl4j.api {
  requires transitive dev.rtnl4j.sys;
  // Optional at run time: user-space decompression of .ko.xz / .ko.zst modules (kmod.Decompressors).
  requires static org.tukaani.xz;
  // aircompressor 0.27 names no module; on the module path it is the automatic module "aircompressor".
  requires static aircompressor;

  exports dev.rtnl4j.codec;
  exports dev.rtnl4j.proto;
  exports dev.rtnl4j.rtnl;
  exports dev.rtnl4j.netns;
  exports dev.rtnl4j.kmod;
  exports dev.rtnl4j.nft;
}
