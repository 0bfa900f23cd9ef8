package dev.openstackcloud.kube;

/** How one managed object is doing, read from its status. */
public record Health(State state, String reason, String message) {
  public enum State {
    READY,
    PROGRESSING,
    FAILED
  }

  public static final Health READY = new Health(State.READY, "Ready", "");

  public static Health progressing(String reason, String message) {
    return new Health(State.PROGRESSING, reason, message);
  }

  public static Health failed(String reason, String message) {
    return new Health(State.FAILED, reason, message);
  }

  public boolean isReady() {
    return state == State.READY;
  }

  public boolean isFailed() {
    return state == State.FAILED;
  }
}
