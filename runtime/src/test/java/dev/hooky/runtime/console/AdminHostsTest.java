package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Which {@code Host} values the admin port answers: names that cannot be rebound only, and a
 * malformed value never; nothing is ever resolved.
 */
class AdminHostsTest {
  private static final InetAddress LAN = literal("192.168.1.20");

  @Test
  void loopbackNamesAndAddressesAreLoopback() {
    for (String host : new String[] {"localhost", "LOCALHOST.", "127.0.0.1", "127.255.255.254",
        "[::1]", "::1", " localhost "}) {
      assertTrue(AdminHosts.isLoopback(host), host);
    }
    for (String host : new String[] {"localhost.example", "128.0.0.1", "::2", "10.0.0.1",
        "127.0.0.1.nip.io", "0.0.0.0"}) {
      assertFalse(AdminHosts.isLoopback(host), host);
    }
    assertFalse(AdminHosts.isLoopback(null));
  }

  @Test
  void aHostValueIsItsNameWithoutPortOrTrailingDot() {
    assertEquals("example.com", AdminHosts.hostName("Example.COM"));
    assertEquals("example.com", AdminHosts.hostName("example.com.:8080"));
    assertEquals("::1", AdminHosts.hostName("[::1]:65535"));
    assertEquals("::1", AdminHosts.hostName("[::1]"));
    assertEquals("10.0.0.1", AdminHosts.hostName("10.0.0.1:1"));
    assertEquals("a_b-c", AdminHosts.hostName("a_b-c"));
    assertEquals("az09", AdminHosts.hostName("AZ09"), "the ends of each range");
  }

  @Test
  void aMalformedHostValueHasNoName() {
    for (String host : new String[] {"", "   ", "example.com:", "example.com:123456",
        "example.com:80a", "[::1", "[::1]x", "[::1]:", "[::g]", "exa mple.com", "exa/mple",
        "évil.example", "@example.com", ".", "x".repeat(256)}) {
      assertNull(AdminHosts.hostName(host), host);
    }
    assertEquals("x".repeat(255), AdminHosts.hostName("x".repeat(255)), "255 characters fit");
    assertEquals("example.com", AdminHosts.hostName("example.com:12345"), "five-digit port");
  }

  @Test
  void theConfiguredHostAndTheAddressReachedAreAllowedAndNothingElse() {
    AdminHosts hosts = new AdminHosts("Admin.Internal");

    assertTrue(hosts.allowed("admin.internal:9090", LAN));
    assertTrue(hosts.allowed("192.168.1.20", LAN), "the address the connection reached");
    assertTrue(hosts.allowed("localhost:9090", LAN));
    assertTrue(hosts.allowed(null, LAN), "HTTP/1.0 sends no Host, and no browser does that");
    assertFalse(hosts.allowed("192.168.1.21", LAN));
    assertFalse(hosts.allowed("admin.internal.evil.example", LAN));
    assertFalse(hosts.allowed("192.168.1.20", null));
    assertFalse(hosts.allowed("[::1", LAN), "malformed");
  }

  @Test
  void aConfiguredAddressIsAllowedAsTheSameAddressSpelledAnyWay() {
    AdminHosts hosts = new AdminHosts("[fe80::1]");

    assertTrue(hosts.allowed("[fe80:0:0:0:0:0:0:1]:9090", null));
    assertFalse(hosts.allowed("[fe80::2]", null));
  }

  @Test
  void aWildcardAdminHostAllowsOnlyLoopbackAndTheAddressReached() {
    for (String wildcard : new String[] {"0.0.0.0", "::", "[::]", " "}) {
      AdminHosts hosts = new AdminHosts(wildcard);
      assertTrue(hosts.allowed("192.168.1.20:9090", LAN), wildcard);
      assertTrue(hosts.allowed("127.0.0.1", LAN), wildcard);
      assertFalse(hosts.allowed("0.0.0.0", LAN), wildcard + ": the wildcard is not a name");
      assertFalse(hosts.allowed("admin.internal", LAN), wildcard);
    }
  }

  @Test
  void onlyLiteralsAreAddresses() {
    assertEquals(literal("10.0.0.255"), AdminHosts.literal("10.0.0.255"));
    assertEquals(literal("::1"), AdminHosts.literal("[::1]"));
    for (String name : new String[] {"10.0.0", "10.0.0.256", "10.0.0.1.2", "10..0.1", "1.2.3.0001",
        "a.b.c.d", "localhost", "10.0.0.-1", "::g", "[fe80::1%lo]", "[::1%1]"}) {
      assertNull(AdminHosts.literal(name), name);
    }
    assertEquals(literal("::ffff:10.0.0.1"), AdminHosts.literal("[::ffff:10.0.0.1]"),
        "an IPv4-mapped IPv6 literal");
  }

  private static InetAddress literal(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
