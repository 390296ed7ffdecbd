package dev.hooky.runtime.dispatch;

/** A handler class whose look-alike router class is not a {@code CustomerIoRouter}. */
public class NotARouterHandler {}
