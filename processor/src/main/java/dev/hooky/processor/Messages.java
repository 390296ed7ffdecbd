package dev.hooky.processor;

import dev.hooky.customerio.Channel;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every diagnostic the processor prints. Each states the rule, names the offender and says the fix;
 * the tag in brackets is stable, for searching and for tests.
 */
final class Messages {
  private Messages() {}

  static final String PREFIX = "[OnCustomerIoEvent:";

  static final String CHANNELS =
      Arrays.stream(Channel.values()).map(Channel::objectType).collect(Collectors.joining(", "));

  static String emptyValue() {
    return PREFIX + "EmptyValue] @OnCustomerIoEvent needs at least one event: name one, e.g."
        + " @OnCustomerIoEvent(\"sms_delivered\"), a channel wildcard such as \"email_*\", or \"*\"";
  }

  static String blankName() {
    return PREFIX + "BlankName] @OnCustomerIoEvent event names must not be blank: name an event,"
        + " e.g. \"sms_delivered\", a channel wildcard such as \"email_*\", or \"*\"";
  }

  static String unknownEvent(String name, String suggestion) {
    return PREFIX + "UnknownEvent] \"" + name + "\" is not a Customer.io event; did you mean \""
        + suggestion + "\"?";
  }

  static String unknownEventNoSuggestion(String name) {
    return PREFIX + "UnknownEvent] \"" + name + "\" is not a Customer.io event. Event names are"
        + " <channel>_<metric>, e.g. \"sms_delivered\", with a channel among: " + CHANNELS
        + " (CustomerIoEventType lists them all)";
  }

  static String preferencesMetricAsName(String name, String eventName) {
    return PREFIX + "UnknownEvent] \"" + name + "\" is the payload's metric, not the event name;"
        + " did you mean \"" + eventName + "\"?";
  }

  static String malformedWildcard(String value) {
    return PREFIX + "MalformedWildcard] \"" + value + "\" is not a supported wildcard: only \"*\""
        + " (every event) and \"<channel>_*\" (every event of a channel, e.g. \"email_*\") are";
  }

  static String unknownChannel(String value, String channel, String suggestion) {
    String fix = suggestion != null ? "did you mean \"" + suggestion + "_*\"? " : "";
    return PREFIX + "UnknownChannel] \"" + value + "\" names no Customer.io channel \"" + channel
        + "\"; " + fix + "channels are: " + CHANNELS;
  }

  static String duplicate(String value) {
    return PREFIX + "Duplicate] \"" + value + "\" is named twice in this @OnCustomerIoEvent;"
        + " remove one";
  }

  static String redundant(String value, String coveredBy) {
    return PREFIX + "Duplicate] \"" + value + "\" is already matched by \"" + coveredBy
        + "\" in this @OnCustomerIoEvent; remove \"" + value + "\"";
  }

  static String eventTypeMismatch(
      String method, String parameterType, List<String> events, String arrivesAs, String fits) {
    return PREFIX + "EventType] " + method + " cannot receive every event it handles: "
        + describe(events) + " arrive" + (events.size() == 1 ? "s" : "") + " as " + arrivesAs
        + ", not " + parameterType + ". Declare the parameter as " + fits
        + ", or move those events to another method";
  }

  static String missingEventParameter(String method) {
    return PREFIX + "Parameters] " + method + " has no event parameter: @OnCustomerIoEvent methods"
        + " take one event (e.g. SmsEvent, or CustomerIoEvent for any) and optionally a Delivery";
  }

  static String secondEventParameter(String method, String parameter) {
    return PREFIX + "Parameters] " + method + " takes a second event parameter \"" + parameter
        + "\": @OnCustomerIoEvent methods take exactly one event and optionally a Delivery";
  }

  static String secondDeliveryParameter(String method, String parameter) {
    return PREFIX + "Parameters] " + method + " takes a second Delivery parameter \"" + parameter
        + "\": @OnCustomerIoEvent methods take exactly one event and optionally one Delivery";
  }

  static String unsupportedParameter(String method, String parameter, String type) {
    return PREFIX + "Parameters] parameter \"" + parameter + "\" of " + method + " has type "
        + type + ", which Hooky cannot supply: @OnCustomerIoEvent methods take one event"
        + " (CustomerIoEvent or a subtype) and optionally a dev.hooky.Delivery";
  }

  static String unsupportedReturnType(String method, String type) {
    return PREFIX + "ReturnType] " + method + " returns " + type + ": @OnCustomerIoEvent methods"
        + " return void, or a CompletionStage for an asynchronous handler";
  }

  static String unsupportedThrows(String method, String type) {
    return PREFIX + "Throws] " + method + " declares throws " + type + ": @OnCustomerIoEvent"
        + " methods may throw Exception and its subtypes only";
  }

  static String modifier(String method, String modifier) {
    String why = modifier.equals("private")
        ? "the generated router must call it"
        : "the router calls it on the handler instance";
    return PREFIX + "Modifiers] " + method + " must not be " + modifier + ": " + why
        + "; remove \"" + modifier + "\"";
  }

  static String generic(String method) {
    return PREFIX + "Generic] " + method + " must not declare type parameters: the router calls it"
        + " with a concrete event type; remove them";
  }

  static String notInClass(String method, String kind) {
    return PREFIX + "HandlerClass] " + method + " is declared in an " + kind
        + ": @OnCustomerIoEvent methods belong to a class, record or enum whose instance you pass"
        + " to Hooky";
  }

  static String privateClass(String type) {
    return PREFIX + "HandlerClass] " + type + " is private, so the generated router in its package"
        + " cannot call its @OnCustomerIoEvent methods; make it package-private or public";
  }

  static String localClass(String kind) {
    String article = kind.startsWith("a") ? "an " : "a ";
    return PREFIX + "HandlerClass] @OnCustomerIoEvent methods must not be declared in " + article
        + kind + " class: no generated router can name it. Move the methods to a top-level or member"
        + " class";
  }

  static String crash(String type, String stackTrace) {
    return PREFIX + "Crash] hooky-processor failed while processing " + type + ". This is a bug"
        + " in Hooky: please report it to the Hooky maintainers with this message.\n" + stackTrace;
  }

  static String couldNotWrite(String router, String reason) {
    return PREFIX + "CouldNotWrite] could not write " + router + ": " + reason
        + ". If it is left over from an earlier build, run a clean build";
  }

  private static String describe(List<String> events) {
    if (events.size() <= 3) {
      return String.join(", ", events);
    }
    return String.join(", ", events.subList(0, 3)) + " and " + (events.size() - 3) + " more";
  }
}
