package dev.hooky.runtime.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty itself raises (a malformed HTTP request, an unexpected failure) with the
 * status and its reason phrase in plain text: never an HTML page naming an exception.
 */
public final class PlainErrorHandler extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus()
        : HttpStatus.INTERNAL_SERVER_ERROR_500;
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    String reason = HttpStatus.getMessage(status).toLowerCase(Locale.ROOT);
    response.write(true,
        ByteBuffer.wrap((reason + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
