package dev.hooky.runtime.console;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which names the admin port answers to. A browser tricked by DNS rebinding sends the attacker's
 * name in {@code Host}, so only names that cannot be rebound are accepted: {@code localhost},
 * loopback addresses ({@code 127.0.0.0/8}, {@code [::1]}), the address the connection actually
 * reached, and the configured admin host. Nothing here resolves a name: a lookup would be both
 * slow and the very thing an attacker controls.
 */
public final class AdminHosts {
  /** Longer {@code Host} values are refused without looking further. */
  private static final int MAX_HOST_LENGTH = 255;

  /** The configured admin host in lowercase, or null when it is a wildcard (every interface). */
  private final String configured;

  AdminHosts(String adminHost) {
    String host = stripBrackets(adminHost.trim().toLowerCase(Locale.ROOT));
    this.configured = host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? null : host;
  }

  /**
   * Whether {@code host} (a name or address literal, IPv6 with or without brackets) names this
   * machine only: {@code localhost}, {@code 127.0.0.0/8} or {@code ::1}. Never resolves a name.
   */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String name = stripBrackets(host.trim().toLowerCase(Locale.ROOT));
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.equals("localhost")) {
      return true;
    }
    InetAddress address = literal(name);
    return address != null && address.isLoopbackAddress();
  }

  /**
   * Whether a request whose {@code Host} is {@code hostHeader} (with or without a port) and that
   * reached {@code local} may be answered. A missing header (HTTP/1.0) cannot come from a browser
   * and so not from a rebinding attack.
   */
  boolean allowed(String hostHeader, InetAddress local) {
    if (hostHeader == null) {
      return true;
    }
    String name = hostName(hostHeader);
    if (name == null) {
      return false;
    }
    if (isLoopback(name) || name.equals(configured)) {
      return true;
    }
    // An address literal cannot be rebound: the browser's origin is the address itself.
    InetAddress address = literal(name);
    return address != null && (address.equals(local)
        || (configured != null && address.equals(literal(configured))));
  }

  /**
   * The name in a {@code Host} value without its port, lowercased and without a trailing dot; null
   * when it is malformed (a bad port, brackets that do not close, characters no host has).
   */
  static String hostName(String hostHeader) {
    String value = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (value.isEmpty() || value.length() > MAX_HOST_LENGTH) {
      return null;
    }
    String name;
    String port = null;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        return null;
      }
      name = value.substring(1, close);
      String rest = value.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return null;
        }
        port = rest.substring(1);
      }
      if (!name.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
        return null;
      }
    } else {
      int colon = value.indexOf(':');
      name = colon < 0 ? value : value.substring(0, colon);
      port = colon < 0 ? null : value.substring(colon + 1);
      if (!name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_')) {
        return null;
      }
    }
    if (port != null && (port.isEmpty() || port.length() > 5
        || !port.chars().allMatch(c -> c >= '0' && c <= '9'))) {
      return null;
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return name.isEmpty() ? null : name;
  }

  /** The address {@code name} spells as a literal (dotted IPv4 or IPv6), else null; no lookup. */
  static InetAddress literal(String name) {
    String text = stripBrackets(name);
    if (text.indexOf(':') >= 0) {
      if (!text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
        return null;
      }
    } else if (!isDottedQuad(text)) {
      return null;
    }
    try {
      // Only literals reach here, and InetAddress parses a literal without any lookup.
      return InetAddress.getByName(text);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  private static boolean isDottedQuad(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
