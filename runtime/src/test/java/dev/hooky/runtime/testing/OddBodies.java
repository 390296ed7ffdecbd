package dev.hooky.runtime.testing;

import dev.hooky.customerio.event.Attribution;
import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.PushEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.customerio.event.UnknownEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Odd and broken request bodies, each as Customer.io could sign it: the quirks of its published
 * spec and of real payloads (which must parse into typed events with their documented fields), and
 * bodies that cannot become a typed event (which must be quarantined with a clear reason, never
 * refused).
 *
 * <p>Every body has its own {@code event_id} (or none that can be read, and then distinct bytes),
 * so that sending them all to one server gives as many deliveries as there are bodies. The
 * expectations assume a parser whose string limit is {@link #BODY_LIMIT}, as the server builds it.
 */
public final class OddBodies {
  /** The server's default body limit; {@link #HUGE_CONTENT_LENGTH} fits under it. */
  public static final int BODY_LIMIT = 5 * 1024 * 1024;
  /** The length of the email content in the {@code email_sent with 4.5 MiB content} body. */
  public static final int HUGE_CONTENT_LENGTH = 9 * 512 * 1024;

  /** Accepts any event: the body's name and id are what it tests. */
  private static final Predicate<CustomerIoEvent> ANY = event -> true;

  /**
   * One body and what must become of it.
   *
   * @param name what is odd about it; unique, usable as a test's display name
   * @param body the raw bytes, exactly as signed
   * @param parses whether it becomes a typed event; if not, it is quarantined
   * @param eventName the event's {@link CustomerIoEvent#name()} if it parses; otherwise the name
   *     {@code EventParser.readWhatCan} reads ({@code unknown} when none can be read)
   * @param eventId the event's id if it parses; otherwise the id {@code readWhatCan} reads, or
   *     {@code null} when none can be read (the quarantine then de-duplicates on the body's hash)
   * @param reason for a quarantined body, a fragment its quarantine reason contains; else {@code
   *     null}
   * @param fields for a body that parses, holds for the typed event (its documented fields)
   */
  public record OddBody(String name, byte[] body, boolean parses, String eventName,
      String eventId, String reason, Predicate<CustomerIoEvent> fields) {

    public OddBody {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(eventName, "eventName");
      Objects.requireNonNull(fields, "fields");
      if (parses == (reason != null)) {
        throw new IllegalArgumentException(name + ": a reason exactly when it is quarantined");
      }
    }

    /** The body as text, for a test that sends strings (broken UTF-8 comes out replaced). */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<OddBody> ALL = build();

  private OddBodies() {}

  /** Every body, the large ones included. */
  public static List<OddBody> all() {
    return ALL;
  }

  /** The bodies that parse into typed events. */
  public static List<OddBody> parsing() {
    return ALL.stream().filter(OddBody::parses).toList();
  }

  /** The bodies that are quarantined. */
  public static List<OddBody> quarantined() {
    return ALL.stream().filter(body -> !body.parses()).toList();
  }

  /** The body named {@code name}. */
  public static OddBody named(String name) {
    return ALL.stream().filter(body -> body.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no odd body named " + name));
  }

  // ------------------------------------------------------------------------------------ the list

  private static List<OddBody> build() {
    List<OddBody> list = new ArrayList<>();
    quirksOfTheSpec(list);
    timestamps(list);
    attributionAndFlags(list);
    hostileCharacters(list);
    shapes(list);
    broken(list);
    Set<String> names = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (OddBody body : list) {
      if (!names.add(body.name())) {
        throw new AssertionError("two odd bodies named " + body.name());
      }
      if (body.eventId() != null && !ids.add(body.eventId())) {
        throw new AssertionError("two odd bodies with the event_id " + body.eventId());
      }
    }
    return Collections.unmodifiableList(list);
  }

  /** What Customer.io's own OpenAPI spec shows. */
  private static void quirksOfTheSpec(List<OddBody> list) {
    list.add(parses("object_type_type instead of object_type (spec, preferences event)",
        "{\"event_id\":\"01ODD00000000000000TYPETYPE\",\"object_type_type\":\"customer\","
            + "\"metric\":\"cio_subscription_preferences_changed\",\"timestamp\":1613063089,"
            + "\"data\":{\"customer_id\":\"42\",\"email_address\":\"test@example.com\","
            + "\"identifiers\":{\"id\":\"42\"},"
            + "\"content\":\"{\\\"topics\\\":{\\\"topic_1\\\":true}}\"}}",
        "customer_subscription_preferences_changed", "01ODD00000000000000TYPETYPE",
        customer(e -> "customer".equals(e.objectType())
            && "test@example.com".equals(e.emailAddress())
            && "{\"topics\":{\"topic_1\":true}}".equals(e.content())
            && e.timestamp().equals(Optional.of(Instant.ofEpochSecond(1_613_063_089L))))));
    list.add(parses("object_type_type email on a preferences change from an email",
        "{\"event_id\":\"01ODD0000000000000TYPETYPE2\",\"object_type_type\":\"email\","
            + "\"metric\":\"cio_subscription_preferences_changed\",\"timestamp\":1613063089,"
            + "\"data\":{\"email_address\":\"test@example.com\",\"identifiers\":{\"id\":\"42\"},"
            + "\"delivery_id\":\"ZAIAAVTJVG0QcCok0-0ZKj6yiQ==\",\"campaign_id\":5}}",
        "customer_subscription_preferences_changed", "01ODD0000000000000TYPETYPE2",
        customer(e -> "email".equals(e.objectType())
            && "ZAIAAVTJVG0QcCok0-0ZKj6yiQ==".equals(e.deliveryId())
            && Long.valueOf(5).equals(e.attribution().campaignId()))));
    list.add(parses("preferences change with neither object_type nor object_type_type",
        "{\"event_id\":\"01ODD000000000000NOTYPEPREFS\","
            + "\"metric\":\"cio_subscription_preferences_changed\",\"timestamp\":1613063089,"
            + "\"data\":{\"customer_id\":\"42\",\"email_address\":null,"
            + "\"identifiers\":{\"id\":\"42\"}}}",
        "customer_subscription_preferences_changed", "01ODD000000000000NOTYPEPREFS",
        customer(e -> "customer".equals(e.objectType()) && e.emailAddress() == null
            && e.triggeringChannel().isEmpty())));
    list.add(parses("official email_sent example without its required subject",
        "{\"metric\":\"sent\",\"event_id\":\"01ODD0000000000000NOSUBJECT\",\"object_type\":"
            + "\"email\",\"timestamp\":1613063089,\"data\":{\"action_id\":42,\"broadcast_id\":9,"
            + "\"customer_id\":\"0200000001\",\"delivery_id\":\"RPILAgUBcRhIBqSfeiIwdIYJKxTY\","
            + "\"identifiers\":{\"id\":\"42\",\"email\":\"test@example.com\","
            + "\"cio_id\":\"d9c106000001\"},\"recipient\":\"test@example.com\"}}",
        "email_sent", "01ODD0000000000000NOSUBJECT",
        email(e -> e.subject() == null && "test@example.com".equals(e.recipient())
            && Long.valueOf(9).equals(e.attribution().broadcastId()))));
    list.add(parses("journey_id as a number (spec example)",
        event("01ODD00000000000000JOURNEY15", "email", "delivered",
            "{\"customer_id\":\"user-123\",\"delivery_id\":\"RPIyMTM6OjEyMzQ=\",\"action_id\":42,"
                + "\"campaign_id\":7,\"journey_id\":15,\"identifiers\":{\"id\":\"user-123\"}}"),
        "email_delivered", "01ODD00000000000000JOURNEY15",
        email(e -> "15".equals(e.attribution().journeyId())
            && Long.valueOf(7).equals(e.attribution().campaignId()))));
    list.add(parses("email unsubscribed with email_address and no recipient is a customer event",
        event("01ODD000000000000CUSTUNSUB1", "email", "unsubscribed",
            "{\"customer_id\":\"42\",\"email_address\":\"test@example.com\","
                + "\"identifiers\":{\"id\":\"42\"}}"),
        "customer_unsubscribed", "01ODD000000000000CUSTUNSUB1",
        customer(e -> "email".equals(e.objectType())
            && "test@example.com".equals(e.emailAddress()))));
  }

  private static void timestamps(List<OddBody> list) {
    list.add(parses("timestamp in milliseconds",
        envelope("01ODD000000000000TSMILLIS01", "1713484800123"), "email_delivered",
        "01ODD000000000000TSMILLIS01", at(1_713_484_800L)));
    list.add(parses("timestamp as a float",
        envelope("01ODD000000000000TSFLOAT001", "1713484800.75"), "email_delivered",
        "01ODD000000000000TSFLOAT001", at(1_713_484_800L)));
    list.add(parses("timestamp as a float with an exponent",
        envelope("01ODD000000000000TSEXPONENT", "1.7134848E9"), "email_delivered",
        "01ODD000000000000TSEXPONENT", at(1_713_484_800L)));
    list.add(parses("timestamp as a string of digits",
        envelope("01ODD000000000000TSSTRING01", "\"1713484800\""), "email_delivered",
        "01ODD000000000000TSSTRING01", at(1_713_484_800L)));
    list.add(parses("timestamp in milliseconds as a string",
        envelope("01ODD000000000000TSSTRMILLI", "\"1713484800123\""), "email_delivered",
        "01ODD000000000000TSSTRMILLI", at(1_713_484_800L)));
    list.add(parses("timestamp missing",
        "{\"event_id\":\"01ODD000000000000TSMISSING\",\"object_type\":\"email\","
            + "\"metric\":\"delivered\",\"data\":{\"recipient\":\"test@example.com\"}}",
        "email_delivered", "01ODD000000000000TSMISSING",
        email(e -> e.timestamp().isEmpty() && "test@example.com".equals(e.recipient()))));
    list.add(parses("timestamp null",
        envelope("01ODD0000000000000TSNULL01", "null"), "email_delivered",
        "01ODD0000000000000TSNULL01", event -> event.timestamp().isEmpty()));
    list.add(parses("timestamp that is not a number",
        envelope("01ODD000000000000TSNOTNUMB", "\"yesterday\""), "email_delivered",
        "01ODD000000000000TSNOTNUMB", event -> event.timestamp().isEmpty()));
  }

  private static void attributionAndFlags(List<OddBody> list) {
    list.add(parses("transactional_message_id as a name",
        event("01ODD00000000000TXNAMEDID01", "email", "delivered",
            "{\"transactional_message_id\":\"password_reset\","
                + "\"delivery_id\":\"RPILAgUBcRhIBqSfeiIwdIYJKxTY\","
                + "\"identifiers\":{\"id\":\"42\"},\"recipient\":\"test@example.com\","
                + "\"subject\":\"Reset your password\"}"),
        "email_delivered", "01ODD00000000000TXNAMEDID01",
        email(e -> "Reset your password".equals(e.subject())
            && "password_reset".equals(e.attribution().transactionalMessageName())
            && e.attribution().transactionalMessageId() == null
            && e.attribution().source() == Attribution.Source.TRANSACTIONAL)));
    list.add(parses("transactional_message_id as a string of digits",
        event("01ODD00000000000TXSTRINGID1", "push", "sent",
            "{\"transactional_message_id\":\"9\",\"delivery_id\":\"RPIyMTM6OjEyMzQ=\","
                + "\"identifiers\":{\"id\":\"42\"},"
                + "\"recipients\":[{\"device_id\":\"fcm-token-abc\"}]}"),
        "push_sent", "01ODD00000000000TXSTRINGID1",
        event -> event instanceof PushEvent push
            && Long.valueOf(9).equals(push.attribution().transactionalMessageId())
            && push.attribution().transactionalMessageName() == null
            && "fcm-token-abc".equals(push.recipients().get(0).deviceId())));
    list.add(parses("email_opened without the privacy flags",
        event("01ODD0000000000FLAGSABSENT1", "email", "opened",
            "{\"campaign_id\":5,\"delivery_id\":\"RPILAgUBcRhIBqSbvEZotk16z5A=\","
                + "\"identifiers\":{\"id\":\"42\"},\"recipient\":\"test@example.com\"}"),
        "email_opened", "01ODD0000000000FLAGSABSENT1",
        email(e -> e.proxied().isEmpty() && e.prefetched().isEmpty() && e.synthetic().isEmpty()
            && e.machine().isEmpty())));
    list.add(parses("email_opened with every privacy flag false",
        event("01ODD00000000000FLAGSFALSE1", "email", "opened",
            "{\"campaign_id\":5,\"delivery_id\":\"RPILAgUBcRhIBqSbvEZotk16z5A=\","
                + "\"identifiers\":{\"id\":\"42\"},\"recipient\":\"test@example.com\","
                + "\"proxied\":false,\"prefetched\":false,\"synthetic\":false}"),
        "email_opened", "01ODD00000000000FLAGSFALSE1",
        email(e -> e.proxied().equals(Optional.of(false))
            && e.prefetched().equals(Optional.of(false))
            && e.synthetic().equals(Optional.of(false)) && e.machine().isEmpty())));
    list.add(parses("email_clicked with machine true and flags as strings",
        event("01ODD0000000000FLAGSSTRING1", "email", "clicked",
            "{\"campaign_id\":5,\"delivery_id\":\"RPILAgUBcRhIBqSbvEZotk16z5A=\","
                + "\"identifiers\":{\"id\":\"42\"},\"recipient\":\"test@example.com\","
                + "\"subject\":\"Flash sale\",\"href\":\"https://docs.customer.io\","
                + "\"link_id\":\"1\",\"machine\":\"true\"}"),
        "email_clicked", "01ODD0000000000FLAGSSTRING1",
        email(e -> Long.valueOf(1).equals(e.linkId())
            && "https://docs.customer.io".equals(e.href())
            && e.machine().equals(Optional.of(true)))));
    list.add(parses("ids as numbers where the schema says string",
        event("01ODD0000000000IDSASNUMBERS", "sms", "delivered",
            "{\"campaign_id\":5,\"action_id\":98,\"delivery_id\":1234567,\"customer_id\":42,"
                + "\"identifiers\":{\"id\":42,\"cio_id\":123456},\"recipient\":15551234567}"),
        "sms_delivered", "01ODD0000000000IDSASNUMBERS",
        sms(e -> "1234567".equals(e.deliveryId()) && "42".equals(e.customerId())
            && "42".equals(e.identifiers().id()) && "123456".equals(e.identifiers().cioId())
            && "15551234567".equals(e.recipient()))));
    list.add(parses("ids as strings where the schema says integer",
        event("01ODD0000000000IDSASSTRINGS", "sms", "clicked",
            "{\"campaign_id\":\"5\",\"action_id\":\" 98 \",\"parent_action_id\":\"1\","
                + "\"delivery_id\":\"RPIyMTM6OjU2Nzg=\",\"identifiers\":{\"id\":\"42\"},"
                + "\"recipient\":\"+15551234567\",\"href\":\"https://example.com/x\","
                + "\"link_id\":\"2\"}"),
        "sms_clicked", "01ODD0000000000IDSASSTRINGS",
        sms(e -> Long.valueOf(5).equals(e.attribution().campaignId())
            && Long.valueOf(98).equals(e.attribution().actionId())
            && Long.valueOf(1).equals(e.attribution().parentActionId())
            && Long.valueOf(2).equals(e.linkId()))));
    list.add(parses("an id beyond a long reads as absent",
        event("01ODD000000000IDBEYONDLONG1", "sms", "sent",
            "{\"campaign_id\":99999999999999999999,\"identifiers\":{\"id\":\"42\"},"
                + "\"recipient\":\"+15551234567\"}"),
        "sms_sent", "01ODD000000000IDBEYONDLONG1",
        sms(e -> e.attribution().campaignId() == null
            && e.dataJson().contains("99999999999999999999"))));
  }

  /** NUL and lone surrogates, as JSON escapes, in the fields the inbox keeps as columns. */
  private static void hostileCharacters(List<OddBody> list) {
    list.add(parses("NUL in event_id",
        event("01ODD0000000000NULEVENTID\\u0000x", "email", "delivered",
            "{\"identifiers\":{\"id\":\"42\"},\"recipient\":\"test@example.com\"}"),
        "email_delivered", "01ODD0000000000NULEVENTID\u0000x",
        email(e -> "test@example.com".equals(e.recipient()))));
    list.add(parses("NUL in identifiers.id",
        event("01ODD0000000000NULIDENTIFIER", "email", "delivered",
            "{\"identifiers\":{\"id\":\"4\\u00002\"},\"recipient\":\"test@example.com\"}"),
        "email_delivered", "01ODD0000000000NULIDENTIFIER",
        email(e -> "4\u00002".equals(e.identifiers().id()))));
    list.add(parses("NUL in delivery_id",
        event("01ODD0000000000NULDELIVERYID", "email", "delivered",
            "{\"identifiers\":{\"id\":\"42\"},\"delivery_id\":\"RPIL\\u0000AgU=\"}"),
        "email_delivered", "01ODD0000000000NULDELIVERYID",
        email(e -> "RPIL\u0000AgU=".equals(e.deliveryId()))));
    list.add(parses("NUL in subject",
        event("01ODD00000000000NULSUBJECT1", "email", "delivered",
            "{\"identifiers\":{\"id\":\"42\"},\"subject\":\"Hello\\u0000world\"}"),
        "email_delivered", "01ODD00000000000NULSUBJECT1",
        email(e -> "Hello\u0000world".equals(e.subject()))));
    list.add(parses("lone surrogate in event_id",
        event("01ODD000000000SURROGATEID\\ud800x", "email", "delivered",
            "{\"identifiers\":{\"id\":\"42\"},\"recipient\":\"test@example.com\"}"),
        "email_delivered", "01ODD000000000SURROGATEID\ud800x",
        email(e -> "test@example.com".equals(e.recipient()))));
    list.add(parses("lone surrogate in identifiers.id",
        event("01ODD00000000SURROGATEIDENT", "email", "delivered",
            "{\"identifiers\":{\"id\":\"4\\ud8002\"},\"recipient\":\"test@example.com\"}"),
        "email_delivered", "01ODD00000000SURROGATEIDENT",
        email(e -> "4\ud8002".equals(e.identifiers().id()))));
    list.add(parses("lone surrogate in delivery_id",
        event("01ODD000000SURROGATEDELIVERY", "email", "delivered",
            "{\"identifiers\":{\"id\":\"42\"},\"delivery_id\":\"RPIL\\udc00AgU=\"}"),
        "email_delivered", "01ODD000000SURROGATEDELIVERY",
        email(e -> "RPIL\udc00AgU=".equals(e.deliveryId()))));
    list.add(parses("lone surrogate in subject",
        event("01ODD0000000SURROGATESUBJECT", "email", "delivered",
            "{\"identifiers\":{\"id\":\"42\"},\"subject\":\"Hello \\ud800 world\"}"),
        "email_delivered", "01ODD0000000SURROGATESUBJECT",
        email(e -> "Hello \ud800 world".equals(e.subject()))));
    list.add(parses("emoji as an escaped surrogate pair and raw UTF-8",
        event("01ODD00000000000EMOJISUBJECT", "email", "delivered",
            "{\"identifiers\":{\"id\":\"42\"},"
                + "\"subject\":\"\\uD83D\\uDE00 caf\u00e9 \uD83C\uDF89\"}"),
        "email_delivered", "01ODD00000000000EMOJISUBJECT",
        email(e -> "\uD83D\uDE00 caf\u00e9 \uD83C\uDF89".equals(e.subject()))));
  }

  /** Shapes that are odd but still an event. */
  private static void shapes(List<OddBody> list) {
    list.add(parses("null fields",
        event("01ODD0000000000000NULLFIELDS", "email", "bounced",
            "{\"campaign_id\":null,\"delivery_id\":null,\"identifiers\":null,\"recipient\":null,"
                + "\"subject\":null,\"failure_message\":null,\"customer_id\":null}"),
        "email_bounced", "01ODD0000000000000NULLFIELDS",
        email(e -> e.attribution().campaignId() == null && e.deliveryId() == null
            && e.identifiers().id() == null && e.recipient() == null && e.subject() == null
            && e.failureMessage() == null && e.customerId() == null)));
    list.add(parses("empty data",
        event("01ODD0000000000000EMPTYDATA1", "sms", "failed", "{}"),
        "sms_failed", "01ODD0000000000000EMPTYDATA1",
        sms(e -> "{}".equals(e.dataJson()) && e.failureMessage() == null)));
    list.add(parses("data null",
        event("01ODD00000000000000DATANULL", "sms", "failed", "null"),
        "sms_failed", "01ODD00000000000000DATANULL", sms(e -> "{}".equals(e.dataJson()))));
    list.add(parses("data missing",
        "{\"event_id\":\"01ODD0000000000000NODATA001\",\"object_type\":\"sms\","
            + "\"metric\":\"failed\",\"timestamp\":1713484800}",
        "sms_failed", "01ODD0000000000000NODATA001", sms(e -> "{}".equals(e.dataJson()))));
    list.add(parses("data an array",
        event("01ODD0000000000000DATAARRAY1", "sms", "failed", "[{\"failure_message\":\"x\"}]"),
        "sms_failed", "01ODD0000000000000DATAARRAY1", sms(e -> e.failureMessage() == null)));
    list.add(parses("unknown object_type and metric",
        event("01ODD000000000000UNKNOWNPAIR", "carrier_pigeon", "landed",
            "{\"identifiers\":{\"id\":\"42\"},\"loft\":\"north\"}"),
        "carrier_pigeon_landed", "01ODD000000000000UNKNOWNPAIR",
        event -> event instanceof UnknownEvent unknown
            && "42".equals(unknown.identifiers().id())
            && unknown.dataJson().contains("\"loft\":\"north\"")));
    list.add(parses("unknown metric of a known channel",
        event("01ODD00000000000UNKNOWNMETRIC", "email", "amp_rendered",
            "{\"identifiers\":{\"id\":\"42\"}}"),
        "email_amp_rendered", "01ODD00000000000UNKNOWNMETRIC",
        event -> event instanceof UnknownEvent));
    list.add(parses("unknown fields at the top level and in data",
        "{\"event_id\":\"01ODD0000000000EXTRAFIELDS1\",\"object_type\":\"email\","
            + "\"metric\":\"sent\",\"timestamp\":1713484800,\"api_version\":2,"
            + "\"workspace\":{\"id\":7,\"region\":[\"eu\"]},\"data\":{\"identifiers\":{\"id\":"
            + "\"42\",\"phone\":\"+1555\"},\"recipient\":\"test@example.com\","
            + "\"brand_new\":{\"nested\":[1,2,3]}},\"trailer\":null}",
        "email_sent", "01ODD0000000000EXTRAFIELDS1",
        email(e -> "test@example.com".equals(e.recipient())
            && e.dataJson().contains("\"brand_new\":{\"nested\":[1,2,3]}"))));
    list.add(parses("fields in an unusual order, data first",
        "{\"data\":{\"identifiers\":{\"id\":\"42\"},\"recipient\":\"+15551234567\"},"
            + "\"timestamp\":1713484800,\"metric\":\"sent\",\"object_type\":\"sms\","
            + "\"event_id\":\"01ODD000000000000DATAFIRST1\"}",
        "sms_sent", "01ODD000000000000DATAFIRST1",
        sms(e -> "+15551234567".equals(e.recipient()))));
    list.add(parses("event_id as a number",
        "{\"event_id\":1713484800123456,\"object_type\":\"email\",\"metric\":\"delivered\","
            + "\"timestamp\":1713484800,\"data\":{}}",
        "email_delivered", "1713484800123456", at(1_713_484_800L)));
    OddBody bom = parses("UTF-8 byte-order mark at the start",
        event("01ODD000000000000000BOMSTART", "email", "delivered",
            "{\"recipient\":\"test@example.com\"}"),
        "email_delivered", "01ODD000000000000000BOMSTART",
        email(e -> "{\"recipient\":\"test@example.com\"}".equals(e.dataJson())));
    list.add(withBody(bom, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bom.body())));
    list.add(parses("pretty-printed with CRLF and tabs, trailing newline",
        "{\r\n\t\"event_id\" : \"01ODD00000000000PRETTYPRINT\",\r\n\t\"object_type\" : \"sms\","
            + "\r\n\t\"metric\" : \"replied\",\r\n\t\"timestamp\" : 1713485402,\r\n\t\"data\" : "
            + "{\r\n\t\t\"inbound_event_id\" : \"01HZX3T4INBOUND0000000000\",\r\n\t\t\"to\" : "
            + "\"+15557654321\"\r\n\t}\r\n}\r\n\r\n",
        "sms_replied", "01ODD00000000000PRETTYPRINT",
        sms(e -> "01HZX3T4INBOUND0000000000".equals(e.inboundEventId())
            && "+15557654321".equals(e.to()))));
    list.add(parses("a very long field name in data (1,000 characters)",
        event("01ODD000000000LONGFIELDNAME", "email", "sent",
            "{\"" + "n".repeat(1_000) + "\":1,\"recipient\":\"test@example.com\"}"),
        "email_sent", "01ODD000000000LONGFIELDNAME",
        email(e -> "test@example.com".equals(e.recipient()))));
    list.add(parses("blank customer_id of a deleted person",
        event("01ODD00000000DELETEDCUSTOMER", "customer", "unsubscribed",
            "{\"customer_id\":\"\",\"email_address\":\"gone@example.com\","
                + "\"identifiers\":{\"id\":null,\"email\":\"gone@example.com\"}}"),
        "customer_unsubscribed", "01ODD00000000DELETEDCUSTOMER",
        customer(e -> "".equals(e.customerId()) && e.identifiers().id() == null
            && "gone@example.com".equals(e.identifiers().email()))));
    list.add(parses("headers with null and scalar values",
        event("01ODD00000000000ODDHEADERS1", "email", "sent",
            "{\"recipient\":\"test@example.com\",\"headers\":{\"X-One\":[\"a\",null,\"b\"],"
                + "\"X-Two\":\"single\",\"X-Three\":null}}"),
        "email_sent", "01ODD00000000000ODDHEADERS1",
        email(e -> List.of("a", "b").equals(e.headers().get("X-One"))
            && List.of("single").equals(e.headers().get("X-Two")))));
    list.add(parses("email_sent with 4.5 MiB content in a body under 5 MiB",
        hugeContentBody(), "email_sent", "01ODD00000000000HUGECONTENT",
        email(e -> e.content() != null && e.content().length() == HUGE_CONTENT_LENGTH)));
  }

  /** Bodies that cannot become a typed event: quarantined with a reason. */
  private static void broken(List<OddBody> list) {
    list.add(quarantined("malformed JSON, cut off",
        "{\"event_id\":\"01ODD00000000000CUTOFFJSON1\",\"object_type\":\"email\","
            + "\"metric\":\"sent\",\"timestamp\":1713484800,\"data\":{\"recipient\":\"te",
        "email_sent", "01ODD00000000000CUTOFFJSON1", "malformed JSON"));
    list.add(quarantined("malformed JSON, a missing comma",
        "{\"event_id\":\"01ODD0000000000MISSINGCOMMA\" \"object_type\":\"email\"}",
        "unknown", "01ODD0000000000MISSINGCOMMA", "malformed JSON"));
    list.add(quarantined("malformed JSON, single quotes",
        "{'event_id':'01ODD0000000000SINGLEQUOTE1','object_type':'email','metric':'sent'}",
        "unknown", null, "malformed JSON"));
    list.add(quarantined("top-level array",
        "[{\"event_id\":\"01ODD00000000000TOPARRAY01\",\"object_type\":\"email\","
            + "\"metric\":\"sent\",\"timestamp\":1713484800,\"data\":{}}]",
        "unknown", null, "not a JSON object"));
    list.add(quarantined("top-level string", "\"email_sent\"", "unknown", null,
        "not a JSON object"));
    list.add(quarantined("top-level null", "null", "unknown", null, "not a JSON object"));
    list.add(quarantined("duplicate keys inside data",
        event("01ODD00000000DUPLICATEINDATA", "email", "sent",
            "{\"recipient\":\"a@example.com\",\"recipient\":\"b@example.com\"}"),
        "email_sent", "01ODD00000000DUPLICATEINDATA", "duplicate key"));
    list.add(quarantined("two event_ids",
        "{\"event_id\":\"01ODD0000000000TWOEVENTIDS1\",\"object_type\":\"email\","
            + "\"metric\":\"sent\",\"event_id\":\"01ODD0000000000TWOEVENTIDS2\",\"data\":{}}",
        "email_sent", null, "duplicate key"));
    list.add(quarantined("NaN in data",
        event("01ODD000000000000000NANDATA", "email", "clicked",
            "{\"recipient\":\"test@example.com\",\"link_id\":NaN}"),
        "email_clicked", "01ODD000000000000000NANDATA", "NaN"));
    list.add(quarantined("UTF-16 body",
        event("01ODD00000000000000UTF16BODY", "email", "sent", "{}")
            .getBytes(StandardCharsets.UTF_16LE),
        "email_sent", "01ODD00000000000000UTF16BODY", "not UTF-8"));
    list.add(quarantined("Latin-1 byte in a string",
        concat(("{\"event_id\":\"01ODD000000000000LATIN1BYTE\",\"object_type\":\"email\","
            + "\"metric\":\"sent\",\"timestamp\":1713484800,\"data\":{\"subject\":\"caf")
            .getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xE9},
            "\"}}".getBytes(StandardCharsets.US_ASCII)),
        "email_sent", "01ODD000000000000LATIN1BYTE", "not UTF-8"));
    list.add(quarantined("invalid UTF-8 in event_id",
        concat("{\"event_id\":\"01ODD0000000000BADUTF8ID".getBytes(StandardCharsets.US_ASCII),
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            ("\",\"object_type\":\"email\",\"metric\":\"sent\",\"data\":{}}")
                .getBytes(StandardCharsets.US_ASCII)),
        "unknown", null, "not UTF-8"));
    list.add(quarantined("a surrogate encoded in UTF-8 (CESU) in a skipped field",
        concat(("{\"event_id\":\"01ODD000000000000CESUSKIPPED\",\"object_type\":\"email\","
            + "\"metric\":\"sent\",\"ignored\":\"").getBytes(StandardCharsets.US_ASCII),
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            "\",\"data\":{}}".getBytes(StandardCharsets.US_ASCII)),
        "email_sent", "01ODD000000000000CESUSKIPPED", "not UTF-8"));
    list.add(quarantined("an overlong UTF-8 encoding in data",
        concat(("{\"event_id\":\"01ODD000000000000OVERLONG01\",\"object_type\":\"email\","
            + "\"metric\":\"sent\",\"data\":{\"subject\":\"a").getBytes(StandardCharsets.US_ASCII),
            new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}}".getBytes(StandardCharsets.US_ASCII)),
        "email_sent", "01ODD000000000000OVERLONG01", "not UTF-8"));
    list.add(quarantined("nesting deeper than the limit inside data",
        event("01ODD0000000000DEEPNESTING1", "email", "sent",
            "{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}"),
        "email_sent", "01ODD0000000000DEEPNESTING1", "nesting"));
    list.add(quarantined("nesting 10,000 levels deep outside data",
        "{\"event_id\":\"01ODD0000000000DEEPNESTING2\",\"object_type\":\"email\","
            + "\"metric\":\"sent\",\"skipped\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}",
        "email_sent", "01ODD0000000000DEEPNESTING2", "nesting"));
    list.add(quarantined("legacy event_type format",
        "{\"data\":{\"campaign_id\":\"1000\",\"campaign_name\":\"Welcome\",\"customer_id\":\"42\","
            + "\"email_address\":\"test@example.com\","
            + "\"email_id\":\"RPILAgUBcRhIBqSfeiIwdIYJKxTY\","
            + "\"subject\":\"Welcome aboard\",\"template_id\":\"2000\"},"
            + "\"event_id\":\"01ODD000000000LEGACYEVENT1\",\"event_type\":\"email_delivered\","
            + "\"timestamp\":1500000000}",
        "email_delivered", "01ODD000000000LEGACYEVENT1", "event_type"));
    list.add(quarantined("missing event_id",
        "{\"object_type\":\"email\",\"metric\":\"sent\",\"timestamp\":1713484800,"
            + "\"data\":{\"delivery_id\":\"missing-event-id\"}}",
        "email_sent", null, "missing event_id"));
    list.add(quarantined("event_id an empty string",
        "{\"event_id\":\"\",\"object_type\":\"email\",\"metric\":\"sent\",\"data\":{}}",
        "email_sent", null, "missing event_id"));
    list.add(quarantined("event_id an object",
        "{\"event_id\":{\"id\":\"01ODD0000000000IDANOBJECT1\"},\"object_type\":\"sms\","
            + "\"metric\":\"sent\",\"data\":{}}",
        "sms_sent", null, "missing event_id"));
    list.add(quarantined("missing object_type",
        "{\"event_id\":\"01ODD000000000NOOBJECTTYPE\",\"metric\":\"sent\",\"data\":{}}",
        "unknown", "01ODD000000000NOOBJECTTYPE", "missing object_type"));
    list.add(quarantined("missing metric",
        "{\"event_id\":\"01ODD00000000000000NOMETRIC\",\"object_type\":\"email\",\"data\":{}}",
        "unknown", "01ODD00000000000000NOMETRIC", "missing metric"));
    list.add(quarantined("event_id longer than 256 characters",
        "{\"event_id\":\"" + "L".repeat(300) + "\",\"object_type\":\"email\","
            + "\"metric\":\"sent\",\"data\":{}}",
        "email_sent", null, "event_id longer than 256"));
    list.add(quarantined("trailing garbage after the object",
        event("01ODD0000000000TRAILINGJUNK", "email", "sent", "{}") + " }garbage",
        "email_sent", "01ODD0000000000TRAILINGJUNK", "after the JSON object"));
    list.add(quarantined("two objects one after the other",
        event("01ODD00000000000TWOOBJECTS1", "email", "sent", "{}")
            + event("01ODD00000000000TWOOBJECTS2", "email", "sent", "{}"),
        "email_sent", "01ODD00000000000TWOOBJECTS1", "after the JSON object"));
    list.add(quarantined("empty body", "", "unknown", null, "empty"));
    list.add(quarantined("whitespace-only body", " \r\n\t ", "unknown", null, "empty"));
    list.add(quarantined("a number longer than the limit",
        event("01ODD0000000000LONGNUMBER01", "email", "sent", "{\"x\":" + "9".repeat(41) + "}"),
        "email_sent", "01ODD0000000000LONGNUMBER01", "number"));
    list.add(quarantined("a lone surrogate in a field name",
        event("01ODD00000SURROGATEFIELDNAME", "email", "sent",
            "{\"headers\":{\"X-\\ud800\":[\"v\"]}}"),
        "email_sent", "01ODD00000SURROGATEFIELDNAME", "malformed JSON"));
    list.add(quarantined("a field name longer than the limit",
        event("01ODD000000000LONGFIELDNAME2", "email", "sent",
            "{\"" + "n".repeat(1_025) + "\":1}"),
        "email_sent", "01ODD000000000LONGFIELDNAME2", "field name"));
  }

  // ------------------------------------------------------------------------------------ helpers

  private static OddBody parses(String name, String body, String eventName, String eventId,
      Predicate<CustomerIoEvent> fields) {
    return new OddBody(name, body.getBytes(StandardCharsets.UTF_8), true, eventName, eventId,
        null, fields);
  }

  private static OddBody quarantined(String name, String body, String eventName, String eventId,
      String reason) {
    return quarantined(name, body.getBytes(StandardCharsets.UTF_8), eventName, eventId, reason);
  }

  private static OddBody quarantined(String name, byte[] body, String eventName, String eventId,
      String reason) {
    return new OddBody(name, body, false, eventName, eventId, reason, ANY);
  }

  private static OddBody withBody(OddBody odd, byte[] body) {
    return new OddBody(odd.name(), body, odd.parses(), odd.eventName(), odd.eventId(),
        odd.reason(), odd.fields());
  }

  /** An event with the timestamp 1713484800; {@code eventId} is JSON string content. */
  private static String event(String eventId, String objectType, String metric, String data) {
    return "{\"event_id\":\"" + eventId + "\",\"object_type\":\"" + objectType
        + "\",\"metric\":\"" + metric + "\",\"timestamp\":1713484800,\"data\":" + data + "}";
  }

  /** An {@code email_delivered} with {@code timestamp} as given (raw JSON). */
  private static String envelope(String eventId, String timestamp) {
    return "{\"event_id\":\"" + eventId + "\",\"object_type\":\"email\",\"metric\":\"delivered\","
        + "\"timestamp\":" + timestamp + ",\"data\":{\"identifiers\":{\"id\":\"42\"},"
        + "\"recipient\":\"test@example.com\"}}";
  }

  /** Generated, not stored: 4.5 MiB of HTML in {@code content}, the whole body under 5 MiB. */
  private static String hugeContentBody() {
    String html = "<p>Hello!</p>";
    StringBuilder content = new StringBuilder(HUGE_CONTENT_LENGTH);
    while (content.length() + html.length() <= HUGE_CONTENT_LENGTH) {
      content.append(html);
    }
    content.append("x".repeat(HUGE_CONTENT_LENGTH - content.length()));
    String body = event("01ODD00000000000HUGECONTENT", "email", "sent",
        "{\"identifiers\":{\"id\":\"42\"},\"recipient\":\"test@example.com\","
            + "\"subject\":\"Your receipt\",\"content\":\"" + content + "\"}");
    if (body.length() >= BODY_LIMIT) {
      throw new AssertionError("the huge body must fit under the body limit");
    }
    return body;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static Predicate<CustomerIoEvent> at(long epochSecond) {
    return event -> event.timestamp().equals(Optional.of(Instant.ofEpochSecond(epochSecond)));
  }

  private static Predicate<CustomerIoEvent> email(Predicate<EmailEvent> fields) {
    return event -> event instanceof EmailEvent email && fields.test(email);
  }

  private static Predicate<CustomerIoEvent> sms(Predicate<SmsEvent> fields) {
    return event -> event instanceof SmsEvent sms && fields.test(sms);
  }

  private static Predicate<CustomerIoEvent> customer(Predicate<CustomerEvent> fields) {
    return event -> event instanceof CustomerEvent customer && fields.test(customer);
  }
}
