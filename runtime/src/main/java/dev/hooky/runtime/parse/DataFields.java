package dev.hooky.runtime.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hooky.customerio.event.Identifiers;
import dev.hooky.customerio.event.PushRecipient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a payload's {@code data} that the typed events read, taken in one streaming pass
 * over the parser: no tree of the object, and nothing kept of the fields no event reads (the raw
 * JSON keeps those). Every token is still read, so a duplicate key, a broken limit or bad UTF-8
 * anywhere in {@code data} fails the parse as before.
 *
 * <p>A field's value is kept as what a JSON tree would hold: a {@code String}, an {@code Integer},
 * {@code Long} or {@code BigInteger} (the smallest that holds the number), a {@code Double}, a
 * {@code Boolean}, or {@link #NULL} or {@link #CONTAINER}; {@link Fields} reads them leniently.
 */
final class DataFields {
  /** JSON {@code null}. */
  private static final Object NULL = new Object();
  /** An object or an array where a scalar was expected: present, but not readable as one. */
  private static final Object CONTAINER = new Object();

  // The slots of the scalar fields, in no particular order.
  static final int CUSTOMER_ID = 0;
  static final int DELIVERY_ID = 1;
  static final int RECIPIENT = 2;
  static final int FAILURE_MESSAGE = 3;
  static final int HREF = 4;
  static final int LINK_ID = 5;
  static final int CONTENT = 6;
  static final int EMAIL_ADDRESS = 7;
  static final int SUBJECT = 8;
  static final int MACHINE = 9;
  static final int PROXIED = 10;
  static final int PREFETCHED = 11;
  static final int SYNTHETIC = 12;
  static final int INBOUND_EVENT_ID = 13;
  static final int TO = 14;
  static final int TRACKED_RESPONSE = 15;
  static final int CAMPAIGN_ID = 16;
  static final int BROADCAST_ID = 17;
  static final int TRIGGER_ID = 18;
  static final int NEWSLETTER_ID = 19;
  static final int CONTENT_ID = 20;
  static final int TRANSACTIONAL_MESSAGE_ID = 21;
  static final int ACTION_ID = 22;
  static final int PARENT_ACTION_ID = 23;
  static final int JOURNEY_ID = 24;
  static final int TRIGGER_EVENT_ID = 25;
  private static final int SLOTS = 26;
  private static final int NOT_READ = -1;

  /** A body without {@code data}, or whose {@code data} is not an object. */
  static final DataFields NONE = new DataFields();

  private final Object[] values = new Object[SLOTS];
  private Identifiers identifiers = Identifiers.NONE;
  private List<PushRecipient> recipients = List.of();
  private Map<String, List<String>> headers = Map.of();

  private DataFields() {}

  /**
   * Reads the object the parser is at (its current token is {@code START_OBJECT}) up to and
   * including its {@code END_OBJECT}.
   */
  static DataFields read(JsonParser parser) throws IOException {
    DataFields data = new DataFields();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken token = parser.nextToken();
      switch (field) {
        case "identifiers" -> data.identifiers = identifiers(parser, token);
        case "recipients" -> data.recipients = recipients(parser, token);
        case "headers" -> data.headers = headers(parser, token);
        default -> {
          int slot = slot(field);
          if (slot == NOT_READ) {
            parser.skipChildren();
          } else {
            data.values[slot] = value(parser, token);
          }
        }
      }
    }
    return data;
  }

  /** The value of a scalar field: see the class comment; {@code null} when absent. */
  Object get(int slot) {
    return values[slot];
  }

  /** Whether {@code data} has the field at all, whatever its value, {@code null} included. */
  boolean has(int slot) {
    return values[slot] != null;
  }

  /** {@code identifiers}; {@link Identifiers#NONE} when absent or not an object. */
  Identifiers identifiers() {
    return identifiers;
  }

  /** {@code recipients}' device objects, in order; other elements are left out. */
  List<PushRecipient> recipients() {
    return recipients;
  }

  /** {@code headers}, an object of string arrays; empty when absent or not an object. */
  Map<String, List<String>> headers() {
    return headers;
  }

  private static int slot(String field) {
    return switch (field) {
      case "customer_id" -> CUSTOMER_ID;
      case "delivery_id" -> DELIVERY_ID;
      case "recipient" -> RECIPIENT;
      case "failure_message" -> FAILURE_MESSAGE;
      case "href" -> HREF;
      case "link_id" -> LINK_ID;
      case "content" -> CONTENT;
      case "email_address" -> EMAIL_ADDRESS;
      case "subject" -> SUBJECT;
      case "machine" -> MACHINE;
      case "proxied" -> PROXIED;
      case "prefetched" -> PREFETCHED;
      case "synthetic" -> SYNTHETIC;
      case "inbound_event_id" -> INBOUND_EVENT_ID;
      case "to" -> TO;
      case "tracked_response" -> TRACKED_RESPONSE;
      case "campaign_id" -> CAMPAIGN_ID;
      case "broadcast_id" -> BROADCAST_ID;
      case "trigger_id" -> TRIGGER_ID;
      case "newsletter_id" -> NEWSLETTER_ID;
      case "content_id" -> CONTENT_ID;
      case "transactional_message_id" -> TRANSACTIONAL_MESSAGE_ID;
      case "action_id" -> ACTION_ID;
      case "parent_action_id" -> PARENT_ACTION_ID;
      case "journey_id" -> JOURNEY_ID;
      case "trigger_event_id" -> TRIGGER_EVENT_ID;
      default -> NOT_READ;
    };
  }

  /**
   * The value at {@code token} as a JSON tree would hold it; an object or array is skipped and read
   * as {@link #CONTAINER}.
   */
  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        // The type a tree would pick: the smallest of int, long and BigInteger that holds it.
        return switch (parser.getNumberType()) {
          case INT -> parser.getIntValue();
          case LONG -> parser.getLongValue();
          default -> parser.getBigIntegerValue();
        };
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return NULL;
      default:
        parser.skipChildren();
        return CONTAINER;
    }
  }

  private static Identifiers identifiers(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return Identifiers.NONE;
    }
    String[] text = texts(parser, "id", "email", "cio_id");
    return new Identifiers(text[0], text[1], text[2]);
  }

  private static List<PushRecipient> recipients(JsonParser parser, JsonToken token)
      throws IOException {
    List<PushRecipient> recipients = new ArrayList<>();
    if (token != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return recipients;
    }
    for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY;
        element = parser.nextToken()) {
      if (element != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue;
      }
      String[] text = texts(parser, "device_id", "device_platform", "failure_message");
      recipients.add(new PushRecipient(text[0], text[1], text[2]));
    }
    return recipients;
  }

  /**
   * Reads the object the parser is in (just past its {@code START_OBJECT}) to its end: the
   * {@link Fields#text text} of each named field, in the order named, null when absent; the other
   * fields skipped.
   */
  private static String[] texts(JsonParser parser, String... names) throws IOException {
    String[] text = new String[names.length];
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      int index = names.length - 1;
      while (index >= 0 && !names[index].equals(name)) {
        index--;
      }
      JsonToken value = parser.nextToken();
      if (index < 0) {
        parser.skipChildren();
      } else {
        text[index] = Fields.text(value(parser, value));
      }
    }
    return text;
  }

  /**
   * Each header's values: the scalars of its array, or its one scalar, as text; {@code null}s and
   * nested objects or arrays are left out.
   */
  private static Map<String, List<String>> headers(JsonParser parser, JsonToken token)
      throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (token != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return headers;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      List<String> values = new ArrayList<>();
      JsonToken items = parser.nextToken();
      if (items == JsonToken.START_ARRAY) {
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY;
            item = parser.nextToken()) {
          addText(values, value(parser, item));
        }
      } else {
        addText(values, value(parser, items));
      }
      headers.put(name, values);
    }
    return headers;
  }

  private static void addText(List<String> values, Object value) {
    String text = Fields.text(value);
    if (text != null) {
      values.add(text);
    }
  }
}
