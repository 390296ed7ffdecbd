package dev.hooky.runtime.dispatch;

/** A handler class whose (hand-written) router refuses to be constructed. */
public class FailingRouterHandler {}
