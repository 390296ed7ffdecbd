package dev.hooky.runtime.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses a verified request body into a typed {@link CustomerIoEvent}, under tight limits so that no
 * body, however hostile, costs more than its size: nesting depth, number and string lengths.
 *
 * <p>One streaming pass reads {@code event_id}, {@code object_type}, {@code metric}, {@code
 * timestamp} and the fields of {@code data} that the typed events read, building no tree; the
 * event keeps {@code data}'s exact bytes as its {@link CustomerIoEvent#dataJson()}.
 *
 * <p>It reads Customer.io's payloads as they really come: {@code object_type_type} (the name in
 * Customer.io's published spec for the preferences event) stands in for a missing {@code
 * object_type}, and a preferences event without either is a {@code customer} one; a {@code
 * timestamp} may be milliseconds, a fraction or a string of digits; a missing one stays missing.
 * Any body that cannot become a typed event ends in a {@link MalformedEventException} whose
 * message is a short reason, and nothing else escapes. Thread-safe.
 */
public final class EventParser {
  /** Customer.io's payloads nest four or five levels; 32 leaves room and stops stack attacks. */
  public static final int MAX_NESTING_DEPTH = 32;
  /** Enough for any id or timestamp; a 1,000-digit number is an attack, not an id. */
  public static final int MAX_NUMBER_LENGTH = 40;
  /**
   * The string limit of {@link #EventParser()}: of the strings it reads (a string in a field no
   * event reads is skipped, never copied). The server passes its body limit instead, so that no
   * string of a body it accepts breaks a parsing limit.
   */
  public static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;
  public static final int MAX_NAME_LENGTH = 1024;
  /** Customer.io's event ids are 26-character ULIDs; longer ones are not ids. */
  public static final int MAX_EVENT_ID_LENGTH = 256;
  /** The year 9999: later timestamps are not Customer.io's. */
  private static final long MAX_TIMESTAMP = 253_402_300_799L;
  /**
   * Seconds above this (the year 5138) are milliseconds: a sender that writes milliseconds writes
   * more than 10^11 for any date after March 1973.
   */
  private static final long MAX_SECONDS = 100_000_000_000L;
  /** How Jackson's messages begin to say where an unclosed object or array began. */
  private static final List<String> OPENED_AT =
      List.of(" (start marker at ", " (for Object starting at ", " (for Array starting at ");
  private static final String PREFERENCES_METRIC =
      CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED.metric();

  private final int maxStringLength;
  private final JsonFactory factory;
  private final JsonFactory lenientFactory;

  public EventParser() {
    this(MAX_STRING_LENGTH);
  }

  /**
   * A parser whose longest string is {@code maxStringLength} characters: the body limit, so that
   * no string inside a body the server accepts breaks a parsing limit.
   */
  public EventParser(int maxStringLength) {
    if (maxStringLength < 1) {
      throw new IllegalArgumentException("maxStringLength must be positive: " + maxStringLength);
    }
    this.maxStringLength = maxStringLength;
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxStringLength(maxStringLength)
        .maxNameLength(MAX_NAME_LENGTH)
        .build();
    this.factory = JsonFactory.builder()
        .streamReadConstraints(constraints)
        // Two event_ids in one body is ambiguous: refuse it rather than pick one.
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    // readWhatCan reads past a duplicate key inside data to the fields after it.
    this.lenientFactory = JsonFactory.builder().streamReadConstraints(constraints).build();
  }

  /**
   * Parses {@code body}. A missing or unreadable {@code timestamp} is an empty {@link
   * CustomerIoEvent#timestamp()}.
   *
   * @throws MalformedEventException when the body cannot become a typed event; its message is the
   *     reason: empty, not UTF-8, not JSON, not an object, a duplicate key, a broken limit, the
   *     legacy {@code event_type} format, or a missing {@code event_id}, {@code object_type} or
   *     {@code metric}
   */
  public CustomerIoEvent parse(byte[] body) throws MalformedEventException {
    try {
      return read(body);
    } catch (MalformedEventException e) {
      throw e;
    } catch (RuntimeException e) {
      // A bug of ours, not a fault of the sender: the body is still kept, with this reason.
      throw new MalformedEventException("unparseable body (" + e.getClass().getSimpleName()
          + "): " + shorten(e.getMessage()), e);
    }
  }

  private CustomerIoEvent read(byte[] body) throws MalformedEventException {
    if (body == null) {
      throw new MalformedEventException("empty body");
    }
    int start = hasByteOrderMark(body) ? 3 : 0;
    if (isBlank(body, start)) {
      throw new MalformedEventException("empty body");
    }
    checkNotUtf16(body);
    try (JsonParser parser = factory.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new MalformedEventException("body is not a JSON object but " + describe(first));
      }
      String eventId = null;
      String objectType = null;
      String objectTypeType = null;
      String metric = null;
      String legacyEventType = null;
      Instant timestamp = null;
      DataFields data = DataFields.NONE;
      String dataJson = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "event_id":
            eventId = scalar(parser, value);
            break;
          case "object_type":
            objectType = string(parser, value);
            break;
          case "object_type_type":
            objectTypeType = string(parser, value);
            break;
          case "metric":
            metric = string(parser, value);
            break;
          case "event_type":
            legacyEventType = string(parser, value);
            break;
          case "timestamp":
            timestamp = timestamp(parser, value);
            break;
          case "data":
            if (value == JsonToken.START_OBJECT) {
              long from = parser.currentTokenLocation().getByteOffset();
              data = DataFields.read(parser);
              long to = parser.currentLocation().getByteOffset();
              if (from < 0 || to < from || to > body.length) {
                throw new MalformedEventException("body is not UTF-8");
              }
              dataJson = new String(body, (int) from, (int) (to - from), StandardCharsets.UTF_8);
            } else {
              parser.skipChildren();
            }
            break;
          default:
            parser.skipChildren();
        }
      }
      requireNothingAfter(parser);
      objectType = objectType(objectType, objectTypeType, metric);
      if (legacyEventType != null && (isBlank(objectType) || isBlank(metric))) {
        throw new MalformedEventException("legacy Customer.io webhook format (event_type \""
            + shorten(legacyEventType) + "\"); Hooky reads reporting webhooks, which carry"
            + " object_type and metric");
      }
      require(eventId, "event_id");
      if (eventId.length() > MAX_EVENT_ID_LENGTH) {
        throw new MalformedEventException(
            "event_id longer than " + MAX_EVENT_ID_LENGTH + " characters");
      }
      require(objectType, "object_type");
      require(metric, "metric");
      return EventMapper.toEvent(eventId, objectType, metric, Optional.ofNullable(timestamp),
          data, dataJson);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException(reason(e), e);
    } catch (IOException e) {
      throw new MalformedEventException("unreadable body: " + shorten(e.getMessage()), e);
    }
  }

  /**
   * Reads what it can of a body that {@link #parse} refused, never throwing: the top-level {@code
   * event_id} (a string or integer of at most {@link #MAX_EVENT_ID_LENGTH} characters; none when
   * the body has two different ones) and the event name, as far as the body gets before it breaks.
   * The name is the catalog's when it knows the pair, {@code object_type + "_" + metric} otherwise,
   * the {@code event_type} of a legacy body, or {@link PartialEvent#UNKNOWN_NAME}.
   */
  public PartialEvent readWhatCan(byte[] body) {
    String eventId = null;
    boolean twoEventIds = false;
    String objectType = null;
    String objectTypeType = null;
    String metric = null;
    String legacyEventType = null;
    boolean emailAddress = false;
    boolean recipient = false;
    if (body != null) {
      try (JsonParser parser = lenientFactory.createParser(body)) {
        if (parser.nextToken() == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
              case "event_id":
                String id = scalar(parser, value);
                twoEventIds |= eventId != null && !eventId.equals(id);
                eventId = eventId == null ? id : eventId;
                break;
              case "object_type":
                objectType = objectType == null ? string(parser, value) : objectType;
                break;
              case "object_type_type":
                objectTypeType = objectTypeType == null ? string(parser, value) : objectTypeType;
                break;
              case "metric":
                metric = metric == null ? string(parser, value) : metric;
                break;
              case "event_type":
                legacyEventType = legacyEventType == null ? string(parser, value) : legacyEventType;
                break;
              case "data":
                // Only to tell a customer-level unsubscribe from email_unsubscribed, as parse does.
                if (value == JsonToken.START_OBJECT) {
                  while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    emailAddress |= parser.currentName().equals("email_address");
                    recipient |= parser.currentName().equals("recipient");
                    parser.nextToken();
                    parser.skipChildren();
                  }
                } else {
                  parser.skipChildren();
                }
                break;
              default:
                parser.skipChildren();
            }
          }
        }
      } catch (IOException | RuntimeException brokenFromHereOn) {
        // Keep what was read before the body broke.
      }
    }
    if (twoEventIds || isBlank(eventId) || eventId.length() > MAX_EVENT_ID_LENGTH) {
      eventId = null;
    }
    String type = objectType(objectType, objectTypeType, metric);
    return new PartialEvent(eventId, name(type, metric, legacyEventType, emailAddress, recipient));
  }

  /**
   * {@code object_type}; else {@code object_type_type}, the name Customer.io's spec gives it on the
   * preferences event; else, on that event, whose spec does not require either, {@code customer}:
   * the spec's word for a change no message triggered.
   */
  private static String objectType(String objectType, String objectTypeType, String metric) {
    if (objectType != null) {
      return objectType;
    }
    if (objectTypeType != null) {
      return objectTypeType;
    }
    return PREFERENCES_METRIC.equals(metric) ? Channel.CUSTOMER.objectType() : null;
  }

  private static String name(String objectType, String metric, String legacyEventType,
      boolean emailAddress, boolean recipient) {
    if (!isBlank(objectType) && !isBlank(metric)
        && objectType.length() + metric.length() < MAX_NAME_LENGTH) {
      return EventMapper.resolve(objectType, metric, emailAddress, recipient)
          .map(CustomerIoEventType::eventName)
          .orElse(objectType + "_" + metric);
    }
    if (!isBlank(legacyEventType) && legacyEventType.length() <= MAX_NAME_LENGTH) {
      return legacyEventType;
    }
    return PartialEvent.UNKNOWN_NAME;
  }

  // ------------------------------------------------------------------------------ encoding

  private static boolean hasByteOrderMark(byte[] body) {
    return body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb
        && (body[2] & 0xff) == 0xbf;
  }

  /** JSON's whitespace only (or nothing). */
  private static boolean isBlank(byte[] body, int from) {
    for (int i = from; i < body.length; i++) {
      byte b = body[i];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * JSON in UTF-16 or UTF-32 starts with a zero byte among the first two, or with the byte-order
   * mark FE FF or FF FE. Jackson would read those, but data's exact bytes are sliced by byte offset,
   * and Customer.io sends UTF-8. Ill-formed UTF-8 needs no pass of its own: Jackson checks every
   * byte it reads, in skipped strings and field names too (overlong forms, surrogates, beyond
   * U+10FFFF), and EventParserTest holds it to the JDK's strict decoder.
   */
  private static void checkNotUtf16(byte[] body) throws MalformedEventException {
    if (body.length < 2) {
      return;
    }
    int first = body[0] & 0xff;
    int second = body[1] & 0xff;
    if (first == 0 || second == 0 || (first == 0xfe && second == 0xff)
        || (first == 0xff && second == 0xfe)) {
      throw new MalformedEventException("body is not UTF-8 (it looks like UTF-16 or UTF-32)");
    }
  }

  // ------------------------------------------------------------------------------ fields

  private static void require(String value, String field) throws MalformedEventException {
    if (isBlank(value)) {
      throw new MalformedEventException("missing " + field);
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /** A string or number (Customer.io's ids come as both); {@code null} for anything else. */
  private static String scalar(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  private static String string(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  /**
   * Unix seconds as a number or a string of digits, fractions truncated, milliseconds (above
   * 10^11) divided down; {@code null} for anything else, and for instants before 1970 or after the
   * year 9999: such a timestamp is not Customer.io's, but the rest of the event still is.
   */
  private static Instant timestamp(JsonParser parser, JsonToken value) throws IOException {
    BigDecimal number;
    if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
      number = parser.getDecimalValue();
    } else if (value == JsonToken.VALUE_STRING) {
      number = decimal(parser.getText().trim());
    } else {
      parser.skipChildren();
      return null;
    }
    if (number == null || number.signum() < 0) {
      return null;
    }
    // Judge the size before rounding: 1e99999999 is ten characters, but rounding it to an integer
    // would write out a hundred million digits.
    int integerDigits = number.precision() - number.scale();
    if (integerDigits > 19) {
      return null;
    }
    long seconds;
    try {
      seconds = integerDigits <= 0 ? 0 : number.setScale(0, RoundingMode.DOWN).longValueExact();
    } catch (ArithmeticException beyondALong) {
      return null;
    }
    if (seconds > MAX_SECONDS) {
      seconds /= 1000;
    }
    return seconds <= MAX_TIMESTAMP ? Instant.ofEpochSecond(seconds) : null;
  }

  /** Digits with an optional fraction, at most {@link #MAX_NUMBER_LENGTH} characters. */
  private static BigDecimal decimal(String text) {
    if (text.isEmpty() || text.length() > MAX_NUMBER_LENGTH
        || !text.matches("[0-9]+(\\.[0-9]*)?")) {
      return null;
    }
    return new BigDecimal(text);
  }

  // ------------------------------------------------------------------------------ reasons

  private static void requireNothingAfter(JsonParser parser) throws MalformedEventException {
    try {
      if (parser.nextToken() == null) {
        return;
      }
    } catch (IOException | RuntimeException notJsonEither) {
      // Whatever follows the object, it is not part of the event.
    }
    throw new MalformedEventException("unexpected content after the JSON object");
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    switch (token) {
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.asString() != null ? token.asString() : token.name();
    }
  }

  /** The limit Jackson says was broken, in Hooky's words. */
  private String limit(StreamConstraintsException e) {
    String message = String.valueOf(e.getOriginalMessage());
    if (message.contains("nesting depth")) {
      return "nesting deeper than " + MAX_NESTING_DEPTH + " levels";
    } else if (message.contains("Number value length")) {
      return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
    } else if (message.contains("String value length")) {
      return "a string longer than " + maxStringLength + " characters";
    } else if (message.contains("Name length")) {
      return "a field name longer than " + MAX_NAME_LENGTH + " characters";
    }
    return shorten(message);
  }

  private String reason(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException limit) {
      return "body exceeds a parsing limit: " + limit(limit);
    }
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Duplicate field '")) {
      String field = message.substring("Duplicate field '".length(), message.length() - 1);
      String pointer = pointer(e);
      String at = pointer.isEmpty() ? "" : " at " + pointer;
      return "duplicate key \"" + shorten(field) + "\"" + at;
    }
    if (message.startsWith("Invalid UTF-8")) {
      String what = message.substring("Invalid UTF-8".length()).replaceFirst("^[: ]+", "");
      if (what.startsWith("start byte") || what.startsWith("middle byte")) {
        what = "invalid " + what;
      }
      what = what.isEmpty() ? what
          : what.substring(0, 1).toLowerCase(Locale.ROOT) + what.substring(1);
      return "body is not UTF-8: " + shorten(what) + at(e);
    }
    // Jackson's advice on which feature to enable is for the parser's author, not the sender.
    int advice = message.indexOf(": enable `");
    if (advice > 0) {
      message = message.substring(0, advice);
    }
    // Where a bracket opened, as Jackson's location without the source: noise in a reason.
    for (String opened : OPENED_AT) {
      int marker = message.indexOf(opened);
      if (marker > 0) {
        message = message.substring(0, marker);
      }
    }
    return "malformed JSON" + at(e) + ": " + shorten(message);
  }

  /** Where in the body: the byte offset, and the JSON pointer of the field being read. */
  private static String at(JsonProcessingException e) {
    long offset = e.getLocation() != null ? e.getLocation().getByteOffset() : -1;
    String pointer = pointer(e);
    String in = pointer.isEmpty() ? "" : " (in " + pointer + ")";
    return offset >= 0 ? " at byte " + offset + in : in;
  }

  /** The JSON pointer of the field being read when {@code e} was thrown, or "". */
  private static String pointer(JsonProcessingException e) {
    if (e.getProcessor() instanceof JsonParser parser) {
      JsonStreamContext context = parser.getParsingContext();
      return context != null ? shorten(context.pathAsPointer().toString()) : "";
    }
    return "";
  }

  /** The first line, at most 200 characters: enough to fix the payload, short for a reason. */
  private static String shorten(String message) {
    String text = String.valueOf(message);
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
