package dev.hooky.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.hooky.processor.Compilations.compile;
import static dev.hooky.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.hooky.Delivery;
import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.CustomerIoHandler;
import dev.hooky.customerio.CustomerIoRouter;
import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.PushEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.customerio.event.UnknownEvent;
import java.lang.reflect.InvocationTargetException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compiles handler classes with the processor, loads the generated routers and routes real events
 * through them: the right methods run, in source order, with the right arguments.
 */
class GeneratedRouterEndToEndTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Optional<Instant> HAPPENED = Optional.of(NOW);

  private CompiledClassLoader loader;
  private Object recording;
  private CustomerIoRouter router;

  @BeforeEach
  void compileAndLoad() throws Exception {
    Compilation compilation = compile(
        source("e2e/RecordingHandlers.java"), source("e2e/CatchAllHandlers.java"));
    assertThat(compilation).succeededWithoutWarnings();
    loader = new CompiledClassLoader(compilation);
    recording = newHandler("com.example.e2e.RecordingHandlers");
    router = routerFor(recording);
  }

  @Test
  void anEventReachesEveryMatchingMethodInSourceOrder() {
    SmsEvent delivered = sms(CustomerIoEventType.SMS_DELIVERED, "e1", "+15551234567");

    CompletionStage<Void> routed = router.route(delivered, delivery("e1", 1));

    assertThat(routed.toCompletableFuture().isDone()).isTrue();
    assertThat(calls()).containsExactly("smsDelivered:e1:+15551234567", "anyMessage:e1").inOrder();
    assertThat(names(router.handlersFor(delivered))).containsExactly(
        "RecordingHandlers.smsDelivered(SmsEvent)", "RecordingHandlers.anyMessage(MessageEvent)")
        .inOrder();
  }

  @Test
  void anAsynchronousMethodFinishesBeforeTheNextOneStarts() throws Exception {
    CompletableFuture<Void> bounce = new CompletableFuture<>();
    recording.getClass().getField("pendingBounce").set(recording, bounce);

    CompletionStage<Void> routed =
        router.route(email(CustomerIoEventType.EMAIL_BOUNCED, "e2"), delivery("e2", 3));

    assertThat(calls()).containsExactly("undeliverable:e2:3");
    assertThat(routed.toCompletableFuture().isDone()).isFalse();
    bounce.complete(null);
    assertThat(routed.toCompletableFuture().isDone()).isTrue();
    assertThat(calls()).containsExactly("undeliverable:e2:3", "anyMessage:e2").inOrder();
  }

  @Test
  void aChannelWildcardAndAMultiChannelParameterReceiveTheirEvents() {
    router.route(email(CustomerIoEventType.EMAIL_OPENED, "e3"), delivery("e3", 1));
    router.route(sms(CustomerIoEventType.SMS_CLICKED, "e4", "+1"), delivery("e4", 1));

    assertThat(calls()).containsExactly("anyMessage:e3", "anyMessage:e4").inOrder();
  }

  @Test
  void aCustomerEventTriggeredFromAnEmailReachesTheCustomerHandler() {
    CustomerEvent unsubscribed = new CustomerEvent("e5", CustomerIoEventType.CUSTOMER_UNSUBSCRIBED,
        "email", HAPPENED, null, "42", "test@example.com", null, null, null, null);

    router.route(unsubscribed, delivery("e5", 1));

    assertThat(calls()).containsExactly("customer:e5:email");
  }

  @Test
  void aFailingMethodFailsTheRouteAndStopsTheMethodsAfterIt() {
    CompletionStage<Void> routed =
        router.route(email(CustomerIoEventType.EMAIL_SPAMMED, "e6"), delivery("e6", 1));

    CompletionException failure =
        assertThrows(CompletionException.class, () -> routed.toCompletableFuture().join());
    assertThat(failure).hasCauseThat().hasMessageThat().isEqualTo("spam handler down for e6");
    assertThat(calls()).containsExactly("anyMessage:e6");
  }

  @Test
  void eventsNoMethodHandlesAreReportedAsNotHandled() {
    PushEvent pushSent = new PushEvent("e7", CustomerIoEventType.PUSH_SENT, HAPPENED, null, null,
        null, null, null, null, null, null, null, null);
    UnknownEvent unknown = new UnknownEvent("e8", "fax", "sent", HAPPENED, null, null, "{}");

    assertThat(router.handles(pushSent)).isFalse();
    assertThat(router.handles(unknown)).isFalse();
    assertThat(router.handlersFor(pushSent)).isEmpty();
    assertThat(router.route(pushSent, delivery("e7", 1)).toCompletableFuture().isDone()).isTrue();
    assertThat(calls()).isEmpty();
  }

  @Test
  void theRouterDescribesWhatItHandles() {
    EnumSet<CustomerIoEventType> expected = EnumSet.noneOf(CustomerIoEventType.class);
    expected.addAll(CustomerIoEventType.ofChannel(Channel.EMAIL));
    expected.addAll(CustomerIoEventType.ofChannel(Channel.SMS));
    expected.addAll(CustomerIoEventType.ofChannel(Channel.CUSTOMER));

    assertThat(router.eventTypes()).containsExactlyElementsIn(expected);
    assertThat(router.handlesUnknownEvents()).isFalse();
    assertThat(router.handlerClass()).isSameInstanceAs(recording.getClass());
  }

  @Test
  void aCatchAllReceivesEveryEventIncludingUnknownOnes() throws Exception {
    Object catchAll = newHandler("com.example.e2e.CatchAllHandlers");
    CustomerIoRouter catchAllRouter = routerFor(catchAll);

    catchAllRouter.route(sms(CustomerIoEventType.SMS_SENT, "e9", "+1"), delivery("e9", 1));
    catchAllRouter.route(new UnknownEvent("e10", "fax", "sent", HAPPENED, null, null, "{}"),
        delivery("e10", 1));

    @SuppressWarnings("unchecked") // The handler's public field, read reflectively by the test.
    List<String> names = (List<String>) catchAll.getClass().getField("names").get(catchAll);
    assertThat(names).containsExactly("sms_sent", "fax_sent").inOrder();
    assertThat(catchAllRouter.handlesUnknownEvents()).isTrue();
    assertThat(catchAllRouter.eventTypes()).containsExactlyElementsIn(
        EnumSet.allOf(CustomerIoEventType.class));
  }

  @Test
  void theRouterRefusesANullHandler() throws Exception {
    Class<?> handlerClass = loader.loadClass("com.example.e2e.RecordingHandlers");
    Class<?> routerClass = loader.loadClass("com.example.e2e.RecordingHandlers_CustomerIoRouter");

    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> routerClass.getConstructor(handlerClass).newInstance((Object) null));
    assertThat(thrown).hasCauseThat().isInstanceOf(NullPointerException.class);
    assertThat(thrown).hasCauseThat().hasMessageThat().isEqualTo("handler == null");
  }

  private Object newHandler(String className) throws Exception {
    return loader.loadClass(className).getConstructor().newInstance();
  }

  /** Finds the router by the naming convention, as the runtime does once at start-up. */
  private CustomerIoRouter routerFor(Object handler) throws Exception {
    Class<?> routerClass = loader.loadClass(handler.getClass().getName() + "_CustomerIoRouter");
    return (CustomerIoRouter) routerClass.getConstructor(handler.getClass()).newInstance(handler);
  }

  @SuppressWarnings("unchecked") // The handler's public field, read reflectively by the test.
  private List<String> calls() {
    try {
      return (List<String>) recording.getClass().getField("calls").get(recording);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> names(List<CustomerIoHandler> handlers) {
    return handlers.stream().map(CustomerIoHandler::name).collect(Collectors.toList());
  }

  private static Delivery delivery(String eventId, int attempt) {
    return Delivery.builder().eventId(eventId).attempt(attempt).receivedAt(NOW).build();
  }

  private static SmsEvent sms(CustomerIoEventType type, String eventId, String recipient) {
    return new SmsEvent(eventId, type, HAPPENED, null, null, "delivery-" + eventId, null,
        recipient, null, null, null, null, null, null, null);
  }

  private static EmailEvent email(CustomerIoEventType type, String eventId) {
    return new EmailEvent(eventId, type, HAPPENED, null, null, "delivery-" + eventId, null,
        "test@example.com", "Welcome", null, null, null, null, null, null, null, null, null,
        null);
  }

}
