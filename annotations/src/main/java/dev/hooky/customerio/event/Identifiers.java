package dev.hooky.customerio.event;

/**
 * The identifiers of the person an event is about ({@code data.identifiers}). In a workspace with
 * several identifiers {@code id} or {@code email} may be {@code null}; {@code cioId} is present
 * only there.
 *
 * @param id the person's id, or {@code null}
 * @param email the person's email address, or {@code null}
 * @param cioId Customer.io's canonical identifier ({@code cio_id}), or {@code null}
 */
public record Identifiers(String id, String email, String cioId) {
  /** No identifiers: the payload had no {@code identifiers} object. */
  public static final Identifiers NONE = new Identifiers(null, null, null);
}
