package dev.hooky.runtime.http;

import dev.hooky.runtime.verify.Verification;
import java.time.Instant;

/**
 * A webhook request Hooky answered with a 4xx, with what is needed to understand why.
 *
 * @param at when it arrived
 * @param status the status it was answered with
 * @param reason the reason, as sent in the body
 * @param remoteAddress the client's address
 * @param bodyLength how many body bytes were read (-1 when the body was not read)
 * @param bodySha256 the hex SHA-256 of the body, to compare with what the sender signed, or
 *     {@code null} when the body was not read
 * @param verification the signature check, or {@code null} when the request did not get that far
 */
public record Rejection(Instant at, int status, String reason, String remoteAddress,
    int bodyLength, String bodySha256, Verification verification) {}
