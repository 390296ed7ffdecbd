package dev.hooky.spring;

import dev.hooky.runtime.HookyEmbedded;
import org.springframework.context.SmartLifecycle;

/**
 * Starts Hooky's workers and admin port before the web server takes requests, and after the web
 * server stopped taking them (gracefully, if so configured) lets the workers handle every event
 * already accepted, within Hooky's shutdown timeout.
 */
public class HookyLifecycle implements SmartLifecycle {
  /**
   * Below the web server's phases (its graceful shutdown and its start/stop): Hooky starts first
   * and stops last.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final HookyEmbedded hooky;
  private volatile boolean running;

  public HookyLifecycle(HookyEmbedded hooky) {
    this.hooky = hooky;
  }

  @Override
  public void start() {
    hooky.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    hooky.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
