package dev.hooky.customerio.event;

/**
 * What sent a message: the ids Customer.io puts in {@code data} for a campaign, a broadcast (API
 * triggered or not), a newsletter or a transactional message. Any id may be {@code null}; Customer.io
 * sends ids as numbers or as strings, and both are read into the same {@code Long}.
 *
 * <p>Customer.io's API sends a transactional message by its numeric id or by its name, and its
 * spec gives {@code transactional_message_id} no type: it may arrive as a number, a string of
 * digits, or a name such as {@code password_reset}. The first two are {@link
 * #transactionalMessageId()}, a name is {@link #transactionalMessageName()}; a parsed event has at
 * most one of them.
 *
 * @param campaignId {@code campaign_id}
 * @param broadcastId {@code broadcast_id}
 * @param triggerId {@code trigger_id}: the trigger of an API triggered broadcast
 * @param newsletterId {@code newsletter_id}
 * @param contentId {@code content_id}: the newsletter variant
 * @param transactionalMessageId {@code transactional_message_id} when it is a number or a string
 *     of digits (email and push only)
 * @param transactionalMessageName {@code transactional_message_id} when it is text that is not a
 *     number: the name the message was sent by, as sent (email and push only)
 * @param actionId {@code action_id}: the workflow action that sent the message
 * @param parentActionId {@code parent_action_id}: the action's parent, e.g. a random split
 * @param journeyId {@code journey_id}: the path the person took through the workflow
 * @param triggerEventId {@code trigger_event_id}: the event that triggered the campaign
 */
public record Attribution(
    Long campaignId,
    Long broadcastId,
    Long triggerId,
    Long newsletterId,
    Long contentId,
    Long transactionalMessageId,
    String transactionalMessageName,
    Long actionId,
    Long parentActionId,
    String journeyId,
    String triggerEventId) {

  /** No attribution: the payload carried none of these ids. */
  public static final Attribution NONE =
      new Attribution(null, null, null, null, null, null, null, null, null, null, null);

  /** The kind of thing that sent the message. */
  public enum Source {
    CAMPAIGN,
    /** A broadcast; {@link Attribution#triggerId()} is set when it was triggered through the API. */
    BROADCAST,
    NEWSLETTER,
    TRANSACTIONAL,
    /** None of the ids that tell is present. */
    UNKNOWN
  }

  /** The kind of thing that sent the message, judged by which ids are present. */
  public Source source() {
    if (campaignId != null) {
      return Source.CAMPAIGN;
    }
    if (broadcastId != null || triggerId != null) {
      return Source.BROADCAST;
    }
    if (newsletterId != null) {
      return Source.NEWSLETTER;
    }
    if (transactionalMessageId != null || transactionalMessageName != null) {
      return Source.TRANSACTIONAL;
    }
    return Source.UNKNOWN;
  }
}
