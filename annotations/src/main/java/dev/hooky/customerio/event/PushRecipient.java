package dev.hooky.customerio.event;

/**
 * One device a push notification went to (an element of {@code data.recipients}).
 *
 * @param deviceId the device token ({@code device_id})
 * @param devicePlatform {@code ios} or {@code android} ({@code device_platform}), or {@code null}
 * @param failureMessage why the push to this device failed ({@code failure_message}), or {@code null}
 */
public record PushRecipient(String deviceId, String devicePlatform, String failureMessage) {}
